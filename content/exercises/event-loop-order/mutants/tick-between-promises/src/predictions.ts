// mutant: a nextTick queued by a promise callback is taken to run before the other queued promise callbacks; breaks the rule that the whole microtask queue drains before nextTick is looked at again
/**
 * The order each puzzle in puzzles/puzzles.cjs prints, with the rule that decides it.
 *
 * The whole model fits in four lines:
 *   1. Synchronous code always runs to the end first.
 *   2. Then Node empties the process.nextTick queue, then the promise (microtask) queue, and repeats
 *      until both are empty. This happens after every single callback, not once per loop iteration.
 *   3. Only then does the event loop move to its next phase: timers → poll (I/O) → check (setImmediate).
 *   4. A phase runs the callbacks that were due when it started; anything scheduled meanwhile for the
 *      same phase waits for the next iteration.
 */
export const predictions: Record<string, string[]> = {
  // The executor runs synchronously inside `new Promise`; resolve() does not stop it.
  // Only the .then callback is deferred, as a microtask.
  executor: ['start', 'executor', 'after resolve', 'end', 'then'],

  // Microtasks are drained before the event loop reaches the timers phase.
  timeoutVsPromise: ['sync 1', 'sync 2', 'promise', 'timeout'],

  // nextTick queue first, then promises, then the event loop (timers).
  nextTick: ['sync', 'nextTick', 'promise', 'timeout'],

  // An async function runs synchronously until its first await; the rest is a microtask queued
  // at that moment, which is before the .then below it is queued.
  asyncAwait: ['script: start', 'work: start', 'script: end', 'work: after await', 'then'],

  // Since Node 11 the queues are drained after each timer callback, so A's follow-ups beat timer B.
  betweenTimers: ['timeout A', 'nextTick from A', 'promise from A', 'timeout B'],

  // An I/O callback runs in the poll phase; check (setImmediate) comes next, timers only in the
  // next iteration. nextTick runs as soon as the callback returns.
  insideIo: ['I/O callback', 'nextTick', 'immediate', 'timeout'],

  // C is scheduled while the check phase is running, so it waits for the next iteration, after B.
  immediates: ['immediate A', 'nextTick from A', 'immediate B', 'immediate C'],

  // tick queue → whole microtask queue (promise 1, promise 2, and the promise queued by tick 1)
  // → tick queue again (the tick queued by promise 1).
  ticksAndPromises: ['tick 1', 'promise 1', 'tick from promise 1', 'promise 2', 'promise from tick 1'],
};
