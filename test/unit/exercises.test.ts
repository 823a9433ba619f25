import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue, type Exercise } from '../../src/core/exercises/catalogue';
import { findTestFiles, formatReport, parseReporterOutput, runCheck, checkNode } from '../../src/core/exercises/runner';
import { applySolution, resetExercise, startExercise, starterFiles } from '../../src/core/exercises/scaffold';

const ROOT = join(__dirname, '..', '..', '..');
const REPORTER = join(ROOT, 'dist', 'test-reporter.mjs');
const tmp = () => mkdtempSync(join(tmpdir(), 'coach-ex-'));

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

describe('exercise runner', function () {
  this.timeout(60_000);
  before(() => assert.ok(existsSync(REPORTER), 'dist/test-reporter.mjs exists (npm run build)'));

  it('reports each check with suite path, expected and actual', async () => {
    const dir = tmp();
    write(dir, {
      'package.json': '{"type":"module"}',
      'test/a.test.js': `import { describe, it } from 'node:test'; import assert from 'node:assert/strict';
describe('cache', () => {
  it('keeps values', () => assert.equal(1, 1));
  it('evicts the oldest', () => assert.deepEqual({ size: 3 }, { size: 2 }, 'size after eviction'));
});
it('top level passes', () => {});`,
    });
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 30_000 });
    assert.equal(report.status, 'failed');
    assert.equal(report.passed, 2);
    assert.equal(report.failed, 1);
    const fail = report.results.find((r) => !r.ok)!;
    assert.deepEqual(fail.suite, ['cache']);
    assert.equal(fail.name, 'evicts the oldest');
    assert.match(fail.message!, /size after eviction/);
    assert.equal(fail.expected, '{"size":2}');
    assert.equal(fail.actual, '{"size":3}');
    const text = formatReport(report, 'look at the eviction order');
    assert.match(text, /✘ cache › evicts the oldest/);
    assert.match(text, /expected: \{"size":2\}/);
    assert.match(text, /Hint: look at the eviction order/);
  });

  it('stops a hanging check at its time limit and kills what it started', async () => {
    const dir = tmp();
    const pidFile = join(dir, 'child.pid');
    write(dir, {
      'package.json': '{"type":"module"}',
      'test/hang.test.js': `import { it } from 'node:test'; import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
it('never finishes', async () => {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
  await new Promise(() => {});
});`,
    });
    const started = Date.now();
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 3_000 });
    assert.equal(report.status, 'timed-out');
    assert.ok(Date.now() - started < 15_000, 'the runner returns soon after the limit');
    assert.match(formatReport(report), /did not finish in time/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const alive = () => {
      try {
        // A killed process may linger as a zombie until it is reaped: that counts as gone.
        return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 30 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(), false, 'the grandchild process was killed with the tree');
  });

  it('reports a crash (a syntax error) with what Node printed', async () => {
    const dir = tmp();
    write(dir, { 'package.json': '{"type":"module"}', 'test/broken.test.js': 'import { it } from "node:test";\nit("x", () => { this is not javascript });' });
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 30_000 });
    assert.notEqual(report.status, 'passed');
    assert.match(formatReport(report), /SyntaxError|could not run|failed/);
  });

  it('says so when there are no tests, and when Node is missing', async () => {
    const dir = tmp();
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 5_000 });
    assert.equal(report.status, 'no-tests');
    assert.deepEqual(findTestFiles(dir), []);
    const missing = checkNode('/nonexistent/node');
    assert.equal(missing.ok, false);
    assert.match(missing.message!, /Node\.js was not found/);
    assert.equal(checkNode(process.execPath).ok, true);
  });

  it('parses reporter lines and keeps other output', () => {
    const out = [
      JSON.stringify({ event: 'pass', name: 'inner', nesting: 1 }),
      JSON.stringify({ event: 'suite-pass', name: 'outer', nesting: 0 }),
      'console noise',
      JSON.stringify({ event: 'fail', name: 'lonely', nesting: 0, error: { message: 'boom', stack: ['at file.js:3:4'] } }),
    ].join('\n');
    const { results, other } = parseReporterOutput(out);
    assert.deepEqual(results.map((r) => [r.suite.join('/'), r.name, r.ok]), [['outer', 'inner', true], ['', 'lonely', false]]);
    assert.equal(results[1]!.location, 'file.js:3:4');
    assert.deepEqual(other, ['console noise']);
  });
});

describe('exercise scaffolding', () => {
  let exercise: Exercise;
  before(async () => {
    const { exercises } = await loadCatalogue(join(ROOT, 'content'));
    exercise = exercises.find((e) => e.id === 'lru-cache')!;
    assert.ok(exercise);
  });

  it('copies the starter and never overwrites an existing folder', async () => {
    const target = join(tmp(), 'roadmap-exercises', exercise.id);
    const first = await startExercise(exercise, target);
    assert.equal(first.kind, 'created');
    for (const rel of await starterFiles(exercise)) assert.ok(existsSync(join(target, rel)), `${rel} copied`);
    const mine = join(target, 'README.md');
    writeFileSync(mine, 'my notes');
    const second = await startExercise(exercise, target);
    assert.equal(second.kind, 'exists');
    assert.equal(readFileSync(mine, 'utf8'), 'my notes', 'the learner\'s file is untouched');
  });

  it('reset restores the starter and keeps a backup of the learner\'s files', async () => {
    const root = tmp();
    const target = join(root, exercise.id);
    await startExercise(exercise, target);
    const src = exercise.open.find((f) => f.startsWith('src/'))!;
    writeFileSync(join(target, src), '// my attempt');
    writeFileSync(join(target, 'scratch.js'), '// extra file');
    const { backup } = await resetExercise(exercise, target, join(root, '.backups'), { now: new Date('2026-01-01T00:00:00Z') });
    assert.equal(readFileSync(join(backup, src), 'utf8'), '// my attempt');
    assert.equal(readFileSync(join(backup, 'scratch.js'), 'utf8'), '// extra file');
    assert.equal(readFileSync(join(target, src), 'utf8'), readFileSync(join(exercise.dir, 'starter', src), 'utf8'));
  });
});

describe('every exercise: the starter fails its checks, the reference solution passes them', function () {
  this.timeout(600_000);
  let exercises: Exercise[] = [];
  before(async () => {
    const cat = await loadCatalogue(join(ROOT, 'content'));
    assert.deepEqual(cat.problems, []);
    exercises = cat.exercises;
    assert.ok(exercises.length >= 25, `at least 25 exercises (${exercises.length})`);
    for (const e of exercises) {
      for (const rel of e.open) assert.ok(existsSync(rel === 'README.md' ? join(e.dir, rel) : join(e.dir, 'starter', rel)), `${e.id}: "${rel}" exists`);
      const pkg = JSON.parse(readFileSync(join(e.dir, 'starter', 'package.json'), 'utf8'));
      assert.equal(pkg.dependencies, undefined, `${e.id} needs no npm install`);
    }
  });

  it('holds for every exercise', async () => {
    const problems: string[] = [];
    const queue = [...exercises];
    const worker = async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        const dir = join(tmp(), e.id);
        await startExercise(e, dir);
        const before = await runCheck(dir, { reporter: REPORTER, timeoutMs: 90_000 });
        if (before.status !== 'failed' || before.failed === 0) problems.push(`${e.id}: starter should fail its checks but was ${before.status} (${before.passed} passed)\n${formatReport(before)}`);
        await applySolution(e, dir);
        const after = await runCheck(dir, { reporter: REPORTER, timeoutMs: 90_000 });
        if (after.status !== 'passed') problems.push(`${e.id}: solution should pass but was ${after.status}\n${formatReport(after)}`);
        rmSync(dir, { recursive: true, force: true });
      }
    };
    await Promise.all([worker(), worker()]);
    assert.deepEqual(problems, []);
  });
});

describe('exercise CLI', function () {
  this.timeout(120_000);
  const cli = join(ROOT, 'dist', 'cli.js');

  it('lists exercises as JSON with numeric phases', () => {
    const list = JSON.parse(execFileSync(process.execPath, [cli, 'exercise', 'list', '--format', 'json'], { encoding: 'utf8' })) as { id: string; phase: number; title: string; difficulty: string }[];
    assert.ok(list.length >= 25);
    for (const e of list) {
      assert.deepEqual(Object.keys(e).sort(), ['difficulty', 'id', 'phase', 'title']);
      assert.equal(typeof e.phase, 'number');
    }
  });

  it('starts (without overwriting) and checks an exercise: exit 1 for the starter, 0 with the solution', async () => {
    const cwd = tmp();
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'exercise', ...args], { cwd, encoding: 'utf8' });
    assert.equal(run('start', 'lru-cache').status, 0);
    assert.ok(existsSync(join(cwd, 'roadmap-exercises', 'lru-cache', 'README.md')));
    const again = run('start', 'lru-cache');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists; nothing was overwritten/);
    const failing = run('check', 'roadmap-exercises/lru-cache');
    assert.equal(failing.status, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /✘/);
    const { exercises } = await loadCatalogue(join(ROOT, 'content'));
    await applySolution(exercises.find((e) => e.id === 'lru-cache')!, join(cwd, 'roadmap-exercises', 'lru-cache'));
    const passing = run('check', 'roadmap-exercises/lru-cache');
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /checks passed/);
    assert.equal(run('start').status, 2, 'missing id is bad usage');
  });
});
