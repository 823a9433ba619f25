/**
 * Monorepos: the packages of the workspace (npm/yarn `workspaces` in the root package.json,
 * pnpm-workspace.yaml, tsconfig `references`) become aliases to their SOURCE, so `@acme/shared`
 * imported from another package resolves like a local import. The monorepo root is found from the
 * folder the analysis starts in (it may be a package folder), so a file gets the same verdict
 * whichever folder the lint starts from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Alias } from './facts';

/** How far up from the analysed folder the monorepo root is looked for. */
const MAX_UP = 6;
const MAX_PACKAGES = 500;

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The `packages:` list of a pnpm-workspace.yaml (a flat list of quoted or bare globs; no YAML library needed). */
export function pnpmPackages(yaml: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const raw of yaml.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inList = true;
      const inline = /\[(.*)\]/.exec(line);
      if (inline) return inline[1]!.split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);
      continue;
    }
    if (!inList) continue;
    const item = /^\s*-\s*['"]?([^'"]+?)['"]?\s*$/.exec(line);
    if (item) out.push(item[1]!);
    else if (/^\S/.test(line)) inList = false;
  }
  return out;
}

/** The workspace globs (and referenced folders) declared in `dir`, or undefined when `dir` is not a monorepo root. */
function declaredPackages(dir: string): string[] | undefined {
  const pkg = readJson(join(dir, 'package.json'));
  const ws = pkg?.workspaces;
  const globs = [...strings(ws), ...strings((ws as { packages?: unknown } | undefined)?.packages)];
  try {
    globs.push(...pnpmPackages(readFileSync(join(dir, 'pnpm-workspace.yaml'), 'utf8')));
  } catch {
    // not pnpm
  }
  const tsconfig = readJson(join(dir, 'tsconfig.json'));
  for (const r of Array.isArray(tsconfig?.references) ? (tsconfig.references as unknown[]) : []) {
    const p = (r as { path?: unknown } | null)?.path;
    if (typeof p === 'string') globs.push(p.endsWith('.json') ? dirname(p) : p);
  }
  return globs.length ? globs : undefined;
}

/** `packages/*`, `apps/**`, `libs/shared` → folders (one `*` level; `**` also looks one level deeper). */
function expand(root: string, glob: string): string[] {
  if (glob.startsWith('!')) return [];
  const parts = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  let dirs = [root];
  for (const part of parts) {
    const next: string[] = [];
    for (const d of dirs) {
      if (part === '*' || part === '**') {
        let names: string[] = [];
        try {
          names = readdirSync(d).filter((n) => n !== 'node_modules' && !n.startsWith('.'));
        } catch {
          // unreadable
        }
        for (const n of names) {
          const p = join(d, n);
          if (!isDir(p)) continue;
          next.push(p);
          if (part === '**') for (const m of safeList(p)) next.push(m);
        }
      } else if (!part.includes('*')) next.push(join(d, part));
    }
    dirs = next.slice(0, MAX_PACKAGES);
  }
  return dirs;
}

function safeList(d: string): string[] {
  try {
    return readdirSync(d).filter((n) => n !== 'node_modules' && !n.startsWith('.')).map((n) => join(d, n)).filter(isDir);
  } catch {
    return [];
  }
}

export interface WorkspacePackages {
  /** The monorepo root (the analysed folder itself, or an ancestor). */
  root: string;
  /** Package folders by package name. */
  packages: Map<string, string>;
}

/** The monorepo the folder `start` belongs to (itself or up to MAX_UP ancestors), if any. */
export function findWorkspacePackages(start: string): WorkspacePackages | undefined {
  let dir = resolve(start);
  for (let i = 0; i <= MAX_UP; i++) {
    const globs = declaredPackages(dir);
    if (globs) {
      const packages = new Map<string, string>();
      for (const g of globs) {
        for (const p of expand(dir, g)) {
          const name = readJson(join(p, 'package.json'))?.name;
          if (typeof name === 'string' && !packages.has(name)) packages.set(name, p);
        }
      }
      // An ancestor that lists packages none of which contains `start` is some other project.
      const contains = [...packages.values()].some((p) => start === p || start.startsWith(p + sep)) || dir === resolve(start);
      if (packages.size && contains) return { root: dir, packages };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Aliases from each workspace package's name to its source: `source` field, src/index, index, then `name/*` → src/* and the folder. */
export function workspaceAliases(ws: WorkspacePackages): Alias[] {
  const out: Alias[] = [];
  for (const [name, dir] of ws.packages) {
    const pkg = readJson(join(dir, 'package.json')) ?? {};
    const entries: string[] = [];
    if (typeof pkg.source === 'string') entries.push(resolve(dir, pkg.source));
    entries.push(join(dir, 'src', 'index'), join(dir, 'index'));
    for (const f of [pkg.types, pkg.main, pkg.module]) {
      // dist/index.js → src/index (the build output is not in the workspace; its source is)
      if (typeof f === 'string') entries.push(resolve(dir, f.replace(/^(\.\/)?(dist|build|lib|out)\//, 'src/')));
    }
    out.push({ pattern: name, targets: [...new Set(entries)] });
    out.push({ pattern: `${name}/*`, targets: [join(dir, 'src', '*'), join(dir, '*')] });
  }
  return out;
}
