import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * File-system guards for the commands that write into the learner's workspace (Start, Reset, Solution).
 * A cloned repository may contain symbolic links (or Windows junctions) that point anywhere: writing
 * "into the exercise folder" through such a link would overwrite files outside the workspace. These
 * helpers never follow a link at or above the place they write to, and refuse with a message that names it.
 */
export class UnsafePathError extends Error {
  constructor(message: string, readonly path: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!!rel && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function linkMessage(link: string, what: string): Promise<UnsafePathError> {
  let to = '';
  try {
    to = ` (it points to ${await readlink(link)})`;
  } catch {
    // a junction or a link we cannot read: name it without its target
  }
  return new UnsafePathError(`${link} is a symbolic link${to}. ${what} never writes through links, so nothing outside your workspace can be overwritten. Remove or replace the link, then try again.`, link);
}

/**
 * Refuses when `target` is not inside `root`, or when any existing path component from `root` down to
 * `target` (inclusive; `root` itself is the user's choice and not judged) is a symbolic link. As a second
 * line of defence, the real path of the deepest existing component must equal the real root joined with
 * the same relative path (this also catches links the platform does not report through lstat).
 */
export async function assertNoLinks(root: string, target: string, what = 'Roadmap Coach'): Promise<void> {
  if (!isInside(root, target)) throw new UnsafePathError(`${target} is outside ${root}; ${what} only writes inside it.`, target);
  // Nothing exists below a root that does not exist (yet): nothing can be a link.
  if (!(await lstatOrUndefined(root))) return;
  const parts = relative(root, target).split(sep).filter(Boolean);
  let current = root;
  let deepest = root;
  for (const part of parts) {
    current = join(current, part);
    const st = await lstatOrUndefined(current);
    if (!st) break;
    if (st.isSymbolicLink()) throw await linkMessage(current, what);
    deepest = current;
  }
  const realRoot = await realpath(root);
  const expected = join(realRoot, relative(root, deepest));
  const actual = await realpath(deepest);
  if (actual !== expected) throw new UnsafePathError(`${deepest} resolves to ${actual}, outside the folder it appears in (a link or junction). ${what} does not write there.`, deepest);
}

/** Every symbolic link under `dir` (not followed), as paths relative to `dir`; `skip` names folders not searched. */
export async function findLinks(dir: string, skip: (rel: string) => boolean = () => false, sub = ''): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(dir, sub), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isSymbolicLink()) out.push(rel);
    else if (e.isDirectory() && !skip(rel)) out.push(...(await findLinks(dir, skip, rel)));
  }
  return out.sort();
}

/**
 * Copies the tree under `from` into `to` without following links: files are copied, links are recreated
 * as links (same target text), folders recursively. `skip` names relative paths left out (node_modules).
 */
export async function copyTreeNoFollow(from: string, to: string, skip: (rel: string) => boolean = () => false, sub = ''): Promise<string[]> {
  const copied: string[] = [];
  const entries = await readdir(join(from, sub), { withFileTypes: true });
  await mkdir(join(to, sub), { recursive: true });
  for (const e of entries) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (skip(rel)) continue;
    const src = join(from, rel);
    const dest = join(to, rel);
    if (e.isSymbolicLink()) {
      await symlink(await readlink(src), dest);
      copied.push(rel);
    } else if (e.isDirectory()) {
      copied.push(...(await copyTreeNoFollow(from, to, skip, rel)));
    } else if (e.isFile()) {
      await copyFile(src, dest, constants.COPYFILE_EXCL);
      copied.push(rel);
    }
  }
  return copied;
}

/**
 * Copies `src` to `dest` without following a link at `dest`: whatever is there is removed first (a link is
 * removed as a link, never its target), then the file is created exclusively, which fails rather than
 * follows should a link appear in between. The caller has already checked the folders above with assertNoLinks.
 */
export async function copyFileNoFollow(src: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  await rm(dest, { force: true });
  await copyFile(src, dest, constants.COPYFILE_EXCL);
}

/**
 * Resolves a content file and refuses one whose real path leaves the real `root` (a symlinked README or
 * lesson pointing outside `content/`). Returns the real path to read.
 */
export async function realPathInside(root: string, file: string): Promise<string> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  if (!isInside(realRoot, realFile)) throw new UnsafePathError(`${file} resolves to ${realFile}, outside ${root}; it is not read.`, file);
  return realFile;
}
