import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { applyPatch, parsePatch } from 'diff';
import { loadCatalogue, type Exercise } from '../../src/core/exercises/catalogue';
import { findNode, STRIP_TYPES_FLAG, typeStripping } from '../../src/core/exercises/node';
import { installPackages, missingPackages, missingPackagesMessage } from '../../src/core/exercises/packages';
import { findTestFiles, formatReport, parseReporterOutput, runCheck, type CheckReport } from '../../src/core/exercises/runner';
import { checkExercise } from '../../src/core/exercises/check';
import { applySolution, resetExercise, startExercise, starterFiles } from '../../src/core/exercises/scaffold';
import { ensureNodeTypes } from '../../src/core/exercises/types-setup';

const ROOT = join(__dirname, '..', '..', '..');
const REPORTER = join(ROOT, 'dist', 'test-reporter.mjs');
const NODE_TYPES = join(ROOT, 'dist', 'node-types');
const temps: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'coach-ex-'));
  temps.push(d);
  return d;
};
after(() => { for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true }); });

/**
 * A Node that strips types (24), as CI and `npm test` get it: scripts/node24.mjs reuses the offline
 * harness's runtime or installs only the Node package from the npm registry into the cache.
 */
let node24: string | undefined;
function nodeWithTypes(): string {
  if (node24) return node24;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'node24.mjs')], { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(r.status, 0, 'scripts/node24.mjs provides a Node 24');
  node24 = r.stdout.trim();
  return node24;
}

/** A started TypeScript exercise: the starter has a tsconfig.json (JavaScript ones are still being converted). */
const isTypeScript = (e: Exercise) => existsSync(join(e.dir, 'starter', 'tsconfig.json'));
/** The names of an exercise's mutants: `mutants/<name>.patch`. */
const mutantsOf = (e: Exercise) => (existsSync(join(e.dir, 'mutants')) ? readdirSync(join(e.dir, 'mutants')).filter((f) => f.endsWith('.patch')).map((f) => f.slice(0, -'.patch'.length)).sort() : []);

/**
 * Writes a mutant into an exercise copy. A mutant is a patch against the exercise's own files: each file's
 * old name is `a/solution/<path>` (or `a/starter/<path>`), and the patched text lands at `<path>`, over the
 * starter, as the learner's wrong solution would. A patch that no longer applies is an error, not a skip.
 */
function applyMutant(e: Exercise, name: string, dir: string): void {
  for (const p of parsePatch(readFileSync(join(e.dir, 'mutants', `${name}.patch`), 'utf8'))) {
    const base = (p.oldFileName ?? '').replace(/^a\//, '');
    const patched = applyPatch(readFileSync(join(e.dir, base), 'utf8'), p);
    if (patched === false) throw new Error(`${e.id}/mutants/${name}.patch no longer applies to ${base}`);
    const dest = join(dir, base.replace(/^(solution|starter)\//, ''));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, patched);
  }
}

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

  it('says so when there are no tests', async () => {
    const dir = tmp();
    const report = await runCheck(dir, { reporter: REPORTER, timeoutMs: 5_000 });
    assert.equal(report.status, 'no-tests');
    assert.deepEqual(findTestFiles(dir), []);
  });

  it('runs TypeScript tests with a Node that strips types, and passes the Node flags it is given', async () => {
    const dir = tmp();
    write(dir, {
      'package.json': '{"type":"module"}',
      'src/sum.ts': 'export const sum = (a: number, b: number): number => a + b;\n',
      'test/sum.test.ts': `import { it } from 'node:test'; import assert from 'node:assert/strict'; import { sum } from '../src/sum.ts';
it('adds', () => assert.equal(sum(2, 3), 5));`,
      'test/old.test.js': `import { it } from 'node:test'; it('old JavaScript tests still run', () => {});`,
    });
    assert.deepEqual(findTestFiles(dir), ['test/old.test.js', 'test/sum.test.ts']);
    const node = findNode(nodeWithTypes());
    assert.deepEqual([node.ok, node.args], [true, []]);
    const report = await runCheck(dir, { node: node.node, nodeArgs: node.args, reporter: REPORTER, timeoutMs: 30_000 });
    assert.equal(report.status, 'passed', formatReport(report));
    assert.equal(report.passed, 2);
    const without = await runCheck(dir, { node: node.node, nodeArgs: ['--no-experimental-strip-types'], reporter: REPORTER, timeoutMs: 30_000 });
    assert.notEqual(without.status, 'passed', 'the flags reach Node: with type stripping turned off the .ts test cannot load');
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

describe('finding a Node that runs TypeScript', () => {
  it('knows which versions strip types as is, which need the flag, and which cannot', () => {
    for (const v of ['v24.0.0', 'v25.2.1', 'v22.18.0', 'v23.6.0']) assert.equal(typeStripping(v), 'native', v);
    for (const v of ['v22.6.0', 'v22.17.1', 'v23.0.0', 'v23.5.0']) assert.equal(typeStripping(v), 'flag', v);
    for (const v of ['v22.5.1', 'v20.19.0', 'v18.20.4', 'garbage']) assert.equal(typeStripping(v), 'none', v);
  });

  it('asks the executable, adds the flag where needed, and names what to install otherwise', function () {
    if (process.platform === 'win32') this.skip();
    const dir = tmp();
    const fake = (version: string) => {
      const file = join(dir, `node-${version}`);
      writeFileSync(file, `#!/bin/sh\necho ${version}\n`);
      chmodSync(file, 0o755);
      return file;
    };
    assert.deepEqual(findNode(fake('v22.10.0')).args, [STRIP_TYPES_FLAG]);
    assert.equal(findNode(fake('v22.10.0')).ok, true);
    assert.deepEqual(findNode(fake('v24.3.0')).args, []);
    const old = findNode(fake('v20.11.1'));
    assert.equal(old.ok, false);
    assert.match(old.message!, /v20\.11\.1.*cannot run TypeScript/);
    assert.match(old.message!, /Node\.js 24/);
    assert.match(old.message!, /roadmapCoach\.exercises\.nodePath/);
    const missing = findNode('/nonexistent/node');
    assert.equal(missing.ok, false);
    assert.match(missing.message!, /Node\.js was not found/);
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

  it('copies the shipped Node types once into <exercises>/.types/node', async () => {
    const root = tmp();
    const first = await ensureNodeTypes(root, NODE_TYPES);
    assert.equal(first.kind, 'copied');
    assert.ok(existsSync(join(root, '.types', 'node', 'index.d.ts')));
    assert.ok(existsSync(join(root, '.types', 'node', 'node_modules', 'undici-types', 'index.d.ts')), 'with the undici-types it imports');
    assert.match(JSON.parse(readFileSync(join(root, '.types', 'node', 'package.json'), 'utf8')).version, /^24\./);
    assert.equal((await ensureNodeTypes(root, NODE_TYPES)).kind, 'current');
    assert.equal((await ensureNodeTypes(root, join(root, 'nowhere'))).kind, 'unavailable');
  });

  it('finds missing npm packages and installs what package.json lists with npm install', async function () {
    this.timeout(120_000);
    const root = tmp();
    write(root, {
      'local-pkg/package.json': '{"name":"local-pkg","version":"1.0.0","main":"index.js"}',
      'local-pkg/index.js': 'module.exports = 42;',
      'ex/package.json': '{"name":"ex","private":true,"dependencies":{"local-pkg":"file:../local-pkg"}}',
    });
    const exercise = { packages: { 'local-pkg': '1.0.0' } };
    const dir = join(root, 'ex');
    assert.deepEqual(missingPackages(exercise, dir), ['local-pkg']);
    assert.match(missingPackagesMessage(['local-pkg'], 'roadmap-exercises/ex'), /needs local-pkg.*npm install.*roadmap-exercises\/ex/);
    const lines: string[] = [];
    const result = await installPackages(dir, { onLine: (l) => lines.push(l) });
    assert.equal(result.ok, true, result.output);
    assert.deepEqual(missingPackages(exercise, dir), []);
    assert.deepEqual(missingPackages({}, dir), []);
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

/**
 * Gives a started copy the npm packages its manifest names (what Start would `npm install`) without the
 * network: each is linked to the project's own installed copy, a devDependency at the same version.
 */
function linkPackages(e: Exercise, dir: string): void {
  for (const [name, range] of Object.entries(e.packages ?? {})) {
    const installed = join(ROOT, 'node_modules', ...name.split('/'));
    assert.ok(existsSync(join(installed, 'package.json')), `${e.id}: ${name} must be a devDependency of the project (npm ci installs it for this proof)`);
    const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    if (/^\d+\.\d+\.\d+$/.test(range)) assert.equal(version, range, `${e.id}: the project's ${name} is the exact version the exercise pins`);
    const link = join(dir, 'node_modules', ...name.split('/'));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(installed, link, 'junction');
  }
}

/** Type-checks a folder against its own tsconfig with the project's TypeScript; returns readable errors of its own files. */
function typeErrors(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) return ['tsconfig.json cannot be read'];
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  const own = program.getSourceFiles().filter((f) => !relative(dir, f.fileName).startsWith('..'));
  const diagnostics = [...config.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])];
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

/** Runs items through `fn` two at a time (the machine is shared; one exercise's check already spawns processes). */
async function inPairs<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => { for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item); };
  await Promise.all([worker(), worker()]);
}

describe('every exercise: the starter fails its checks, the solution passes them, every mutant fails them', function () {
  this.timeout(1_800_000);
  let exercises: Exercise[] = [];
  let node = '';
  before(async () => {
    node = nodeWithTypes();
    const cat = await loadCatalogue(join(ROOT, 'content'));
    assert.deepEqual(cat.problems, []);
    exercises = cat.exercises;
    assert.ok(exercises.length >= 25, `at least 25 exercises (${exercises.length})`);
    for (const e of exercises) {
      for (const rel of e.open) assert.ok(existsSync(rel === 'README.md' ? join(e.dir, rel) : join(e.dir, 'starter', rel)), `${e.id}: "${rel}" exists`);
      const pkg = JSON.parse(readFileSync(join(e.dir, 'starter', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      assert.deepEqual(pkg.dependencies ?? {}, e.packages ?? {}, `${e.id}: the starter's dependencies are the manifest's "packages" (what Start asks consent for)`);
    }
  });

  /** A fresh copy of starter/ with the overlays (folders, or `mutant:<name>`) applied, checked with Node 24; the folder is removed after. */
  async function check(e: Exercise, ...overlays: string[]): Promise<CheckReport> {
    const dir = join(tmp(), e.id);
    await startExercise(e, dir);
    linkPackages(e, dir);
    for (const o of overlays) {
      if (o.startsWith('mutant:')) applyMutant(e, o.slice('mutant:'.length), dir);
      else cpSync(join(e.dir, o), dir, { recursive: true, force: true });
    }
    try {
      return await checkExercise(e, dir, { node, reporter: REPORTER, timeoutMs: 120_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('TypeScript exercises: starter fails, solution passes, each of at least 4 mutants fails', async () => {
    const problems: string[] = [];
    const converted = exercises.filter(isTypeScript);
    const jobs = converted.flatMap((e) => [
      { e, name: 'starter', overlays: [] as string[], pass: false },
      { e, name: 'solution', overlays: ['solution'], pass: true },
      ...mutantsOf(e).map((m) => ({ e, name: `mutant ${m}`, overlays: [`mutant:${m}`], pass: false })),
    ]);
    for (const e of converted) {
      const mutants = mutantsOf(e);
      if (mutants.length < 4) problems.push(`${e.id}: ${mutants.length} mutants, at least 4 needed`);
      for (const m of mutants) {
        const patch = readFileSync(join(e.dir, 'mutants', `${m}.patch`), 'utf8');
        if (!/^@@ -1(?:,\d+)? \+1(?:,\d+)? @@.*\n(?:-.*\n)*\+\/\/ mutant: /m.test(patch)) problems.push(`${e.id}/mutants/${m}.patch: the mutated file must start with "// mutant: <what is wrong>"`);
      }
    }
    await inPairs(jobs, async ({ e, name, overlays, pass }) => {
      const report = await check(e, ...overlays);
      if (pass && report.status !== 'passed') problems.push(`${e.id}: ${name} should pass but was ${report.status}\n${formatReport(report)}`);
      // A write-tests exercise fails by its own failing tests or by a hidden bug they let through.
      const failures = report.failed + (report.bugs?.filter((b) => !b.caught).length ?? 0);
      if (!pass && (report.status !== 'failed' || failures === 0)) problems.push(`${e.id}: ${name} should fail a check but was ${report.status} (${report.passed} passed)\n${formatReport(report)}`);
    });
    assert.deepEqual(problems, []);
  });

  it('TypeScript exercises type-check with the shipped Node types: starter alone and with the solution', async () => {
    const problems: string[] = [];
    const root = join(tmp(), 'roadmap-exercises');
    await ensureNodeTypes(root, NODE_TYPES);
    for (const e of exercises.filter(isTypeScript)) {
      const dir = join(root, e.id);
      await startExercise(e, dir);
      linkPackages(e, dir);
      for (const err of typeErrors(dir)) problems.push(`${e.id} (starter): ${err}`);
      await applySolution(e, dir);
      for (const err of typeErrors(dir)) problems.push(`${e.id} (solution): ${err}`);
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(problems, []);
  });

  it('JavaScript exercises not converted yet: starter fails, solution passes', async () => {
    const problems: string[] = [];
    await inPairs(exercises.filter((e) => !isTypeScript(e)), async (e) => {
      const before = await check(e);
      if (before.status !== 'failed' || before.failed === 0) problems.push(`${e.id}: starter should fail its checks but was ${before.status} (${before.passed} passed)\n${formatReport(before)}`);
      const after = await check(e, 'solution');
      if (after.status !== 'passed') problems.push(`${e.id}: solution should pass but was ${after.status}\n${formatReport(after)}`);
    });
    assert.deepEqual(problems, []);
  });
});

describe('write-tests exercises: the learner\'s tests run against hidden implementations they cannot see', function () {
  this.timeout(300_000);
  const spyTest = (log: string) => `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { value } from '../src/value.ts';
// Everything a test could use to tell the runs apart, except the check id: a fresh random UUID per run.
const { ROADMAP_COACH_CHECK_ID: checkId, ...env } = process.env;
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cwd: process.cwd(), argv: process.argv.slice(1), env, checkId: typeof checkId,
  files: readdirSync('.', { recursive: true }).map(String).sort(), value }) + '\\n');
test('value is one', () => assert.equal(value, 1));
`;

  /** A tiny write-tests exercise in a temp content folder: the correct value is 1; three hidden versions. */
  function fixture() {
    const content = join(tmp(), 'spy');
    write(content, {
      'starter/package.json': '{"type":"module"}',
      'starter/src/value.ts': 'export const value = 1;\n',
      'hidden/two/src/value.ts': 'export const value = 2;\n',
      'hidden/three/src/value.ts': 'export const value = 3;\n',
      'hidden/same/src/value.ts': 'export const value = 0 + 1;\n',
    });
    const exercise = {
      dir: content, kind: 'write-tests' as const,
      hiddenBugs: [{ name: 'two', description: 'says two' }, { name: 'three', description: 'says three' }, { name: 'same', description: 'behaves like the real one' }],
    };
    const learner = join(tmp(), 'roadmap-exercises', 'spy');
    cpSync(join(content, 'starter'), learner, { recursive: true });
    return { exercise, learner };
  }

  it('runs every implementation in the same folder with the same environment, so a test cannot tell which one it has', async () => {
    const { exercise, learner } = fixture();
    const log = join(tmp(), 'views.jsonl');
    write(learner, { 'test/spy.test.ts': spyTest(log) });
    const report = await checkExercise(exercise, learner, { node: nodeWithTypes(), reporter: REPORTER, timeoutMs: 120_000 });

    assert.equal(report.status, 'failed', formatReport(report));
    assert.deepEqual(report.bugs, [
      { name: 'two', description: 'says two', caught: true },
      { name: 'three', description: 'says three', caught: true },
      { name: 'same', description: 'behaves like the real one', caught: false },
    ]);
    assert.deepEqual(report.results.map((r) => [r.name, r.ok]), [['value is one', true]], 'the results are the learner\'s tests against the correct implementation');
    assert.ok(report.results.every((r) => !r.file || r.file.includes(learner)), `results point at the learner's files: ${report.results.map((r) => r.file).join()}`);
    assert.match(formatReport(report), /Bugs caught: 2 of 3\n✘ Not caught: behaves like the real one/);

    const views = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(views.map((v) => v.value).sort(), [1, 1, 2, 3], 'one run per implementation');
    const seen = views.map(({ value: _value, ...view }) => view);
    for (const view of seen) assert.deepEqual(view, seen[0], 'every run sees the same folder, arguments, environment and file names');
    const cwd = String(seen[0]!.cwd);
    assert.ok(!cwd.startsWith(join(learner, '..')), `the runs happen outside the learner's workspace (${cwd})`);
    assert.equal(existsSync(cwd), false, 'the temporary copy is deleted after the check');
    assert.deepEqual(readdirSync(learner, { recursive: true }).map(String).sort(), ['package.json', 'src', 'src/value.ts', 'test', 'test/spy.test.ts'], 'nothing hidden is ever copied into the learner\'s folder');
  });

  it('uses the shipped implementation, not the learner\'s edited copy, and needs every bug caught to pass', async () => {
    const { exercise, learner } = fixture();
    // A marker added to the learner's own copy would tell the correct run apart: the check ignores that copy.
    write(learner, {
      'src/value.ts': 'export const value = 1;\nexport const real = true;\n',
      'test/marker.test.ts': `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport * as impl from '../src/value.ts';\ntest('marker', () => assert.equal((impl as Record<string, unknown>).real, true));\n`,
    });
    const marked = await checkExercise(exercise, learner, { node: nodeWithTypes(), reporter: REPORTER, timeoutMs: 120_000 });
    assert.equal(marked.status, 'failed');
    assert.equal(marked.failed, 1, 'the marker test fails against the shipped implementation');

    rmSync(join(learner, 'test', 'marker.test.ts'));
    write(learner, { 'test/value.test.ts': `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { value } from '../src/value.ts';\ntest('one', () => assert.equal(value, 1));\n` });
    const honest = await checkExercise({ ...exercise, hiddenBugs: exercise.hiddenBugs.slice(0, 2) }, learner, { node: nodeWithTypes(), reporter: REPORTER, timeoutMs: 120_000 });
    assert.equal(honest.status, 'passed', formatReport(honest));
    assert.match(formatReport(honest), /catch all 2 hidden bugs/);
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
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'exercise', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ROADMAP_COACH_NODE: nodeWithTypes() } });
    assert.equal(run('start', 'lru-cache').status, 0);
    assert.ok(existsSync(join(cwd, 'roadmap-exercises', 'lru-cache', 'README.md')));
    assert.ok(existsSync(join(cwd, 'roadmap-exercises', '.types', 'node', 'index.d.ts')), 'Start copies Node\'s types beside the exercises');
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
