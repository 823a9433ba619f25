/*
 * Proving that getNode() does not scan every virtual node, without a stopwatch: V8's precise coverage
 * (what coverage tools use) counts how many times each block of src/ code runs, including each turn of
 * a loop and each call of a callback. The same 500 lookups run on a ring of 100 virtual nodes and on one
 * of 10 000. A binary search does about twice the work on the big ring (log2 grows from 7 to 14); a scan
 * does about a hundred times more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from 'node:inspector/promises';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
// Coverage must be on before the ring code is compiled, hence the dynamic import.
const { createRing } = await import('../src/ring.ts');
const srcUrl = new URL('../src/', import.meta.url).href;

/** Blocks of src/ code that ran during `run`. */
async function work(run: () => void): Promise<number> {
  await session.post('Profiler.takePreciseCoverage'); // taking coverage resets the counters
  run();
  const { result } = await session.post('Profiler.takePreciseCoverage');
  let blocks = 0;
  for (const script of result) {
    if (!script.url.startsWith(srcUrl)) continue;
    for (const fn of script.functions) for (const range of fn.ranges) blocks += range.count;
  }
  return blocks;
}

function ringOf(nodes: number, vnodes: number) {
  const ring = createRing({ vnodes });
  for (let n = 0; n < nodes; n++) ring.addNode(`cache-${n}`);
  return ring;
}

test('getNode() uses a binary search: 100 times more virtual nodes cost only a little more per lookup', async () => {
  const keys = Array.from({ length: 500 }, (_, i) => `session:${i}`);
  const small = ringOf(2, 50);
  const large = ringOf(50, 200);
  const smallWork = await work(() => { for (const key of keys) small.getNode(key); });
  const largeWork = await work(() => { for (const key of keys) large.getNode(key); });
  assert.ok(smallWork > 0, 'could not see any src/ code run during the lookups; is createRing defined in src/ring.ts?');
  assert.ok(largeWork <= smallWork * 3 + keys.length,
    `500 lookups did ${largeWork} units of work on 50 × 200 virtual nodes but ${smallWork} on 2 × 50. The work grows with the ` +
    'number of virtual nodes, so getNode() walks them (a loop, find, findIndex, filter…). Keep the positions sorted and binary-search them.');
});
