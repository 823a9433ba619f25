import { lstat, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Exercise } from './catalogue';
import { assertNoLinks, copyFileNoFollow, copyTreeNoFollow, findLinks, realPathInside, UnsafePathError } from './safety';

async function listFiles(root: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, sub), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(root, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** Files the learner gets: the README and everything under starter/ (paths relative to the exercise folder). */
export async function starterFiles(exercise: Exercise): Promise<string[]> {
  return ['README.md', ...(await listFiles(join(exercise.dir, 'starter')))];
}

export async function solutionFiles(exercise: Exercise): Promise<string[]> {
  return listFiles(join(exercise.dir, 'solution'));
}

/**
 * The content file a starter path is copied from. The README is the one file listed without a directory
 * walk (which skips links), so it is resolved and refused if it leads outside the exercise's content folder.
 */
async function sourceOf(exercise: Exercise, rel: string): Promise<string> {
  if (rel === 'README.md') return realPathInside(exercise.dir, join(exercise.dir, 'README.md'));
  return join(exercise.dir, 'starter', rel);
}

/** Where the exercise commands may write: everything at or below `workspace` is checked for links. */
export interface WorkspaceOptions {
  /**
   * The folder the learner opened (the CLI: the current folder). No link may sit between it and the
   * exercise folder, nor inside the exercise folder where a file is written. Default: the exercise
   * folder's parent, i.e. only the exercise folder itself and what is inside it are checked.
   */
  workspace?: string;
}

export type StartOutcome = { kind: 'created'; dir: string; files: string[] } | { kind: 'exists'; dir: string };

/**
 * Copies the starter into `target`. Never overwrites: an existing folder is reported, not touched; a link
 * at or above `target` is refused (UnsafePathError). The files are built in a hidden sibling folder and
 * renamed into place; on any failure that folder is removed, so no half exercise is left behind.
 */
export async function startExercise(exercise: Exercise, target: string, options: WorkspaceOptions = {}): Promise<StartOutcome> {
  const workspace = options.workspace ?? dirname(target);
  await assertNoLinks(workspace, target, 'Start Exercise');
  if (await lstat(target).then(() => true, () => false)) return { kind: 'exists', dir: target };
  const files = await starterFiles(exercise);
  await mkdir(dirname(target), { recursive: true });
  await assertNoLinks(workspace, dirname(target), 'Start Exercise');
  const temp = await mkdtemp(join(dirname(target), `.${basename(target)}.partial-`));
  try {
    for (const rel of files) await copyFileNoFollow(await sourceOf(exercise, rel), join(temp, rel));
    // Checked again just before the rename: a link (even a dangling one) that appeared meanwhile is refused.
    await assertNoLinks(workspace, target, 'Start Exercise');
    if (await lstat(target).then(() => true, () => false)) return { kind: 'exists', dir: target };
    await rename(temp, target);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { kind: 'created', dir: target, files };
}

const inNodeModules = (rel: string) => rel.split('/').includes('node_modules');

/** Refuses when a starter (or solution) path inside `dir` would be written through a link. */
async function assertWritable(workspace: string, dir: string, rels: string[], what: string): Promise<void> {
  await assertNoLinks(workspace, dir, what);
  for (const rel of rels) await assertNoLinks(dir, join(dir, rel), what);
}

export interface ResetOptions extends WorkspaceOptions {
  now?: Date;
}

/**
 * Restores the starter files. Everything the learner has in the folder (except node_modules) is first
 * copied to `<backupRoot>/<id>-<timestamp>/`, links as links, so nothing they wrote is lost. Refuses
 * (UnsafePathError, nothing written) when the folder, a folder above it up to the workspace, the backup
 * folder, or any path a starter file is written to is a link. Returns the backup folder.
 */
export async function resetExercise(exercise: Exercise, dir: string, backupRoot: string, options: ResetOptions = {}): Promise<{ backup: string; restored: string[] }> {
  const workspace = options.workspace ?? dirname(dir);
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const backup = join(backupRoot, `${exercise.id}-${stamp}`);
  const restored = await starterFiles(exercise);
  const sources = await Promise.all(restored.map((rel) => sourceOf(exercise, rel)));
  await assertWritable(workspace, dir, restored, 'Reset Exercise');
  await assertNoLinks(workspace, backup, 'Reset Exercise');
  await mkdir(backup, { recursive: true });
  await assertNoLinks(workspace, backup, 'Reset Exercise');
  await copyTreeNoFollow(dir, backup, inNodeModules);
  for (const [i, rel] of restored.entries()) await copyFileNoFollow(sources[i]!, join(dir, rel));
  return { backup, restored };
}

/**
 * Copies the reference solution over a started exercise (used by tests and the CLI's `--solution`).
 * Refuses, writing nothing, when a path it would write goes through a link.
 */
export async function applySolution(exercise: Exercise, dir: string, options: WorkspaceOptions = {}): Promise<string[]> {
  const files = await solutionFiles(exercise);
  await assertWritable(options.workspace ?? dirname(dir), dir, files, 'Apply Solution');
  for (const rel of files) await copyFileNoFollow(join(exercise.dir, 'solution', rel), join(dir, rel));
  return files;
}

/** Links inside a started exercise (node_modules not searched), relative to its folder: shown before Reset. */
export async function linksIn(dir: string): Promise<string[]> {
  return findLinks(dir, inNodeModules);
}

export { UnsafePathError };

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Which catalogue exercise a folder holds: a `.roadmap-exercise` marker is not needed, the folder name is the id. */
export function exerciseIdFromDir(dir: string, exercisesFolder: string): string | undefined {
  const rel = relative(exercisesFolder, dir);
  if (!rel || rel.startsWith('..')) return undefined;
  return rel.split(/[\\/]/)[0];
}
