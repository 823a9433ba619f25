// An in-memory stand-in for a database table of seat claims. You do not need to change this file.
//
// It behaves like a real database in the ways that matter here:
// - every call is asynchronous and takes a few event-loop turns, so concurrent callers interleave;
// - each call runs atomically at one instant (like a single SQL statement);
// - (eventId, seatId) is UNIQUE: insert() fails with UniqueViolation if the pair exists;
// - every row has a version, bumped on each write, for optimistic concurrency (updateIf/deleteIf);
// - rows you read are copies: changing them changes nothing until you write.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** one row per (eventId, seatId) that is held or booked */
export interface Claim {
  eventId: string;
  seatId: string;
  /** a fresh id for each hold */
  holdId: string;
  userId: string;
  status: 'held' | 'booked';
  /** ms since epoch while held; null once booked */
  expiresAt: number | null;
  /** set by the store: 1 on insert, +1 on every write */
  version: number;
}

export type NewClaim = Omit<Claim, 'version'>;

export type ClaimPatch = Partial<Pick<Claim, 'holdId' | 'userId' | 'status' | 'expiresAt'>>;

/** Thrown by insert() when a row for the same (eventId, seatId) already exists. */
export class UniqueViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UniqueViolation';
  }
}

/**
 * A tiny seeded PRNG (mulberry32), so a given seed always produces the same interleaving.
 */
function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param [options] the seed decides how calls interleave
 */
export type SeatStore = ReturnType<typeof createSeatStore>;

export function createSeatStore({ seed = 1 }: { seed?: number } = {}) {
  const rows: Map<string,Claim> = new Map();
  const random = seededRandom(seed);

  const keyOf = (eventId: string, seatId: string) => `${eventId}\u0000${seatId}`;

  /** One trip over the "network": 1 to 3 event-loop turns. */
  async function travel() {
    const turns = 1 + Math.floor(random() * 3);
    for (let i = 0; i < turns; i++) await nextTurn();
  }

  /**
   * Runs `statement` atomically after the request travels to the database, and returns its result
   * after the response travels back.
   * @template T
   */
  async function execute<T>(statement: () => T): Promise<T> {
    await travel();
    let result: T;
    try {
      result = statement();
    } catch (error) {
      await travel();
      throw error;
    }
    await travel();
    return result;
  }

  const copy = (row: Claim): Claim => ({ ...row });

  return {
    /**
     * INSERT. Fails with UniqueViolation if (eventId, seatId) already has a row.
     */
    insert(claim: NewClaim): Promise<Claim> {
      return execute(() => {
        const key = keyOf(claim.eventId, claim.seatId);
        if (rows.has(key)) throw new UniqueViolation(`a claim for seat ${claim.seatId} of ${claim.eventId} already exists`);
        const row = { ...claim, version: 1 };
        rows.set(key, row);
        return copy(row);
      });
    },

    /**
     * SELECT by primary key.
     */
    get(eventId: string, seatId: string): Promise<Claim | null> {
      return execute(() => {
        const row = rows.get(keyOf(eventId, seatId));
        return row ? copy(row) : null;
      });
    },

    /**
     * SELECT … WHERE predicate.
     */
    find(predicate: (claim: Claim) => boolean): Promise<Claim[]> {
      return execute(() => [...rows.values()].map(copy).filter(predicate));
    },

    /**
     * UPDATE … WHERE version = expectedVersion. Returns the updated row, or null when the row is gone
     * or somebody else wrote it since you read it (its version moved on).
     */
    updateIf(eventId: string, seatId: string, expectedVersion: number, patch: ClaimPatch): Promise<Claim | null> {
      return execute(() => {
        const row = rows.get(keyOf(eventId, seatId));
        if (!row || row.version !== expectedVersion) return null;
        const { holdId = row.holdId, userId = row.userId, status = row.status } = patch;
        const expiresAt = 'expiresAt' in patch ? (patch.expiresAt ?? null) : row.expiresAt;
        const updated = { ...row, holdId, userId, status, expiresAt, version: row.version + 1 };
        rows.set(keyOf(eventId, seatId), updated);
        return copy(updated);
      });
    },

    /**
     * DELETE … WHERE version = expectedVersion. Returns whether a row was deleted.
     */
    deleteIf(eventId: string, seatId: string, expectedVersion: number): Promise<boolean> {
      return execute(() => {
        const key = keyOf(eventId, seatId);
        const row = rows.get(key);
        if (!row || row.version !== expectedVersion) return false;
        rows.delete(key);
        return true;
      });
    },

    /**
     * UPSERT without any condition: last writer wins. Convenient, and exactly how double bookings happen.
     */
    put(claim: NewClaim): Promise<Claim> {
      return execute(() => {
        const key = keyOf(claim.eventId, claim.seatId);
        const row = { ...claim, version: (rows.get(key)?.version ?? 0) + 1 };
        rows.set(key, row);
        return copy(row);
      });
    },

    /**
     * DELETE without any condition. Returns whether a row was deleted.
     */
    delete(eventId: string, seatId: string): Promise<boolean> {
      return execute(() => rows.delete(keyOf(eventId, seatId)));
    },
  };
}

