/*
 * Proving O(1) without a stopwatch
 * --------------------------------
 * Timing tests are flaky: a busy laptop makes fast code look slow. So this file counts WORK instead:
 *
 * 1. V8 can count how many times each block of JavaScript ran (the same "precise coverage" that
 *    coverage tools use, switched on here through node:inspector). Every iteration of a loop in your
 *    src/ files is counted, whether it is a for loop, a while loop walking a list, or for…of.
 * 2. Built-in methods that walk a whole collection in native code (Array#indexOf, #includes, #splice,
 *    #shift, #filter, iterating a Map or Set, Object.keys, …) are wrapped while an operation runs,
 *    and charge one unit per element they touch.
 *
 * Then the same operations run against a cache of 100 entries and one of 20,000 entries.
 * An O(1) operation does the same work on both. An O(n) one does about 200 times more on the big one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();

/** Sends one inspector command. The in-process session answers synchronously. */
function inspect(method: string, params: object = {}): any {
  let answer: any;
  let failure: Error | null = null;
  session.post(method, params, (err, result) => {
    failure = err;
    answer = result;
  });
  if (failure) throw failure;
  if (answer === undefined) throw new Error(`the inspector did not answer ${method} synchronously; cannot measure work`);
  return answer;
}

// Coverage must be on before the cache code is compiled, hence the dynamic import below.
inspect('Profiler.enable');
inspect('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
const srcUrl = new URL('../src/', import.meta.url).href;
const { LRUCache } = await import('../src/lru-cache.ts');
type Cache = InstanceType<typeof LRUCache<string, number>>;

// ---------- meters for built-in methods that walk a collection ----------

let nativeWork = 0;

/** Replaces `owner[name]` with a metered version for the duration of one measurement. */
function meter(owner: any, name: string | symbol, wrap: (original: Function) => Function, undo: Array<() => void>) {
  const descriptor = Object.getOwnPropertyDescriptor(owner, name);
  if (!descriptor || typeof descriptor.value !== 'function') return;
  Object.defineProperty(owner, name, { ...descriptor, value: wrap(descriptor.value) });
  undo.push(() => Object.defineProperty(owner, name, descriptor));
}

/** @param inner one unit per step */
function meteredIterator(inner: Iterator<unknown>) {
  return {
    next() {
      nativeWork += 1;
      return inner.next();
    },
    [Symbol.iterator]() {
      return this;
    },
  };
}

/** @returns a function that puts every original method back */
function installMeters(): () => void {
  const undo: Array<() => void> = [];
  const walksWholeArray = [
    'indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex', 'filter',
    'map', 'forEach', 'reduce', 'reduceRight', 'some', 'every', 'splice', 'shift', 'unshift', 'slice',
    'sort', 'reverse', 'concat', 'join', 'flat', 'flatMap', 'fill', 'copyWithin', 'toSorted',
    'toSpliced', 'toReversed', 'with', 'keys', 'values', 'entries', Symbol.iterator,
  ];
  for (const name of walksWholeArray) {
    meter(Array.prototype, name, (original) => function (this: any, ...args: any[]) {
      nativeWork += Number(this?.length) || 0;
      return original.apply(this, args);
    }, undo);
  }
  for (const proto of [Map.prototype, Set.prototype]) {
    for (const name of ['keys', 'values', 'entries', Symbol.iterator]) {
      meter(proto, name, (original) => function (this: any, ...args: any[]) {
        return meteredIterator(original.apply(this, args));
      }, undo);
    }
    meter(proto, 'forEach', (original) => function (this: any, ...args: any[]) {
      nativeWork += Number(this?.size) || 0;
      return original.apply(this, args);
    }, undo);
  }
  for (const name of ['keys', 'values', 'entries', 'getOwnPropertyNames']) {
    meter(Object, name, (original) => function (this: any, target: any) {
      const result = original(target);
      nativeWork += result.length;
      return result;
    }, undo);
  }
  meter(Array, 'from', (original) => function (this: any, ...args: any[]) {
    const result = original.apply(this, args);
    nativeWork += result.length;
    return result;
  }, undo);
  // Restore in reverse order with a plain loop (the Array methods are metered right now).
  return () => {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]();
  };
}

/** Runs `operations` and returns the work it did inside src/: block executions + native element visits. */
function measureWork(operations: () => void) {
  inspect('Profiler.takePreciseCoverage'); // taking coverage resets the counters
  nativeWork = 0;
  const restore = installMeters();
  let native = 0;
  try {
    operations();
  } finally {
    native = nativeWork;
    restore();
  }
  const { result } = inspect('Profiler.takePreciseCoverage');
  let blocks = 0;
  for (const script of result) {
    if (!script.url.startsWith(srcUrl)) continue;
    for (const fn of script.functions) for (const range of fn.ranges) blocks += range.count;
  }
  assert.ok(blocks > 0, 'could not see any of your src/ code run while measuring; is LRUCache defined in src/?');
  return blocks + native;
}

// ---------- the experiment ----------

const SMALL = 100;
const LARGE = 20_000;
const OPS = 50;

/**
 * A full cache of `n` entries, keys "k0" (least recent) … "k<n-1>" (most recent).
 * The fill is measured too, in chunks: if inserting gets more expensive as the cache grows, we stop
 * early with a clear message instead of waiting for an O(n²) fill of 20,000 entries.
 */
function fullCache(n: number) {
  const cache: Cache = new LRUCache(n);
  const chunk = Math.min(n, 2_000);
  let firstChunkWork = 0;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const work = measureWork(() => {
      for (let i = start; i < end; i++) cache.set(`k${i}`, i);
    });
    if (start === 0) {
      firstChunkWork = work;
    } else {
      assert.ok(work <= firstChunkWork * 2 + chunk,
        `set() of new keys gets slower as the cache fills up: inserting keys ${start}…${end - 1} did ${work} units of ` +
        `work, inserting the first ${chunk} keys only ${firstChunkWork}. Something in set() walks the entries ` +
        '(indexOf, includes, Object.keys, a loop over the Map or a list…). An O(1) insert costs the same at any size.');
    }
  }
  return cache;
}

/** OPS existing keys spread evenly from the least to the most recently used end. */
function spreadKeys(n: number) {
  const keys: string[] = [];
  for (let i = 0; i < OPS; i++) keys.push(`k${Math.floor((i * (n - 1)) / (OPS - 1))}`);
  return keys;
}

/** OPS keys that are not in the cache. */
function missingKeys() {
  const keys: string[] = [];
  for (let i = 0; i < OPS; i++) keys.push(`missing-${i}`);
  return keys;
}

/** Measures `run` on a small and a large full cache and fails if the work grows with the size. */
function assertConstantWork(what: string, run: (cache: Cache, present: string[], absent: string[]) => void) {
  const work: Record<number, number> = {};
  for (const n of [SMALL, LARGE]) {
    const cache = fullCache(n);
    const present = spreadKeys(n);
    const absent = missingKeys();
    work[n] = measureWork(() => run(cache, present, absent));
  }
  const allowed = work[SMALL] * 2 + OPS;
  assert.ok(work[LARGE] <= allowed,
    `${what}: ${OPS} operations did ${work[LARGE]} units of work on a ${LARGE.toLocaleString('en-US')}-entry cache but ${work[SMALL]} on a ` +
    `${SMALL}-entry cache. The work grows with the number of entries, so something walks the entries ` +
    '(indexOf, includes, splice, shift, a loop over the Map or a list…). An O(1) operation costs the same at any size.');
}

test('get() does the same work on 100 or 20,000 entries', { timeout: 20_000 }, () => {
  assertConstantWork('get() of cached and missing keys', (cache, present, absent) => {
    for (let i = 0; i < OPS; i++) {
      cache.get(present[i]);
      cache.get(absent[i]);
    }
  });
});

test('set() does the same work on 100 or 20,000 entries, including eviction', { timeout: 20_000 }, () => {
  assertConstantWork('set() updating existing keys and inserting new ones (each insert evicts)', (cache, present, absent) => {
    for (let i = 0; i < OPS; i++) {
      cache.set(present[i], -i);
      cache.set(absent[i], i);
    }
  });
});

test('has() and delete() do the same work on 100 or 20,000 entries', { timeout: 20_000 }, () => {
  assertConstantWork('has() and delete()', (cache, present, absent) => {
    for (let i = 0; i < OPS; i++) {
      cache.has(absent[i]);
      cache.has(present[i]);
      cache.delete(present[i]);
      cache.delete(absent[i]);
    }
  });
});
