/**
 * Your predictions: for each puzzle in puzzles/puzzles.cjs, the lines it prints, in the order you
 * think they appear. Copy the strings exactly as they are written in the console.log calls.
 *
 * Example: for a program that prints "b" and then "a", write ['b', 'a'].
 *
 * Predict first, then run the check (or `node --test`). When a prediction is wrong, the test names the
 * rule you missed; re-read the puzzle with that rule in mind before you change the answer.
 */
export const predictions: Record<string, string[]> = {
  // 1. Is the function you pass to `new Promise` called now or later?
  executor: [],

  // 2. A timer of 0 ms against a promise that is already resolved.
  timeoutVsPromise: [],

  // 3. process.nextTick joins the race.
  nextTick: [],

  // 4. What does `await` do to the rest of an async function?
  asyncAwait: [],

  // 5. Two timers that are due at the same time.
  betweenTimers: [],

  // 6. Inside an I/O callback.
  insideIo: [],

  // 7. An immediate that schedules another immediate.
  immediates: [],

  // 8. Ticks that schedule promises and promises that schedule ticks.
  ticksAndPromises: [],
};
