import { hash32 } from './hash.ts';

/** Returns an integer in [0, 2^32). */
export type HashFn = (value: string) => number;

export interface RingOptions {
  /** Virtual nodes per physical node (default 100; must be a whole number >= 1). */
  vnodes?: number;
  /** Default: hash32 from ./hash.ts. */
  hash?: HashFn;
}

export interface Ring {
  /** Adding a node that is already there changes nothing. */
  addNode(nodeId: string): void;
  /** Removing an unknown node changes nothing. */
  removeNode(nodeId: string): void;
  /** The node owning `key`; undefined on an empty ring. */
  getNode(key: string): string | undefined;
  /** The physical nodes, sorted. */
  nodes(): string[];
}

/**
 * Creates a consistent-hash ring.
 *
 * Layout contract (other services build the same ring, so it is part of the protocol):
 * - virtual node i (0 <= i < vnodes) of node N sits at position hash(`${N}#${i}`);
 * - a key belongs to the first virtual node at or after hash(key), clockwise,
 *   wrapping past the top of the ring back to the smallest position;
 * - if two virtual nodes land on the same position, the one whose node id sorts first wins.
 */
export function createRing({ vnodes = 100, hash = hash32 }: RingOptions = {}): Ring {
  // TODO: validate vnodes (a whole number >= 1), otherwise throw a RangeError.

  // What we do today: hash(key) modulo the number of nodes. It is deterministic and balanced,
  // but adding or removing one node remaps almost every key, and for a cache fleet that means
  // a cold cache and a stampede on the database. Replace it with a ring.
  // TODO: keep the virtual-node positions sorted, and find a key's owner with a binary search.
  const members: string[] = [];

  return {
    addNode(nodeId) {
      if (!members.includes(nodeId)) members.push(nodeId);
    },
    removeNode(nodeId) {
      const index = members.indexOf(nodeId);
      if (index !== -1) members.splice(index, 1);
    },
    getNode(key) {
      if (members.length === 0) return undefined;
      return members[hash(key) % members.length];
    },
    nodes() {
      return [...members].sort();
    },
  };
}
