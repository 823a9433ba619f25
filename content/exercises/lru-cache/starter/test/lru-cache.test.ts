import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LRUCache } from '../src/lru-cache.ts';

test('set then get returns the value; a missing key gives undefined', () => {
  const cache: LRUCache<string, number> = new LRUCache(3);
  assert.equal(cache.capacity, 3, 'capacity should report the number passed to the constructor');
  assert.equal(cache.size, 0, 'a new cache should be empty');
  cache.set('a', 1).set('b', 2);
  assert.equal(cache.get('a'), 1, 'get("a") should return the value stored with set("a", 1); set() should also return the cache so calls chain');
  assert.equal(cache.get('b'), 2, 'get("b") should return 2');
  assert.equal(cache.get('zzz'), undefined, 'get() of a key that was never set should return undefined');
  assert.equal(cache.size, 2, 'two different keys were set, so size should be 2');
});

test('falsy values are real values', () => {
  const cache: LRUCache<string, unknown> = new LRUCache(5);
  cache.set('zero', 0).set('empty', '').set('no', false).set('nothing', null);
  assert.equal(cache.get('zero'), 0, 'a cached 0 should come back as 0, not undefined: check for a missing entry, not a falsy value');
  assert.equal(cache.get('empty'), '', 'a cached empty string should come back as ""');
  assert.equal(cache.get('no'), false, 'a cached false should come back as false');
  assert.equal(cache.get('nothing'), null, 'a cached null should come back as null');
  assert.equal(cache.has('zero'), true, 'has("zero") should be true even though the value is 0');
});

test('setting an existing key replaces its value without growing the cache', () => {
  const cache: LRUCache<string, number> = new LRUCache(2);
  cache.set('a', 1).set('a', 10);
  assert.equal(cache.get('a'), 10, 'the second set("a", 10) should replace the value');
  assert.equal(cache.size, 1, 'updating a key must not add a second entry');
  cache.set('b', 2);
  assert.equal(cache.get('a'), 10, 'with capacity 2, "a" and "b" both fit, so nothing should have been evicted');
});

test('when full, the least recently used entry is evicted', () => {
  const cache: LRUCache<string, number> = new LRUCache(3);
  cache.set('a', 1).set('b', 2).set('c', 3).set('d', 4);
  assert.equal(cache.size, 3, 'size must never exceed the capacity of 3');
  assert.equal(cache.has('a'), false, '"a" was inserted first and never used again, so it should be the one evicted');
  assert.deepEqual(['b', 'c', 'd'].map((k) => cache.has(k)), [true, true, true], '"b", "c" and "d" should all still be cached');
  cache.set('e', 5);
  assert.equal(cache.has('b'), false, 'the next insert should evict "b", now the least recently used');
});

test('get() counts as a use and protects an entry from eviction', () => {
  const cache: LRUCache<string, number> = new LRUCache(3);
  cache.set('a', 1).set('b', 2).set('c', 3);
  cache.get('a'); // now b is the least recently used
  cache.set('d', 4);
  assert.equal(cache.has('a'), true, '"a" was just read with get(), so it is recently used and must survive');
  assert.equal(cache.has('b'), false, '"b" became the least recently used after get("a"), so it should be evicted');
});

test('updating with set() also counts as a use, but has() does not', () => {
  const cache: LRUCache<string, number> = new LRUCache(3);
  cache.set('a', 1).set('b', 2).set('c', 3);
  cache.set('a', 100); // a is now the most recently used
  cache.has('b'); // only a look: b stays the least recently used
  cache.set('d', 4);
  assert.equal(cache.has('b'), false, 'has("b") must not refresh "b", so "b" should be evicted');
  assert.equal(cache.get('a'), 100, '"a" was refreshed by set("a", 100) and must survive with its new value');
});

test('delete() removes an entry, frees its slot and reports whether it existed', () => {
  const cache: LRUCache<string, number> = new LRUCache(2);
  cache.set('a', 1).set('b', 2);
  assert.equal(cache.delete('a'), true, 'delete("a") should return true because "a" was cached');
  assert.equal(cache.delete('a'), false, 'a second delete("a") should return false: nothing left to remove');
  assert.equal(cache.get('a'), undefined, 'a deleted key should be gone');
  assert.equal(cache.size, 1, 'size should drop to 1 after the delete');
  cache.set('c', 3);
  assert.equal(cache.has('b'), true, 'the freed slot should take "c" without evicting "b"');
  cache.delete('b');
  cache.delete('c');
  cache.set('x', 9);
  assert.equal(cache.get('x'), 9, 'a cache emptied with delete() should work normally again');
});

test('the constructor rejects a capacity that is not a whole number ≥ 1', () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity, '3']) {
    assert.throws(() => new LRUCache(bad as number), RangeError,
      `new LRUCache(${typeof bad === 'string' ? JSON.stringify(bad) : bad}) should throw a RangeError: a cache that can hold nothing, or an unbounded one, is a bug`);
  }
  const one = new LRUCache(1);
  one.set('a', 1).set('b', 2);
  assert.equal(one.get('b'), 2, 'a cache of capacity 1 keeps only the latest entry');
  assert.equal(one.has('a'), false, 'a cache of capacity 1 should have evicted "a"');
});

test('keys are compared the way a Map compares them', () => {
  const cache = new LRUCache<unknown, string>(4);
  const a = { id: 1 };
  const b = { id: 1 };
  cache.set(a, 'first object').set(b, 'second object').set(1, 'the number 1').set('1', 'the string "1"');
  assert.equal(cache.size, 4, 'two objects with the same content, 1 and "1" are four different keys for a Map');
  assert.equal(cache.get(a), 'first object', 'an object key is found by identity, not by its content');
  assert.equal(cache.get(b), 'second object', 'a second object with the same content is a different key');
  assert.equal(cache.get(1), 'the number 1', 'the number 1 and the string "1" are different keys');
  assert.equal(cache.get('1'), 'the string "1"', 'the string "1" keeps its own value');
  assert.equal(cache.get({ id: 1 }), undefined, 'a fresh object was never set, whatever its content');
});
