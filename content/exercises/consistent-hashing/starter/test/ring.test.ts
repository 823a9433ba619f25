import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRing, type Ring } from '../src/ring.ts';

/** 10 000 keys that look like real cache keys. */
const KEYS = Array.from({ length: 10_000 }, (_, i) => `user:${i}:profile`);

function owners(ring: Ring): Map<string, string | undefined> {
  return new Map(KEYS.map((key) => [key, ring.getNode(key)]));
}

test('an empty ring owns nothing, and vnodes must be a whole number >= 1', () => {
  const ring = createRing();
  assert.equal(ring.getNode('user:1'), undefined, 'a ring with no nodes should return undefined for every key');
  assert.deepEqual(ring.nodes(), [], 'a new ring should have no nodes');
  for (const vnodes of [0, -3, 1.5, Number.NaN]) {
    assert.throws(() => createRing({ vnodes }), RangeError, `createRing({ vnodes: ${vnodes} }) should throw a RangeError`);
  }
});

test('a key goes to the first virtual node clockwise from its hash, wrapping around', () => {
  // A hand-made hash so we know exactly where everything sits on the ring.
  const positions: Record<string, number> = { 'a#0': 100, 'b#0': 200, 'c#0': 300, k50: 50, k100: 100, k150: 150, k250: 250, k301: 301 };
  const hash = (value: string) => {
    assert.ok(value in positions, `unexpected string hashed: ${value} (virtual node i of node N is hashed as "N#i")`);
    return positions[value];
  };
  const ring = createRing({ vnodes: 1, hash });
  for (const node of ['c', 'a', 'b']) ring.addNode(node);

  assert.equal(ring.getNode('k50'), 'a', 'position 50: the next virtual node clockwise is a#0 at 100');
  assert.equal(ring.getNode('k100'), 'a', 'position 100: a key exactly on a virtual node belongs to that node');
  assert.equal(ring.getNode('k150'), 'b', 'position 150: the next virtual node clockwise is b#0 at 200');
  assert.equal(ring.getNode('k250'), 'c', 'position 250: the next virtual node clockwise is c#0 at 300');
  assert.equal(ring.getNode('k301'), 'a', 'position 301 is past the last virtual node: it wraps around to a#0 at 100');
  assert.deepEqual(ring.nodes(), ['a', 'b', 'c'], 'nodes() should list the physical nodes, sorted');
});

test('two virtual nodes on the same position: the node id that sorts first wins, whatever the join order', () => {
  const positions: Record<string, number> = { 'b#0': 100, 'a#0': 100, 'c#0': 200, k50: 50, k100: 100, k150: 150 };
  const hash = (value: string) => {
    assert.ok(value in positions, `unexpected string hashed: ${value}`);
    return positions[value];
  };
  for (const order of [['b', 'a', 'c'], ['a', 'b', 'c'], ['c', 'b', 'a']]) {
    const ring = createRing({ vnodes: 1, hash });
    for (const node of order) ring.addNode(node);
    assert.equal(ring.getNode('k100'), 'a', `nodes joined as ${order.join(', ')}: a#0 and b#0 both sit at 100, and "a" sorts first, so "a" owns position 100`);
    assert.equal(ring.getNode('k50'), 'a', `nodes joined as ${order.join(', ')}: position 50 goes to the tie at 100, which "a" wins`);
    assert.equal(ring.getNode('k150'), 'c', 'position 150: the next virtual node clockwise is c#0 at 200');
    ring.removeNode('a');
    assert.equal(ring.getNode('k100'), 'b', 'without "a", the tie at 100 belongs to "b"');
  }
});

test('the mapping is deterministic and does not depend on the order nodes were added', () => {
  const first = createRing({ vnodes: 100 });
  const second = createRing({ vnodes: 100 });
  for (const node of ['cache-a', 'cache-b', 'cache-c', 'cache-d']) first.addNode(node);
  for (const node of ['cache-d', 'cache-b', 'cache-a', 'cache-c', 'cache-b']) second.addNode(node);

  assert.deepEqual(second.nodes(), ['cache-a', 'cache-b', 'cache-c', 'cache-d'], 'adding a node twice should not add it twice');
  let disagreements = 0;
  for (const key of KEYS) {
    const owner = first.getNode(key);
    if (owner !== second.getNode(key)) disagreements++;
    if (owner !== first.getNode(key)) assert.fail(`the same key must always map to the same node (${key})`);
  }
  assert.equal(disagreements, 0, 'two app servers that know the same nodes must route every key to the same node, whatever order they learned them in');
});

test('with 150 virtual nodes, 10 000 keys spread evenly over 5 nodes (each within 25% of a fair share)', () => {
  const ring = createRing({ vnodes: 150 });
  const nodes = ['cache-a', 'cache-b', 'cache-c', 'cache-d', 'cache-e'];
  for (const node of nodes) ring.addNode(node);

  const counts: Map<string | undefined, number> = new Map();
  for (const key of KEYS) {
    const owner = ring.getNode(key);
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const fair = KEYS.length / nodes.length;
  for (const node of nodes) {
    const count = counts.get(node) ?? 0;
    assert.ok(
      count >= fair * 0.75 && count <= fair * 1.25,
      `${node} owns ${count} of ${KEYS.length} keys; expected ${fair * 0.75}–${fair * 1.25}. Each node needs many virtual nodes spread over the ring`,
    );
  }
  assert.equal(counts.get(undefined), undefined, 'every key should have an owner');
});

test('adding a node moves only about 1/N of the keys, and only onto the new node', () => {
  const ring = createRing({ vnodes: 150 });
  for (const node of ['cache-a', 'cache-b', 'cache-c', 'cache-d']) ring.addNode(node);
  const before = owners(ring);

  ring.addNode('cache-e');
  let moved = 0;
  for (const [key, owner] of owners(ring)) {
    if (owner === before.get(key)) continue;
    moved++;
    assert.equal(owner, 'cache-e', `key ${key} moved from ${before.get(key)} to ${owner}; when a node joins, keys may only move to the new node`);
  }
  const share = moved / KEYS.length;
  assert.ok(
    share >= 0.1 && share <= 0.3,
    `${(share * 100).toFixed(1)}% of keys moved when going from 4 to 5 nodes; expected about 20% (1/5). With hash % N it would be about 80%`,
  );
});

test('removing a node moves only the keys it owned, and adding it back restores the mapping', () => {
  const ring = createRing({ vnodes: 150 });
  for (const node of ['cache-a', 'cache-b', 'cache-c', 'cache-d', 'cache-e']) ring.addNode(node);
  const before = owners(ring);

  ring.removeNode('cache-c');
  ring.removeNode('cache-unknown'); // removing a node that is not there changes nothing
  assert.deepEqual(ring.nodes(), ['cache-a', 'cache-b', 'cache-d', 'cache-e'], 'nodes() should no longer list the removed node');
  for (const [key, owner] of owners(ring)) {
    const previous = before.get(key);
    if (previous === 'cache-c') {
      assert.notEqual(owner, 'cache-c', `key ${key} still maps to the removed node`);
    } else {
      assert.equal(owner, previous, `key ${key} was on ${previous}, which is still up; it must not move when cache-c leaves`);
    }
  }

  ring.addNode('cache-c');
  const after = owners(ring);
  const changed = KEYS.filter((key) => after.get(key) !== before.get(key));
  assert.equal(changed.length, 0, 'after the node comes back, every key should map exactly as before (a restarted cache node gets its keys back)');

  for (const node of ring.nodes()) ring.removeNode(node);
  assert.equal(ring.getNode('user:1'), undefined, 'after removing every node the ring should own nothing');
});
