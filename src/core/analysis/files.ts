import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore from 'ignore';
import { matchesAny } from './classify';
import { SOURCE_EXTENSIONS } from './types';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.vscode-test', '.turbo', '.cache']);

export interface FileListing {
  files: string[];
  problems: string[];
}

/** Source files under `root`, honouring `.gitignore`, include/exclude globs; survives symlink loops and unreadable folders. */
export function listSourceFiles(root: string, include: readonly string[] = [], exclude: readonly string[] = []): FileListing {
  const files: string[] = [];
  const problems: string[] = [];
  const ig = ignore();
  try {
    ig.add(readFileSync(join(root, '.gitignore'), 'utf8'));
  } catch {
    // no .gitignore
  }
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      problems.push(`${dir}: cannot resolve`);
      return;
    }
    if (seen.has(real)) return; // symlink loop
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      problems.push(`${relative(root, dir) || '.'}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      return;
    }
    for (const name of names.sort()) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      const p = join(dir, name);
      const rel = relative(root, p).split(sep).join('/');
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // dangling link
      }
      if (st.isDirectory()) {
        if (ig.ignores(`${rel}/`) || (exclude.length && matchesAny(`${rel}/`, exclude))) continue;
        walk(p);
      } else if (st.isFile() && SOURCE_EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) {
        if (ig.ignores(rel) || (exclude.length && matchesAny(rel, exclude))) continue;
        if (include.length && !matchesAny(rel, include)) continue;
        files.push(p);
      }
    }
  };
  walk(root);
  return { files, problems };
}
