import { cp, mkdir, readdir, rename, stat, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Exercise } from './catalogue';

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

function sourceOf(exercise: Exercise, rel: string): string {
  return rel === 'README.md' ? join(exercise.dir, 'README.md') : join(exercise.dir, 'starter', rel);
}

export type StartOutcome = { kind: 'created'; dir: string; files: string[] } | { kind: 'exists'; dir: string };

/** Copies the starter into `target`. Never overwrites: an existing folder is reported, not touched. */
export async function startExercise(exercise: Exercise, target: string): Promise<StartOutcome> {
  if (existsSync(target)) return { kind: 'exists', dir: target };
  const files = await starterFiles(exercise);
  await mkdir(dirname(target), { recursive: true });
  // Build in a sibling temp folder and rename, so a failure never leaves half an exercise behind.
  const temp = `${target}.partial-${process.pid}-${Date.now()}`;
  for (const rel of files) {
    await mkdir(dirname(join(temp, rel)), { recursive: true });
    await copyFile(sourceOf(exercise, rel), join(temp, rel));
  }
  if (existsSync(target)) return { kind: 'exists', dir: target };
  await rename(temp, target);
  return { kind: 'created', dir: target, files };
}

/**
 * Restores the starter files. Every file the learner has in the folder is first copied to
 * `<backupRoot>/<id>-<timestamp>/`, so nothing they wrote is lost. Returns the backup folder.
 */
export async function resetExercise(exercise: Exercise, dir: string, backupRoot: string, now = new Date()): Promise<{ backup: string; restored: string[] }> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = join(backupRoot, `${exercise.id}-${stamp}`);
  await mkdir(backup, { recursive: true });
  for (const rel of await listFiles(dir)) {
    if (rel.split('/').includes('node_modules')) continue;
    await mkdir(dirname(join(backup, rel)), { recursive: true });
    await copyFile(join(dir, rel), join(backup, rel));
  }
  const restored = await starterFiles(exercise);
  for (const rel of restored) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await copyFile(sourceOf(exercise, rel), join(dir, rel));
  }
  return { backup, restored };
}

/** Copies the reference solution over a started exercise (used by tests and the CLI's `--solution`). */
export async function applySolution(exercise: Exercise, dir: string): Promise<string[]> {
  await cp(join(exercise.dir, 'solution'), dir, { recursive: true, force: true });
  return solutionFiles(exercise);
}

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
