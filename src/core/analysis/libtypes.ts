/**
 * Declared types of the workspace's dependencies, without a type checker: the `.d.ts` files a package
 * ships (package.json `types`/`typings`, the `types` condition of `exports`, or `@types/<name>`) are
 * parsed with ts.createSourceFile only, when a value of that package is first looked into, and their
 * facts (exports, classes/interfaces and the declared results of their methods) go into an index of
 * their own. Work is bounded per package (files, bytes, parse time) and a failure only means "unknown",
 * as it was before: without node_modules everything works as without this file.
 */
import * as T from './tsfast';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { isBuiltin } from 'node:module';
import { collectFacts, WorkspaceIndex } from './workspaceIndex';

/** Per package: at most this many declaration files, bytes and milliseconds of parsing. */
export const LIBRARY_LIMITS = { files: 80, bytes: 6 << 20, parseMs: 250 };
/** For all packages together. */
const TOTAL_BYTES = 48 << 20;
const TOTAL_PARSE_MS = 1500;

const DTS = ['.d.ts', '.d.mts', '.d.cts'];
const NODE_MODULES = `${sep}node_modules${sep}`;

interface PackageDecls {
  /** name@version: the same package installed twice is read once. */
  id: string;
  version: string;
  dir: string;
  /** Entry declaration file per subpath ('.' for the package itself). */
  entries: Map<string, string | null>;
  manifest: { types?: unknown; typings?: unknown; exports?: unknown };
  files: number;
  bytes: number;
  parseMs: number;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

const isDts = (p: string) => DTS.some((e) => p.endsWith(e));

/** The `types` target of a package.json `exports` value: the `types` condition first, then nested conditions. */
export function typesCondition(target: unknown, depth = 0): string | undefined {
  if (typeof target === 'string') return isDts(target) ? target : undefined;
  if (!target || typeof target !== 'object' || depth > 5) return undefined;
  if (Array.isArray(target)) {
    for (const t of target) {
      const hit = typesCondition(t, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  const o = target as Record<string, unknown>;
  if (typeof o.types === 'string') return o.types;
  for (const k of ['node', 'import', 'require', 'default']) {
    const hit = typesCondition(o[k], depth + 1);
    if (hit) return hit;
  }
  for (const v of Object.values(o)) {
    const hit = typesCondition(v, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/** `@scope/name/sub/path` → ['@scope/name', './sub/path']; `name` → ['name', '.']. */
export function splitSpecifier(spec: string): [string, string] | undefined {
  if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec.startsWith('#')) return undefined;
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  if (parts.length < n || parts.slice(0, n).some((p) => !p)) return undefined;
  const sub = parts.slice(n).join('/');
  return [parts.slice(0, n).join('/'), sub ? `./${sub}` : '.'];
}

/** The declarations of the dependencies one workspace uses, parsed lazily and kept in their own index. */
export class LibraryTypes {
  /** Facts of parsed declaration files, by absolute path: relative imports between them resolve like project files. */
  readonly index = new WorkspaceIndex([], true);
  /** `dir\0name` → the package found from that folder (null: none). */
  private readonly found = new Map<string, PackageDecls | null>();
  private readonly byId = new Map<string, PackageDecls>();
  /** Package folder → its record, for the files of that folder. */
  private readonly byDir = new Map<string, PackageDecls>();
  /** Folder → the dependencies its package.json declares (null: no package.json). */
  private readonly manifests = new Map<string, Record<string, unknown> | null>();
  private totalBytes = 0;
  private totalParseMs = 0;

  constructor() {
    this.index.loader = (key) => this.load(key);
  }

  /** True for a declaration file of a dependency (its facts live in `index`). */
  owns(file: string): boolean {
    return file.includes(NODE_MODULES) && isDts(file);
  }

  /** The entry declaration file of `specifier` as imported from `fromFile`, if the package ships or has types. */
  entry(fromFile: string, specifier: string): string | undefined {
    const split = isBuiltin(specifier) ? undefined : splitSpecifier(specifier);
    if (!split) return undefined;
    const [name, sub] = split;
    let pkg = this.find(dirname(fromFile), name);
    let file = pkg && this.entryOf(pkg, sub);
    if (!file && !name.startsWith('@types/')) {
      // DefinitelyTyped: @types/express, @types/scope__name
      const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
      pkg = this.find(dirname(fromFile), typesName);
      file = pkg && this.entryOf(pkg, sub);
    }
    return file ?? undefined;
  }

  /**
   * The version of a package as `fromFile` sees it: the one installed where it would be imported from,
   * else the range the nearest package.json that lists it declares (`^4.19.2`, `4.x`).
   */
  version(fromFile: string, name: string): string | undefined {
    return this.find(dirname(fromFile), name)?.version ?? this.declared(dirname(fromFile), name);
  }

  private declared(dir: string, name: string): string | undefined {
    for (let d = dir, i = 0; i < 64; i++) {
      let deps = this.manifests.get(d);
      if (deps === undefined) {
        const m = readJson(join(d, 'package.json'));
        deps = m ? Object.assign({}, ...['peerDependencies', 'optionalDependencies', 'devDependencies', 'dependencies'].map((k) => (m[k] && typeof m[k] === 'object' ? m[k] : {}))) as Record<string, unknown> : null;
        this.manifests.set(d, deps);
      }
      const range = deps?.[name];
      if (typeof range === 'string') return range;
      const parent = dirname(d);
      if (parent === d) break;
      d = parent;
    }
    return undefined;
  }

  /** node_modules/<name> in this folder or the nearest ancestor that has it (as Node resolves), cached per folder. */
  private find(dir: string, name: string): PackageDecls | undefined {
    const key = `${dir}\0${name}`;
    const cached = this.found.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let result: PackageDecls | undefined;
    // A folder named node_modules is never searched for node_modules/<name> (Node skips it too).
    const candidate = basename(dir) === 'node_modules' ? undefined : join(dir, 'node_modules', name);
    const manifest = candidate ? readJson(join(candidate, 'package.json')) : undefined;
    if (candidate && manifest) {
      const version = typeof manifest.version === 'string' ? manifest.version : '0';
      const id = `${typeof manifest.name === 'string' ? manifest.name : name}@${version}`;
      result = this.byId.get(id);
      if (!result) {
        result = { id, version, dir: candidate, entries: new Map(), manifest, files: 0, bytes: 0, parseMs: 0 };
        this.byId.set(id, result);
        this.byDir.set(candidate, result);
      }
    } else {
      const parent = dirname(dir);
      if (parent !== dir) result = this.find(parent, name);
    }
    this.found.set(key, result ?? null);
    return result;
  }

  private entryOf(pkg: PackageDecls, sub: string): string | undefined {
    const cached = pkg.entries.get(sub);
    if (cached !== undefined) return cached ?? undefined;
    const m = pkg.manifest;
    const candidates: string[] = [];
    if (m.exports && typeof m.exports === 'object' && !Array.isArray(m.exports) && Object.keys(m.exports).some((k) => k.startsWith('.'))) {
      const t = typesCondition((m.exports as Record<string, unknown>)[sub]);
      if (t) candidates.push(t);
    } else if (sub === '.' && m.exports) {
      const t = typesCondition(m.exports);
      if (t) candidates.push(t);
    }
    if (sub === '.') {
      for (const f of [m.types, m.typings]) if (typeof f === 'string') candidates.push(f.endsWith('.ts') ? f : `${f.replace(/\.js$/, '')}.d.ts`);
      candidates.push('index.d.ts');
    } else candidates.push(`${sub}.d.ts`, `${sub}/index.d.ts`);
    let hit: string | undefined;
    for (const c of candidates) {
      const p = join(pkg.dir, c);
      if (p.startsWith(pkg.dir) && isFile(p)) {
        hit = p;
        break;
      }
    }
    pkg.entries.set(sub, hit ?? null);
    return hit;
  }

  /** The package record a declaration file belongs to (its nearest package folder we know). */
  private packageOf(file: string): PackageDecls | undefined {
    for (let dir = dirname(file); dir.includes(NODE_MODULES) || dir.endsWith(`${sep}node_modules`); dir = dirname(dir)) {
      const pkg = this.byDir.get(dir);
      if (pkg) return pkg;
      if (dirname(dir) === dir) break;
    }
    return undefined;
  }

  /** Index loader: a miss for `key` (a path without extension) parses `key.d.ts`, within the package's limits. */
  private load(key: string): void {
    if (!key.includes(NODE_MODULES)) return;
    const pkg = this.packageOf(key);
    if (!pkg || pkg.files >= LIBRARY_LIMITS.files || pkg.bytes >= LIBRARY_LIMITS.bytes || pkg.parseMs >= LIBRARY_LIMITS.parseMs || this.totalParseMs >= TOTAL_PARSE_MS) return;
    for (const ext of DTS) {
      const file = key + ext;
      let text: string;
      try {
        const st = statSync(file);
        if (!st.isFile()) continue;
        if (pkg.bytes + st.size > LIBRARY_LIMITS.bytes || this.totalBytes + st.size > TOTAL_BYTES) return;
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      pkg.files++;
      pkg.bytes += text.length;
      this.totalBytes += text.length;
      const started = performance.now();
      try {
        const sf = T.createSourceFile(file, text, { languageVersion: T.ScriptTarget.Latest, jsDocParsingMode: T.JSDocParsingMode.ParseNone }, false, T.ScriptKind.TS);
        this.index.set(file, collectFacts(sf));
      } catch {
        // a declaration file we cannot read is simply unknown
      } finally {
        const ms = performance.now() - started;
        pkg.parseMs += ms;
        this.totalParseMs += ms;
      }
      return;
    }
  }
}
