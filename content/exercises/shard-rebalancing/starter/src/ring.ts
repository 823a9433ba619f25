import { createHash } from 'node:crypto';

/**
 * A consistent-hash ring over a fixed set of node ids (the one you built in the consistent-hashing
 * exercise, ready-made). It never changes: for a new membership, build a new ring. Keeping the old
 * and the new ring side by side is exactly what a rebalance needs.
 *
 * You do not need to change this file.
 */
export class HashRing {
  readonly nodes: readonly string[];
  readonly #points: { position: number; node: string }[] = [];

  /** Each node sits at `vnodes` points, `hash32("<id>#<i>")`; ties go to the id that sorts first. */
  constructor(nodeIds: readonly string[], vnodes = 100) {
    this.nodes = [...new Set(nodeIds)].sort();
    for (const node of this.nodes) {
      for (let i = 0; i < vnodes; i++) this.#points.push({ position: hash32(`${node}#${i}`), node });
    }
    this.#points.sort((a, b) => a.position - b.position || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  }

  /** The node that owns `key`: the first point at or after hash32(key), wrapping around; undefined when empty. */
  ownerOf(key: string): string | undefined {
    const points = this.#points;
    if (points.length === 0) return undefined;
    const target = hash32(key);
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (points[mid].position < target) low = mid + 1;
      else high = mid;
    }
    return points[low === points.length ? 0 : low].node;
  }
}

/** The first 32 bits of MD5, as an unsigned integer: well spread, and the same in every language. */
export function hash32(value: string): number {
  return createHash('md5').update(value).digest().readUInt32BE(0);
}
