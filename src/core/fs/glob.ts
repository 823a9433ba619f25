import picomatch from 'picomatch';

type Matcher = (path: string) => boolean;
const cache = new Map<string, Matcher>();

/** The forms a settings glob matches in: itself, at any depth (like .gitignore), and the folders it names (`dist` matches `dist/a.js`). */
function expand(glob: string): string[] {
  const clean = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!clean) return [];
  return [clean, `**/${clean}`, `${clean}/**`, `**/${clean}/**`];
}

function compile(globs: readonly string[]): Matcher {
  const positive = globs.filter((g) => !g.startsWith('!')).flatMap(expand);
  const negative = globs.filter((g) => g.startsWith('!')).flatMap((g) => expand(g.slice(1)));
  if (!positive.length) return () => false;
  const opts = { dot: true };
  const yes = picomatch(positive, opts);
  const no = negative.length ? picomatch(negative, opts) : undefined;
  return (path) => yes(path) && !no?.(path);
}

/**
 * Does a `/`-separated relative path match a list of settings globs (`include`, `exclude`,
 * `servicePaths`, the editor's `files.exclude`)? Full glob syntax through picomatch (`**`, `*`, `?`,
 * `{a,b}`, `[ab]`, extglobs); a glob starting with `!` takes matching paths back out.
 */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  if (!globs.length) return false;
  const key = globs.join('\u0000');
  let m = cache.get(key);
  if (!m) {
    if (cache.size > 100) cache.clear();
    cache.set(key, (m = compile(globs)));
  }
  return m(path.replace(/\/+$/, ''));
}
