// @ts-check
// Eight small programs. Read each one and predict the order of its lines in src/predictions.js.
// Do not run them before you have written your prediction: the guessing is the exercise.
//
// Run one afterwards with:  node puzzles/puzzles.cjs <name>     e.g.  node puzzles/puzzles.cjs nextTick
//
// This file is CommonJS (.cjs) on purpose: it behaves like a classic Node script. README.md explains
// the one answer that would change in an ES module.

const fs = require('node:fs');

/** @type {Record<string, () => void>} */
const puzzles = {
  // 1. Is the function you pass to `new Promise` called now or later?
  executor() {
    console.log('start');
    const promise = new Promise((resolve) => {
      console.log('executor');
      resolve('done');
      console.log('after resolve');
    });
    promise.then(() => console.log('then'));
    console.log('end');
  },

  // 2. A timer of 0 ms against a promise that is already resolved.
  timeoutVsPromise() {
    console.log('sync 1');
    setTimeout(() => console.log('timeout'), 0);
    Promise.resolve().then(() => console.log('promise'));
    console.log('sync 2');
  },

  // 3. process.nextTick joins the race.
  nextTick() {
    Promise.resolve().then(() => console.log('promise'));
    setTimeout(() => console.log('timeout'), 0);
    process.nextTick(() => console.log('nextTick'));
    console.log('sync');
  },

  // 4. What does `await` do to the rest of an async function?
  asyncAwait() {
    async function work() {
      console.log('work: start');
      await null;
      console.log('work: after await');
    }
    console.log('script: start');
    work();
    Promise.resolve().then(() => console.log('then'));
    console.log('script: end');
  },

  // 5. Two timers that are due at the same time. Does anything run between them?
  betweenTimers() {
    setTimeout(() => {
      console.log('timeout A');
      Promise.resolve().then(() => console.log('promise from A'));
      process.nextTick(() => console.log('nextTick from A'));
    }, 0);
    setTimeout(() => console.log('timeout B'), 0);
  },

  // 6. Inside an I/O callback (here: a file read has finished).
  insideIo() {
    fs.readFile(__filename, () => {
      setTimeout(() => console.log('timeout'), 0);
      setImmediate(() => console.log('immediate'));
      process.nextTick(() => console.log('nextTick'));
      console.log('I/O callback');
    });
  },

  // 7. An immediate that schedules another immediate.
  immediates() {
    setImmediate(() => {
      console.log('immediate A');
      setImmediate(() => console.log('immediate C'));
      process.nextTick(() => console.log('nextTick from A'));
    });
    setImmediate(() => console.log('immediate B'));
  },

  // 8. The hard one: ticks that schedule promises and promises that schedule ticks.
  ticksAndPromises() {
    process.nextTick(() => {
      console.log('tick 1');
      Promise.resolve().then(() => console.log('promise from tick 1'));
    });
    Promise.resolve().then(() => {
      console.log('promise 1');
      process.nextTick(() => console.log('tick from promise 1'));
    });
    Promise.resolve().then(() => console.log('promise 2'));
  },
};

module.exports = { puzzles };

// `node puzzles/puzzles.cjs <name>` runs one puzzle; the tests do exactly this.
if (require.main === module) {
  const name = process.argv[2] ?? '';
  const puzzle = puzzles[name];
  if (!puzzle) {
    console.error(`unknown puzzle "${name}"; pick one of: ${Object.keys(puzzles).join(', ')}`);
    process.exitCode = 2;
  } else {
    puzzle();
  }
}
