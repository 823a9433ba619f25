import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { HashRing } from '../src/ring.ts';
import { Router } from '../src/router.ts';
import { startWorker } from '../src/worker.ts';
import type { Worker } from '../src/worker.ts';

const KEYS = Array.from({ length: 240 }, (_, i) => `user:${i}`);
const valueOf = (key: string) => `value of ${key}`;

/** Starts workers on free ports; they are closed (with every open connection) when the test ends. */
async function startWorkers(t: TestContext, ids: string[]): Promise<Worker[]> {
  const workers = await Promise.all(ids.map((id) => startWorker(id)));
  t.after(() => Promise.all(workers.map((w) => w.close())));
  return workers;
}

const ref = (w: Worker) => ({ id: w.id, url: w.url });

/** A deadline no healthy worker misses, even on a busy machine. */
const PATIENT = { timeoutMs: 10_000 };

/** Writes every key through the router, 20 at a time. */
async function fill(router: Router, keys: string[] = KEYS): Promise<void> {
  for (let i = 0; i < keys.length; i += 20) await Promise.all(keys.slice(i, i + 20).map((k) => router.put(k, valueOf(k))));
}

/** Which workers really hold `key`, read from their stores. */
const holders = (workers: Worker[], key: string) => workers.filter((w) => w.store.has(key)).map((w) => w.id);

/** The keys a worker received a request about since its log was last cleared. */
const touched = (workers: Worker[]) => new Set(workers.flatMap((w) => w.requests.flatMap((r) => (r.key === undefined ? [] : [r.key]))));

const clearLogs = (workers: Worker[]) => { for (const w of workers) w.requests.length = 0; };

/** Every key stored exactly once, on the owner `ring` names, with its value. */
function assertPlaced(workers: Worker[], ring: HashRing, keys: string[] = KEYS) {
  for (const key of keys) {
    assert.deepEqual(holders(workers, key), [ring.ownerOf(key)], `${key} should be stored on ${ring.ownerOf(key)} (its owner on a HashRing of ${ring.nodes.join(', ')}) and nowhere else`);
    const owner = workers.find((w) => w.id === ring.ownerOf(key))!;
    assert.equal(owner.store.get(key), valueOf(key), `${key} keeps its value`);
  }
}

async function assertReadable(router: Router, keys: string[] = KEYS) {
  for (let i = 0; i < keys.length; i += 20) {
    const batch = keys.slice(i, i + 20);
    const values = await Promise.all(batch.map((k) => router.get(k)));
    batch.forEach((k, j) => assert.equal(values[j], valueOf(k), `router.get('${k}')`));
  }
}

test('each key is stored on the worker a HashRing of the worker ids names, and only there', { timeout: 30_000 }, async (t) => {
  const workers = await startWorkers(t, ['w1', 'w2', 'w3']);
  const router = new Router(workers.map(ref), PATIENT);
  const ring = new HashRing(['w1', 'w2', 'w3']);
  assert.deepEqual(router.workers(), ['w1', 'w2', 'w3']);
  await fill(router);
  for (const key of KEYS) assert.equal(router.ownerOf(key), ring.ownerOf(key), `ownerOf('${key}')`);
  assertPlaced(workers, ring);
  await assertReadable(router);
});

test('get asks the owner over HTTP every time: what the worker holds is the truth', { timeout: 30_000 }, async (t) => {
  const workers = await startWorkers(t, ['w1', 'w2', 'w3']);
  const router = new Router(workers.map(ref), PATIENT);
  await router.put('user:7', 'first');
  const owner = workers.find((w) => w.id === new HashRing(['w1', 'w2', 'w3']).ownerOf('user:7'))!;
  owner.store.set('user:7', 'changed on the worker');
  assert.equal(await router.get('user:7'), 'changed on the worker', 'the router must not answer from a copy of its own');
  owner.store.delete('user:7');
  assert.equal(await router.get('user:7'), undefined, 'a key the owner does not hold (404) reads as undefined');
  assert.equal(await router.get('never-written'), undefined);
  assert.ok(owner.requests.some((r) => r.method === 'GET' && r.key === 'user:7'), 'the owner received the GET');
});

test('a worker error is an error, not a missing key or a success', { timeout: 30_000 }, async (t) => {
  const workers = await startWorkers(t, ['w1', 'w2', 'w3']);
  const router = new Router(workers.map(ref), PATIENT);
  const owner = workers.find((w) => w.id === router.ownerOf('user:9'))!;
  await router.put('user:9', 'stored');
  owner.failReads = true;
  await assert.rejects(router.get('user:9'), 'a 503 from the worker must reject get(): the key is not missing, the worker is failing');
  owner.failWrites = true;
  await assert.rejects(router.put('user:9', 'x'), 'a 503 from the worker must reject put()');
});

test('adding a worker moves exactly the keys whose owner changed, onto it, and deletes the old copies', { timeout: 60_000 }, async (t) => {
  const [w1, w2, w3, w4] = await startWorkers(t, ['w1', 'w2', 'w3', 'w4']);
  const router = new Router([w1, w2, w3].map(ref), PATIENT);
  await fill(router);
  const before = new HashRing(['w1', 'w2', 'w3']);
  const after = new HashRing(['w1', 'w2', 'w3', 'w4']);
  const moving = KEYS.filter((k) => before.ownerOf(k) !== after.ownerOf(k));
  const staying = KEYS.filter((k) => before.ownerOf(k) === after.ownerOf(k));
  clearLogs([w1, w2, w3, w4]);

  const result = await router.addWorker(ref(w4));
  assert.deepEqual(router.workers(), ['w1', 'w2', 'w3', 'w4']);
  assert.equal(result.moved, moving.length, `addWorker should report the ${moving.length} keys whose owner changed`);
  assertPlaced([w1, w2, w3, w4], after);
  const disturbed = staying.filter((k) => touched([w1, w2, w3, w4]).has(k));
  assert.deepEqual(disturbed, [], 'keys whose owner did not change must not be read, copied or deleted');
  for (const key of KEYS) assert.equal(router.ownerOf(key), after.ownerOf(key));
  await assertReadable(router);
});

test('while keys are being copied, reads still reach the old owners', { timeout: 60_000 }, async (t) => {
  const [w1, w2, w3, w4] = await startWorkers(t, ['w1', 'w2', 'w3', 'w4']);
  // A long deadline: the held copy must not time out while the test reads.
  const router = new Router([w1, w2, w3].map(ref), { timeoutMs: 30_000 });
  await fill(router);
  const release = w4.holdWrites();
  const adding = router.addWorker(ref(w4));
  adding.catch(() => {}); // awaited below
  for (let waited = 0; w4.heldWrites === 0; waited += 10) {
    assert.ok(waited < 10_000, 'addWorker should copy keys to the new worker with PUT');
    await sleep(10);
  }
  try {
    // The first copy has reached the new worker but is not stored yet.
    await assertReadable(router);
  } finally {
    release();
  }
  await adding;
  await assertReadable(router);
});

test('if a copy fails, addWorker rejects and every key stays where it was, readable', { timeout: 60_000 }, async (t) => {
  const [w1, w2, w3, w4] = await startWorkers(t, ['w1', 'w2', 'w3', 'w4']);
  const router = new Router([w1, w2, w3].map(ref), PATIENT);
  await fill(router);
  w4.failWrites = true;
  await assert.rejects(router.addWorker(ref(w4)), 'the new worker refused the copies: addWorker must reject');
  assert.deepEqual(router.workers(), ['w1', 'w2', 'w3'], 'the failed worker receives no traffic');
  assertPlaced([w1, w2, w3, w4], new HashRing(['w1', 'w2', 'w3']));
  await assertReadable(router);
});

test('removing a worker gracefully moves its keys to their new owners first: no key is lost', { timeout: 60_000 }, async (t) => {
  const workers = await startWorkers(t, ['w1', 'w2', 'w3', 'w4']);
  const [w1, w2, w3, w4] = workers;
  const router = new Router(workers.map(ref), PATIENT);
  await fill(router);
  const leaving = KEYS.filter((k) => w2.store.has(k));
  assert.ok(leaving.length > 0);
  clearLogs(workers);

  const result = await router.removeWorker('w2');
  assert.deepEqual(router.workers(), ['w1', 'w3', 'w4']);
  assert.equal(result.moved, leaving.length, 'removeWorker should report how many keys the leaving worker handed over');
  assertPlaced([w1, w3, w4], new HashRing(['w1', 'w3', 'w4']));
  const others = KEYS.filter((k) => !leaving.includes(k));
  assert.deepEqual(others.filter((k) => touched([w1, w3, w4]).has(k)), [], 'keys of the other workers must not be read, copied or deleted');

  const seen = w2.requests.length;
  await assertReadable(router);
  await fill(router);
  assert.equal(w2.requests.length, seen, 'after removeWorker resolves, the removed worker receives no requests');
});

test('a worker that does not answer makes get and put fail with a TimeoutError after timeoutMs', { timeout: 30_000 }, async (t) => {
  const workers = await startWorkers(t, ['w1', 'w2', 'w3']);
  const patient = new Router(workers.map(ref), PATIENT);
  await fill(patient, KEYS.slice(0, 30));
  const router = new Router(workers.map(ref), { timeoutMs: 300 });
  const stuck = workers.find((w) => w.id === router.ownerOf('user:1'))!;
  const healthy = KEYS.slice(0, 30).find((k) => router.ownerOf(k) !== stuck.id)!;
  stuck.stalled = true;
  for (const [what, call] of [['get', () => router.get('user:1')], ['put', () => router.put('user:1', 'x')]] as const) {
    const started = performance.now();
    await assert.rejects(call(), (err: Error) => {
      assert.equal(err.name, 'TimeoutError', `${what} should fail with a TimeoutError, got ${err.name}: ${err.message}`);
      return true;
    });
    const took = performance.now() - started;
    assert.ok(took >= 250, `${what} gave up after ${Math.round(took)} ms: it should wait about timeoutMs (300 ms)`);
    assert.ok(took < 5_000, `${what} took ${Math.round(took)} ms: it should give up after about timeoutMs (300 ms)`);
  }
  assert.equal(await patient.get(healthy), valueOf(healthy), 'the other workers still answer');
});
