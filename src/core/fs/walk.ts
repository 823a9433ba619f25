import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { matchesAny } from './glob';
import { SOURCE_EXTENSIONS } from '../analysis/types';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.vscode-test', '.turbo', '.cache', '.svelte-kit', '.output', '.yarn', '.pnpm-store']);
const DECLARATION = /\.d\.[cm]?ts$/;

export interface FileListing {
  files: string[];
  problems: string[];
}

/**
 * Source files under `root`, honouring `.gitignore` files (the root's and nested ones), include and
 * exclude globs. The one directory walker of the analysis (editor worker and CLI). Regular files only
 * (no FIFOs, sockets or devices); symbolic links are followed only while they stay inside the
 * workspace folder. Survives symlink loops (each real folder is walked once), unreadable folders and
 * dangling links: they become `problems`, never exceptions. Iterative, so deep trees cannot overflow.
 *
 * `base` (default: `root`) is the workspace folder that globs and `.gitignore` paths are relative to,
 * when only a subfolder of it is listed (`roadmap-coach lint src` with settings in the current folder).
 */
export function listSourceFiles(root: string, include: readonly string[] = [], exclude: readonly string[] = [], base: string = root): FileListing {
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const rel = (p: string) => relative(base, p).split(sep).join('/');
  // A link to a folder above root always leads back into it: treat those folders as seen.
  let boundary: string | undefined; // links must resolve inside the workspace folder (base)
  try {
    for (let d = dirname(realpathSync(root)); ; d = dirname(d)) {
      seen.add(d);
      if (dirname(d) === d) break;
    }
    boundary = realpathSync(base);
  } catch {
    // root itself is reported below
  }
  const inside = (real: string) => !boundary || real === boundary || real.startsWith(boundary.endsWith(sep) ? boundary : boundary + sep);
  /** .gitignore rules in effect, each with the folder it applies to (relative, '' for the root). */
  type Rules = { base: string; ig: Ignore }[];
  const ignored = (rules: Rules, path: string, dir: boolean) =>
    rules.some(({ base, ig }) => {
      const local = base ? path.slice(base.length + 1) : path;
      try {
        return local !== '' && ig.ignores(dir ? `${local}/` : local);
      } catch {
        return false; // a path `ignore` refuses (should not happen for relative paths)
      }
    });
  // .gitignore files of the folders between base and root (root's own is read by the walk).
  const inheritedRules: Rules = [];
  const between = relative(base, root);
  if (between && !between.startsWith('..')) {
    let dir = base;
    for (const part of ['', ...between.split(sep).slice(0, -1)]) {
      dir = part ? join(dir, part) : dir;
      try {
        inheritedRules.push({ base: rel(dir), ig: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) });
      } catch {
        // no .gitignore here
      }
    }
  }
  const work: { dir: string; rules: Rules }[] = [{ dir: root, rules: inheritedRules }];
  while (work.length) {
    const { dir, rules: inherited } = work.pop()!;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push(`${rel(dir) || '.'}: cannot resolve (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    if (seen.has(real)) continue; // symlink loop, or a folder linked twice
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push(`${rel(dir) || '.'}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      continue;
    }
    let rules = inherited;
    if (entries.some((e) => e.name === '.gitignore')) {
      try {
        rules = [...inherited, { base: rel(dir), ig: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) }];
      } catch (e) {
        problems.push(`${rel(join(dir, '.gitignore'))}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      }
    }
    const subdirs: string[] = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = entry.name;
      if (ALWAYS_SKIPPED.has(name)) continue;
      const p = join(dir, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
          if ((isDir || isFile) && !inside(realpathSync(p))) {
            problems.push(`${rel(p)}: link leads outside the workspace folder (not followed)`);
            continue;
          }
        } catch (e) {
          problems.push(`${rel(p)}: dangling link (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
          continue;
        }
      }
      const r = rel(p);
      if (isDir) {
        if (ignored(rules, r, true) || (exclude.length && matchesAny(`${r}/`, exclude))) continue;
        subdirs.push(p);
      } else if (isFile && SOURCE_EXTENSIONS.some((e) => name.endsWith(e)) && !DECLARATION.test(name)) {
        if (ignored(rules, r, false) || (exclude.length && matchesAny(r, exclude))) continue;
        if (include.length && !matchesAny(r, include)) continue;
        files.push(p);
      }
    }
    // Depth-first in name order: push in reverse so the first folder is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) work.push({ dir: subdirs[i]!, rules });
  }
  // Files of a folder come before its subfolders' files; sort for a stable, readable order.
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, problems };
}
