// @ts-check
// The mutation harness. Don't edit this file: write your tests in
// test/learner.test.js.
//
// It runs YOUR tests several times in child processes:
//   - once against the correct implementation (src/price-cart.js): they must pass;
//   - once against each seeded mutant in mutants/: they must FAIL.
// A mutant your tests still pass against has "survived": a real bug like it
// could ship without any test noticing.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const LEARNER_TESTS = 'test/learner.test.js';
const mutants = readdirSync(new URL('../mutants/', import.meta.url))
  .filter((name) => name.endsWith('.js'))
  .sort();

/**
 * @typedef {{ passed: boolean, tests: number, failed: number, output: string }} RunResult
 */

/**
 * Run the learner's tests with PRICE_IMPL pointing at `impl` ('' = correct).
 * @param {string} impl
 * @returns {Promise<RunResult>}
 */
function runLearnerTests(impl) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, PRICE_IMPL: impl };
  // This file itself runs under `node --test`, which marks its child processes
  // with NODE_TEST_CONTEXT. Remove it so the nested run behaves like a normal one.
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // Running the file directly (not with --test) costs one process instead
      // of two; node:test still sets a non-zero exit code when a test fails.
      ['--test-reporter=tap', LEARNER_TESTS],
      { cwd: root, env, timeout: 15_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const count = (/** @type {string} */ label) => Number(new RegExp(`^# ${label} (\\d+)`, 'm').exec(stdout)?.[1] ?? 0);
        resolve({ passed: error === null, tests: count('tests'), failed: count('fail'), output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** @type {RunResult} */
let baseline;
/** @type {Map<string, RunResult>} */
const results = new Map();

before(async () => {
  // All runs at once: each is a separate process, so this takes about as
  // long as the slowest single run.
  const [correct, ...rest] = await Promise.all([runLearnerTests(''), ...mutants.map((m) => runLearnerTests(`mutants/${m}`))]);
  baseline = correct;
  mutants.forEach((m, i) => results.set(m, rest[i]));
});

/** The last lines of a run's output, to show why it failed. */
function tail(/** @type {string} */ output) {
  return output.trim().split('\n').slice(-25).join('\n');
}

test('your tests pass against the correct implementation', { timeout: 20_000 }, () => {
  assert.ok(
    baseline.passed,
    `test/learner.test.js must pass against the correct src/price-cart.js, but it failed. A test that fails on correct code is testing the wrong thing.\n${tail(baseline.output)}`,
  );
  assert.ok(baseline.tests > 0, 'test/learner.test.js should contain at least one test');
});

for (const mutant of mutants) {
  test(`your tests catch mutants/${mutant}`, { timeout: 20_000 }, () => {
    assert.ok(baseline.passed, 'first make your tests pass against the correct implementation; until then catching a mutant means nothing');
    const result = /** @type {RunResult} */ (results.get(mutant));
    assert.ok(
      !result.passed,
      `mutants/${mutant} SURVIVED: your tests (${result.tests}) all passed against it. ` +
        'Which rule in src/price-cart.js could it break without any of your tests noticing? Add a test for that rule ' +
        '(if every mutant survives, check that your tests import priceCart from ../src/index.js).',
    );
  });
}
