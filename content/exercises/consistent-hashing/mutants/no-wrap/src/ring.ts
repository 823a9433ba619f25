// mutant: a key past the largest position goes to the last virtual node instead of wrapping to the first; breaks the wrap-around rule
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

/** One point on the ring. */
interface VirtualNode {
  position: number;
  nodeId: string;
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
  if (!Number.isInteger(vnodes) || vnodes < 1) {
    throw new RangeError(`vnodes must be a whole number >= 1, got ${vnodes}`);
  }

  const members: Set<string> = new Set();
  /**
   * Every virtual node of every member, sorted by position, then by node id. Sorting by id on a tie
   * makes the ring a function of its membership only, not of the order nodes joined in.
   */
  let points: VirtualNode[] = [];

  const byPosition = (a: VirtualNode, b: VirtualNode) =>
    a.position - b.position || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0);

  /**
   * Index of the first point whose position is >= target (points.length if none): a binary search,
   * so a lookup costs O(log(nodes × vnodes)) however big the ring is.
   */
  const firstAtOrAfter = (target: number) => {
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (points[mid].position < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  return {
    addNode(nodeId) {
      if (members.has(nodeId)) return;
      members.add(nodeId);
      for (let i = 0; i < vnodes; i++) {
        points.push({ position: hash(`${nodeId}#${i}`), nodeId });
      }
      // Membership changes are rare and lookups are constant, so re-sorting here is the right trade.
      points.sort(byPosition);
    },

    removeNode(nodeId) {
      if (!members.delete(nodeId)) return;
      // Only this node's points disappear; the keys they owned fall through to the next point
      // clockwise. Everybody else's keys stay exactly where they were.
      points = points.filter((point) => point.nodeId !== nodeId);
    },

    getNode(key) {
      if (points.length === 0) return undefined;
      const index = firstAtOrAfter(hash(key));
      // Past the last point: wrap around to the first one. That is what makes it a ring.
      return points[Math.min(index, points.length - 1)].nodeId;
    },

    nodes() {
      return [...members].sort();
    },
  };
}
