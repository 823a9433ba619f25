import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exercise } from '../../src/core/exercises/catalogue';
import { applySolution, resetExercise, startExercise, UnsafePathError } from '../../src/core/exercises/scaffold';
import { fileReader } from '../../src/core/content/loader';
import { formatReport, runCheck } from '../../src/core/exercises/runner';
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';
import { PhaseSchema } from '../../src/core/content/schema';
import { ExerciseManifestSchema } from '../../src/core/exercises/schema';

/**
 * Hostile workspaces: links inside or above the exercise folder that point at a folder outside the
 * workspace. Each test proves nothing outside is written and the refusal names the link.
 */
describe('exercise commands in a hostile workspace', () => {
  let base: string;
  let content: string;
  let workspace: string;
  let outside: string;
  let exercise: Exercise;

  /** Every file under `dir` with its text, so "nothing changed" compares whole trees. */
  const snapshot = (dir: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (d: string, rel: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isSymbolicLink()) out[r] = `-> ${readlinkSync(join(d, e.name))}`;
        else if (e.isDirectory()) walk(join(d, e.name), r);
        else out[r] = readFileSync(join(d, e.name), 'utf8');
      }
    };
    walk(dir, '');
    return out;
  };
  const write = (dir: string, files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
  };
  const refusal = async (p: Promise<unknown>, link: string) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof UnsafePathError, `an UnsafePathError, got ${String(e)}`);
      assert.ok(e.message.includes(link), `the message names ${link}: ${e.message}`);
      return true;
    });
  };

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'coach-hostile-'));
    content = join(base, 'content', 'exercises', 'demo');
    workspace = join(base, 'workspace');
    outside = join(base, 'outside');
    write(content, {
      'README.md': '# Demo\n',
      'starter/package.json': '{"name":"demo"}',
      'starter/src/index.js': 'export const starter = true;\n',
      'starter/test/index.test.js': '// test\n',
      'solution/src/index.js': 'export const solved = true;\n',
    });
    write(outside, { 'src/index.js': 'PRECIOUS\n', 'package.json': 'PRECIOUS PKG\n', 'README.md': 'SECRET README\n' });
    mkdirSync(workspace);
    exercise = { id: 'demo', dir: content } as Exercise;
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('Reset refuses a linked src/ inside the exercise and writes nothing anywhere', async () => {
    const dir = join(workspace, 'roadmap-exercises', 'demo');
    write(dir, { 'package.json': 'mine', 'src/other.js': 'x', 'test/index.test.js': 'mine' });
    rmSync(join(dir, 'src'), { recursive: true });
    symlinkSync(join(outside, 'src'), join(dir, 'src'));
    const before = snapshot(outside);
    const wsBefore = snapshot(workspace);
    await refusal(resetExercise(exercise, dir, join(workspace, 'roadmap-exercises', '.backups'), { workspace }), join(dir, 'src'));
    assert.deepEqual(snapshot(outside), before, 'nothing outside the workspace changed');
    assert.deepEqual(snapshot(workspace), wsBefore, 'nothing in the workspace changed (no backup folder either)');
  });

  it('Reset refuses linked files (package.json, README.md) in the exercise', async () => {
    const dir = join(workspace, 'roadmap-exercises', 'demo');
    write(dir, { 'src/index.js': 'mine' });
    symlinkSync(join(outside, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(outside, 'README.md'), join(dir, 'README.md'));
    const before = snapshot(outside);
    await refusal(resetExercise(exercise, dir, join(workspace, 'roadmap-exercises', '.backups'), { workspace }), join(dir, 'README.md'));
    assert.deepEqual(snapshot(outside), before);
    assert.equal(readFileSync(join(dir, 'src/index.js'), 'utf8'), 'mine', 'the learner\'s file was not replaced');
  });

  it('Reset refuses when the exercise folder itself, or a folder above it, is a link', async () => {
    const exercises = join(workspace, 'roadmap-exercises');
    mkdirSync(exercises);
    symlinkSync(outside, join(exercises, 'demo'));
    const before = snapshot(outside);
    await refusal(resetExercise(exercise, join(exercises, 'demo'), join(exercises, '.backups'), { workspace }), join(exercises, 'demo'));
    rmSync(join(exercises, 'demo'));
    rmSync(exercises, { recursive: true });
    mkdirSync(join(outside, 'demo'));
    symlinkSync(outside, exercises);
    await refusal(resetExercise(exercise, join(exercises, 'demo'), join(exercises, '.backups'), { workspace }), exercises);
    rmSync(join(outside, 'demo'), { recursive: true });
    assert.deepEqual(snapshot(outside), before);
  });

  it('Reset refuses a linked .backups folder (the backup would be written outside)', async () => {
    const exercises = join(workspace, 'roadmap-exercises');
    write(join(exercises, 'demo'), { 'src/index.js': 'mine' });
    mkdirSync(join(outside, 'backups'));
    symlinkSync(join(outside, 'backups'), join(exercises, '.backups'));
    await refusal(resetExercise(exercise, join(exercises, 'demo'), join(exercises, '.backups'), { workspace }), join(exercises, '.backups'));
    assert.deepEqual(readdirSync(join(outside, 'backups')), []);
    assert.equal(readFileSync(join(exercises, 'demo', 'src/index.js'), 'utf8'), 'mine');
  });

  it('Reset backs up everything it replaces, a link elsewhere in the folder as a link', async () => {
    const exercises = join(workspace, 'roadmap-exercises');
    const dir = join(exercises, 'demo');
    write(dir, { 'src/index.js': 'mine', 'notes/todo.md': 'todo', 'node_modules/x/index.js': 'dep' });
    symlinkSync(join(outside, 'README.md'), join(dir, 'notes', 'linked.md'));
    const before = snapshot(outside);
    const { backup } = await resetExercise(exercise, dir, join(exercises, '.backups'), { workspace });
    assert.equal(readFileSync(join(backup, 'src/index.js'), 'utf8'), 'mine');
    assert.equal(readFileSync(join(backup, 'notes/todo.md'), 'utf8'), 'todo');
    assert.ok(lstatSync(join(backup, 'notes/linked.md')).isSymbolicLink(), 'the link is backed up as a link');
    assert.equal(readlinkSync(join(backup, 'notes/linked.md')), join(outside, 'README.md'));
    assert.equal(existsSync(join(backup, 'node_modules')), false);
    assert.equal(readFileSync(join(dir, 'src/index.js'), 'utf8'), 'export const starter = true;\n');
    assert.deepEqual(snapshot(outside), before);
  });

  it('Start refuses a linked exercises folder and a dangling link at the target, leaving no partial folder', async () => {
    const exercises = join(workspace, 'roadmap-exercises');
    symlinkSync(outside, exercises);
    const before = snapshot(outside);
    await refusal(startExercise(exercise, join(exercises, 'demo'), { workspace }), exercises);
    assert.deepEqual(snapshot(outside), before, 'nothing was created through the link');
    rmSync(exercises);
    mkdirSync(exercises);
    symlinkSync(join(outside, 'does-not-exist'), join(exercises, 'demo'));
    await refusal(startExercise(exercise, join(exercises, 'demo'), { workspace }), join(exercises, 'demo'));
    assert.deepEqual(readdirSync(exercises), ['demo'], 'no *.partial-* folder is left behind');
    assert.equal(existsSync(join(outside, 'does-not-exist')), false);
    assert.deepEqual(snapshot(outside), before);
  });

  it('Start removes its partial folder when copying fails, and refuses a README linked outside content/', async () => {
    const exercises = join(workspace, 'roadmap-exercises');
    rmSync(join(content, 'README.md'));
    symlinkSync(join(outside, 'README.md'), join(content, 'README.md'));
    await refusal(startExercise(exercise, join(exercises, 'demo'), { workspace }), join(content, 'README.md'));
    assert.deepEqual(readdirSync(exercises), [], 'neither the exercise nor a partial folder exists');
  });

  it('Solution refuses to write through a linked file and writes nothing', async () => {
    const dir = join(workspace, 'roadmap-exercises', 'demo');
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(outside, 'src'), join(dir, 'src'));
    const before = snapshot(outside);
    await refusal(applySolution(exercise, dir, { workspace }), join(dir, 'src'));
    assert.deepEqual(snapshot(outside), before);
  });

  it('a lesson that is a link leading outside content/ is not read', async () => {
    const root = join(base, 'content');
    mkdirSync(join(root, 'phases'));
    symlinkSync(join(outside, 'README.md'), join(root, 'phases', '01-x.md'));
    writeFileSync(join(root, 'phases', '02-y.md'), '# fine');
    const read = fileReader(root);
    await refusal(read('phases/01-x.md'), join(root, 'phases', '01-x.md'));
    assert.equal(await read('phases/02-y.md'), '# fine');
  });
});

/** True while `pid` runs (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Resolves once nothing accepts connections on 127.0.0.1:port. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(true));
  });
}

(process.platform === 'linux' ? describe : describe.skip)('exercise checks: every process they start ends with them', function () {
  this.timeout(60_000);
  const REPORTER = join(__dirname, '..', '..', '..', 'dist', 'test-reporter.mjs');
  let dir: string;
  const pids: number[] = [];

  /** A test file that starts a detached `sleep 600` and a detached HTTP server, writes their pids and port, then `rest`. */
  const hostileTest = (rest: string) => `import { it } from 'node:test'; import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
it('leaves things running', async () => {
  const sleeper = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
  sleeper.unref();
  const server = spawn(process.execPath, ['-e', "require('node:http').createServer(() => {}).listen(0, '127.0.0.1', function () { console.log(this.address().port); })"], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  server.stdout.destroy();
  server.unref();
  writeFileSync('spawned.json', JSON.stringify({ pids: [sleeper.pid, server.pid], port }));
  ${rest}
});`;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coach-procs-'));
    mkdirSync(join(dir, 'test'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  });
  afterEach(() => {
    for (const pid of pids.splice(0)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone, as it should be */ }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const spawned = (): { pids: number[]; port: number } => {
    const s = JSON.parse(readFileSync(join(dir, 'spawned.json'), 'utf8')) as { pids: number[]; port: number };
    pids.push(...s.pids);
    return s;
  };

  it('after a time-out, detached grandchildren are dead and their port is free', async () => {
    writeFileSync(join(dir, 'test', 'hang.test.js'), hostileTest('await new Promise(() => setInterval(() => {}, 1000));'));
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 4_000 });
    assert.equal(report.status, 'timed-out');
    const s = spawned();
    for (const pid of s.pids) assert.equal(alive(pid), false, `process ${pid} was killed`);
    assert.equal(await portFree(s.port), true, `port ${s.port} is free`);
    assert.ok(report.leftovers && report.leftovers.processes >= 2, 'the leftovers are reported');
    assert.deepEqual(report.leftovers.ports, [s.port]);
    assert.match(formatReport(report), new RegExp(`listening on port ${s.port}`));
  });

  it('after a normal end, detached grandchildren are dead too and the port is reported', async () => {
    writeFileSync(join(dir, 'test', 'leaky.test.js'), hostileTest(''));
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 30_000 });
    assert.equal(report.status, 'passed');
    const s = spawned();
    for (const pid of s.pids) assert.equal(alive(pid), false, `process ${pid} was killed`);
    assert.equal(await portFree(s.port), true, `port ${s.port} is free`);
    assert.deepEqual(report.leftovers?.ports, [s.port]);
  });

  it('a plain hanging test is stopped without being blamed for leftovers', async () => {
    writeFileSync(join(dir, 'test', 'hang.test.js'), `import { it } from 'node:test'; it('hangs', () => new Promise(() => setInterval(() => {}, 1000)));`);
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 3_000 });
    assert.equal(report.status, 'timed-out');
    assert.equal(report.leftovers, undefined);
  });

  it('a grandchild that dropped the check id from its environment still ends (it descends from one that has it)', async () => {
    writeFileSync(join(dir, 'test', 'scrub.test.js'), `import { it } from 'node:test'; import { spawn } from 'node:child_process'; import { writeFileSync } from 'node:fs';
it('hides', async () => {
  const c = spawn('sleep', ['600'], { detached: true, stdio: 'ignore', env: {} });
  writeFileSync('spawned.json', JSON.stringify({ pids: [c.pid], port: 0 }));
  await new Promise(() => {});
});`);
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 4_000 });
    assert.equal(report.status, 'timed-out');
    for (const pid of spawned().pids) assert.equal(alive(pid), false, `process ${pid} was killed`);
  });
});

describe('exercise checks: output is capped as it streams', function () {
  this.timeout(60_000);
  const REPORTER = join(__dirname, '..', '..', '..', 'dist', 'test-reporter.mjs');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coach-output-'));
    mkdirSync(join(dir, 'test'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps at most maxOutputBytes, counts the rest, and never reports a flooded check as passed', async () => {
    // 2,000 passing tests with 4 KB names: about 8 MB of reporter output, all of it "passing".
    writeFileSync(join(dir, 'test', 'flood.test.js'), `import { it } from 'node:test';
for (let i = 0; i < 2000; i++) it('t' + i + 'x'.repeat(4096), () => {});`);
    const cap = 256 * 1024;
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 50_000, maxOutputBytes: cap });
    assert.notEqual(report.status, 'passed');
    assert.equal(report.status, 'failed');
    assert.ok((report.truncatedBytes ?? 0) > 4_000_000, `the dropped bytes are counted (${report.truncatedBytes})`);
    const kept = report.results.reduce((n, r) => n + r.name.length, 0) + report.output.length;
    assert.ok(kept <= cap, `no more than the cap is kept (${kept})`);
    assert.ok(report.results.length > 0 && report.results.length < 2000);
    assert.match(formatReport(report), /printed too much: .* MB of output beyond the limit/);
  });

  it('drops a single line longer than the cap without ever holding it whole', async () => {
    writeFileSync(join(dir, 'test', 'long.test.js'), `import { it } from 'node:test';
it('fails with a huge message', () => { throw new Error('y'.repeat(3_000_000)); });`);
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 50_000, maxOutputBytes: 64 * 1024 });
    assert.equal(report.status, 'crashed', 'no result survived: it cannot pass');
    assert.ok((report.truncatedBytes ?? 0) > 3_000_000);
    assert.ok(report.output.length < 64 * 1024);
  });

  it('with the default cap, a normal check is unaffected', async () => {
    writeFileSync(join(dir, 'test', 'ok.test.js'), `import { it } from 'node:test'; it('ok', () => {});`);
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 30_000 });
    assert.equal(report.status, 'passed');
    assert.equal(report.truncatedBytes, undefined);
    assert.equal(report.leftovers, undefined);
  });
});

describe('exercise check CLI exit codes', function () {
  this.timeout(60_000);
  const ROOT = join(__dirname, '..', '..', '..');

  it('exits 3 (internal error), not 1 (checks failed), when the coach itself fails', () => {
    // A CLI copied without its test reporter next to it: the coach cannot run any check.
    const base = mkdtempSync(join(tmpdir(), 'coach-cli-'));
    try {
      mkdirSync(join(base, 'dist'));
      for (const f of ['cli.js', 'cli-main.js', 'typescript.js']) writeFileSync(join(base, 'dist', f), readFileSync(join(ROOT, 'dist', f)));
      symlinkSync(join(ROOT, 'content'), join(base, 'content'));
      const exercise = join(base, 'ex');
      mkdirSync(join(exercise, 'test'), { recursive: true });
      writeFileSync(join(exercise, 'test', 'a.test.js'), 'import { it } from "node:test"; it("x", () => {});');
      // A Node that strips types, as the exercises need (scripts/node24.mjs, like the other CLI tests).
      const node24 = spawnSync(process.execPath, [join(ROOT, 'scripts', 'node24.mjs')], { encoding: 'utf8', timeout: 600_000 });
      assert.equal(node24.status, 0, 'scripts/node24.mjs provides a Node 24');
      const env = { ...process.env, ROADMAP_COACH_NODE: node24.stdout.trim() };
      const r = spawnSync(process.execPath, [join(base, 'dist', 'cli.js'), 'exercise', 'check', exercise], { encoding: 'utf8', env });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /internal error/);
      assert.doesNotMatch(r.stderr, /RangeError/);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('content paths in manifests', () => {
  const phase = (lesson: string) => ({ id: 'a', number: 0, title: 'A', summary: 's', outcome: 'o', lesson, topics: [{ id: 't', title: 'T' }] });

  it('a lesson or quiz path that climbs out of its folder fails the schema, in any separator form', () => {
    for (const lesson of ['phases/..\\..\\secret.md', 'phases/..\\x.md', 'phases/../x.md', 'phases/a\\b.md', 'phases/.md', 'phases/a/../b.md', 'phases/C:\\x.md']) {
      assert.equal(PhaseSchema.safeParse(phase(lesson)).success, false, lesson);
    }
    assert.equal(PhaseSchema.safeParse({ ...phase('phases/01-a.md'), quiz: 'quizzes/..\\q.json' }).success, false);
    assert.equal(PhaseSchema.safeParse({ ...phase('phases/01-a.md'), quiz: 'quizzes/01-a.json' }).success, true);
    assert.equal(PhaseSchema.safeParse(phase('phases/03-api-engineering.md')).success, true);
  });

  it('an exercise "open" path must be relative with forward slashes and no ".." segment', () => {
    const manifest = (open: string) => ({ id: 'x', phase: 1, title: 'X', summary: 's', difficulty: 'beginner', minutes: 5, goals: ['g'], open: [open], hints: ['h'] });
    for (const bad of ['..\\x.ts', 'src\\..\\..\\x.ts', '../x.ts', '/etc/passwd', 'C:\\x.ts', 'src/../../x.ts', 'src//x.ts']) {
      assert.equal(ExerciseManifestSchema.safeParse(manifest(bad)).success, false, bad);
    }
    for (const good of ['src/cache.ts', 'README.md', 'test/cache.test.ts']) assert.equal(ExerciseManifestSchema.safeParse(manifest(good)).success, true, good);
  });
});
