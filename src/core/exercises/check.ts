import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Exercise } from './catalogue';
import { findTestFiles, runCheck, type BugResult, type CheckReport, type CheckResult, type RunOptions } from './runner';

/** What a check needs to know about the exercise: its kind and where its content (starter/, hidden/) lives. */
export type CheckedExercise = Pick<Exercise, 'dir' | 'kind' | 'hiddenBugs'>;

/**
 * Checks a started exercise. Most exercises run their tests in the learner's folder; a `write-tests`
 * exercise checks the learner's tests instead (see checkWrittenTests).
 */
export function checkExercise(exercise: CheckedExercise, dir: string, options: RunOptions): Promise<CheckReport> {
  if (exercise.kind === 'write-tests' && exercise.hiddenBugs?.length) return checkWrittenTests(exercise, dir, options);
  return runCheck(dir, options);
}

/** Relative paths of every file under `root`, with forward slashes. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => relative(root, join(f.parentPath, f.name)).split(sep).join('/'))
    .sort();
}

/** Fisher–Yates with a cryptographic source: the order of the runs must not be guessable. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Points a result's file at the learner's folder instead of the temporary copy it ran in. */
function relocate(result: CheckResult, from: string, to: string): CheckResult {
  const fromUrl = pathToFileURL(from).href;
  const move = (s: string) => (s.startsWith(fromUrl) ? pathToFileURL(to).href + s.slice(fromUrl.length) : s.startsWith(from) ? to + s.slice(from.length) : s);
  return { ...result, ...(result.file ? { file: move(result.file) } : {}), ...(result.location ? { location: result.location.split(fromUrl).join(pathToFileURL(to).href).split(from).join(to) } : {}) };
}

/**
 * A `write-tests` check. The learner's tests run once per implementation — the shipped correct one and
 * each hidden buggy one — in a copy of their folder made outside the workspace. Every run uses the same
 * folder path, the same environment and the same file names; only the content of the implementation
 * files differs, and the runs happen in a random order, so a test cannot tell which run it is in (no
 * variable names the implementation, and no buggy file exists anywhere in the learner's folder). Their
 * tests must pass against the correct implementation; a hidden bug is caught when they fail against it.
 * Each run has the check's time limit. The report's results are the learner's tests (from the correct run);
 * `bugs` says which bugs were caught.
 */
export async function checkWrittenTests(exercise: CheckedExercise, dir: string, options: RunOptions): Promise<CheckReport> {
  const started = Date.now();
  if (findTestFiles(dir).length === 0) return runCheck(dir, options);
  const bugs = exercise.hiddenBugs ?? [];
  const missing = bugs.filter((b) => !existsSync(join(exercise.dir, 'hidden', b.name)));
  if (missing.length) {
    return { status: 'error', results: [], passed: 0, failed: 0, durationMs: 0, exitCode: null, output: `Internal error of the coach: hidden implementation(s) missing: ${missing.map((b) => b.name).join(', ')}` };
  }
  // The files a hidden bug replaces; the correct run gets the shipped starter's version of the same files.
  const replaced = [...new Set(bugs.flatMap((b) => filesUnder(join(exercise.dir, 'hidden', b.name))))];
  const base = mkdtempSync(join(tmpdir(), 'roadmap-check-'));
  const work = join(base, basename(dir));
  const reports = new Map<string, CheckReport>();
  try {
    for (const run of shuffled(['', ...bugs.map((b) => b.name)])) {
      if (options.signal?.aborted) break;
      rmSync(work, { recursive: true, force: true });
      cpSync(dir, work, { recursive: true, filter: (src) => basename(src) !== 'node_modules' });
      for (const file of replaced) {
        const source = run ? join(exercise.dir, 'hidden', run, file) : join(exercise.dir, 'starter', file);
        const target = join(work, file);
        if (existsSync(source)) cpSync(source, target, { force: true });
        else rmSync(target, { force: true });
      }
      const report = await runCheck(work, options); // each run has the whole time limit
      reports.set(run, report);
      if (report.status === 'timed-out' && !run) break; // the learner's tests hang on correct code: nothing to compare
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }

  const yours = reports.get('');
  const interrupted = [...reports.values()].find((r) => r.status === 'cancelled' || r.status === 'error');
  const leftovers = [...reports.values()].flatMap((r) => (r.leftovers ? [r.leftovers] : []));
  const bugResults: BugResult[] = bugs.map((b) => {
    const r = reports.get(b.name);
    return { name: b.name, description: b.description, caught: r !== undefined && r.status !== 'passed' };
  });
  const allRan = reports.size === bugs.length + 1;
  let status: CheckReport['status'];
  if (interrupted) status = interrupted.status;
  else if (options.signal?.aborted) status = 'cancelled';
  else if (!yours) status = 'timed-out';
  else if (yours.status !== 'passed') status = yours.status;
  else if (!allRan) status = 'timed-out';
  else status = bugResults.every((b) => b.caught) ? 'passed' : 'failed';
  return {
    status,
    results: (yours?.results ?? []).map((r) => relocate(r, work, dir)),
    passed: yours?.passed ?? 0,
    failed: yours?.failed ?? 0,
    durationMs: Date.now() - started,
    output: interrupted?.output ?? yours?.output ?? '',
    exitCode: yours?.exitCode ?? null,
    ...(yours?.truncatedBytes ? { truncatedBytes: yours.truncatedBytes } : {}),
    ...(leftovers.length ? { leftovers: { processes: leftovers.reduce((n, l) => n + l.processes, 0), ports: [...new Set(leftovers.flatMap((l) => l.ports))].sort((a, b) => a - b) } } : {}),
    bugs: allRan ? bugResults : bugResults.filter((b) => reports.has(b.name)),
  };
}
