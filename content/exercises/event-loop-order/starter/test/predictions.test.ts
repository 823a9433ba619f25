import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { predictions } from '../src/predictions.ts';

const puzzlesFile = fileURLToPath(new URL('../puzzles/puzzles.cjs', import.meta.url));

/**
 * How long one puzzle may take. Each finishes in a few milliseconds, but starting a Node process on a
 * busy machine (a build, a virus scan, eight puzzles at once) can take seconds: the limit is generous.
 */
const PUZZLE_TIME_LIMIT_MS = 30_000;

/**
 * Runs one puzzle in a fresh Node process (a real main script, like `node file.cjs`) and returns
 * the lines it printed. The truth is whatever Node actually does, not an answer stored in this file.
 */
function run(name: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [puzzlesFile, name], { timeout: PUZZLE_TIME_LIMIT_MS }, (err, stdout, stderr) => {
      if (err?.killed) reject(new Error(`puzzle "${name}" timed out: it did not finish within ${PUZZLE_TIME_LIMIT_MS / 1000} s, so it was stopped. The machine is probably very busy; run the check again. (Your predictions were not the problem.)`));
      else if (err) reject(new Error(`puzzle "${name}" did not run cleanly: ${err.message}\n${stderr}`));
      else resolve(stdout.split('\n').filter((line) => line !== ''));
    });
  });
}

const show = (lines: string[]) => lines.map((l) => JSON.stringify(l)).join(', ');

/** The rule each puzzle is about, shown when a prediction is wrong. */
const puzzles: Array<[name: string, title: string, rule: string]> = [
  ['executor', 'the Promise executor runs synchronously',
    'The function you pass to `new Promise` is called right away, synchronously, and resolve() does not ' +
    'stop it. Only the .then callback waits: it is a microtask, run after the current synchronous code ends.'],
  ['timeoutVsPromise', 'microtasks run before timers',
    'Synchronous code runs to the end first. Then Node drains the microtask queue (promise callbacks) ' +
    'before the event loop moves on to timers, so a resolved promise beats setTimeout(…, 0).'],
  ['nextTick', 'process.nextTick runs before promise callbacks',
    'After synchronous code Node first empties the process.nextTick queue, then the promise microtask ' +
    'queue, and only then lets the event loop reach the timers phase.'],
  ['asyncAwait', 'await splits an async function in two',
    'An async function runs synchronously up to its first await. The rest of it is queued as a microtask ' +
    'at that moment, which is before the .then callback further down is queued.'],
  ['betweenTimers', 'queues are drained after every callback',
    'Since Node 11, the nextTick and microtask queues are drained after each timer callback, not once ' +
    'after the whole batch of due timers, so the follow-ups of timer A run before timer B.'],
  ['insideIo', 'inside an I/O callback setImmediate beats setTimeout',
    'An I/O callback runs in the poll phase. The next phase is check (setImmediate); timers come round ' +
    'only in the next loop iteration. nextTick still runs first, as soon as the callback returns. ' +
    '(At the top level of a script the order of setTimeout 0 and setImmediate is NOT guaranteed.)'],
  ['immediates', 'an immediate scheduled during the check phase waits a turn',
    'The check phase runs the immediates that were queued when it started. One scheduled meanwhile waits ' +
    'for the next loop iteration. Between two immediates, nextTicks and microtasks are drained.'],
  ['ticksAndPromises', 'nextTick queue, then the whole microtask queue, then nextTick again',
    'Node empties the nextTick queue, then the entire promise microtask queue (including promises queued ' +
    'while it runs), then looks at nextTick again. A nextTick scheduled from a promise callback therefore ' +
    'waits until every queued promise callback has run.'],
];

// Start every puzzle at once (each in its own process) so the whole file stays fast.
const runs = new Map(puzzles.map(([name]) => {
  const printed = run(name);
  printed.catch(() => {}); // reported by the test that awaits it
  return [name, printed];
}));

for (const [index, [name, title, rule]] of puzzles.entries()) {
  test(`${index + 1}. ${name}: ${title}`, { timeout: PUZZLE_TIME_LIMIT_MS + 10_000 }, async () => {
    const predicted = predictions[name];
    assert.ok(Array.isArray(predicted), `src/predictions.ts should export predictions.${name} as an array of strings`);

    const printed = await (runs.get(name) as Promise<string[]>);
    assert.ok(predicted.length > 0,
      `predictions.${name} is still empty. Expected: the ${printed.length} lines that puzzle "${name}" prints, ` +
      'each spelled exactly as in its console.log call, listed in the order you think Node prints them. ' +
      `Read puzzle "${name}" in puzzles/puzzles.cjs and predict before you run it.`);

    const expectedSet = [...printed].sort();
    assert.deepEqual([...predicted].sort(), expectedSet,
      `predictions.${name} should list each printed line exactly once, spelled exactly as in the console.log calls.\n` +
      `  the lines are: ${show(expectedSet)}\n  you wrote:     ${show(predicted)}`);

    assert.deepEqual(predicted, printed,
      `Puzzle "${name}" printed its lines in a different order.\n` +
      `  you predicted: ${show(predicted)}\n  Node printed:  ${show(printed)}\n` +
      `  The rule: ${rule}`);
  });
}
