// @ts-check
// An in-memory stand-in for a database table of seat claims. You do not need to change this file.
//
// It behaves like a real database in the ways that matter here:
// - every call is asynchronous and takes a few event-loop turns, so concurrent callers interleave;
// - each call runs atomically at one instant (like a single SQL statement);
// - (eventId, seatId) is UNIQUE: insert() fails with UniqueViolation if the pair exists;
// - every row has a version, bumped on each write, for optimistic concurrency (updateIf/deleteIf);
// - rows you read are copies: changing them changes nothing until you write.
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * @typedef {object} Claim one row per (eventId, seatId) that is held or booked
 * @property {string} eventId
 * @property {string} seatId
 * @property {string} holdId a fresh id for each hold
 * @property {string} userId
 * @property {'held' | 'booked'} status
 * @property {number | null} expiresAt ms since epoch while held; null once booked
 * @property {number} version set by the store: 1 on insert, +1 on every write
 *
 * @typedef {Omit<Claim, 'version'>} NewClaim
 * @typedef {Partial<Pick<Claim, 'holdId' | 'userId' | 'status' | 'expiresAt'>>} ClaimPatch
 */

/** Thrown by insert() when a row for the same (eventId, seatId) already exists. */
export class UniqueViolation extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'UniqueViolation';
  }
}

/**
 * A tiny seeded PRNG (mulberry32), so a given seed always produces the same interleaving.
 * @param {number} seed
 */
function seededRandom(seed) {
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
 * @param {{ seed?: number }} [options] the seed decides how calls interleave
 */
export function createSeatStore({ seed = 1 } = {}) {
  /** @type {Map<string, Claim>} */
  const rows = new Map();
  const random = seededRandom(seed);

  /** @param {string} eventId @param {string} seatId */
  const keyOf = (eventId, seatId) => `${eventId}\u0000${seatId}`;

  /** One trip over the "network": 1 to 3 event-loop turns. */
  async function travel() {
    const turns = 1 + Math.floor(random() * 3);
    for (let i = 0; i < turns; i++) await nextTurn();
  }

  /**
   * Runs `statement` atomically after the request travels to the database, and returns its result
   * after the response travels back.
   * @template T
   * @param {() => T} statement
   * @returns {Promise<T>}
   */
  async function execute(statement) {
    await travel();
    /** @type {T} */
    let result;
    try {
      result = statement();
    } catch (error) {
      await travel();
      throw error;
    }
    await travel();
    return result;
  }

  /** @param {Claim} row @returns {Claim} */
  const copy = (row) => ({ ...row });

  return {
    /**
     * INSERT. Fails with UniqueViolation if (eventId, seatId) already has a row.
     * @param {NewClaim} claim
     * @returns {Promise<Claim>}
     */
    insert(claim) {
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
     * @param {string} eventId
     * @param {string} seatId
     * @returns {Promise<Claim | null>}
     */
    get(eventId, seatId) {
      return execute(() => {
        const row = rows.get(keyOf(eventId, seatId));
        return row ? copy(row) : null;
      });
    },

    /**
     * SELECT … WHERE predicate.
     * @param {(claim: Claim) => boolean} predicate
     * @returns {Promise<Claim[]>}
     */
    find(predicate) {
      return execute(() => [...rows.values()].map(copy).filter(predicate));
    },

    /**
     * UPDATE … WHERE version = expectedVersion. Returns the updated row, or null when the row is gone
     * or somebody else wrote it since you read it (its version moved on).
     * @param {string} eventId
     * @param {string} seatId
     * @param {number} expectedVersion
     * @param {ClaimPatch} patch
     * @returns {Promise<Claim | null>}
     */
    updateIf(eventId, seatId, expectedVersion, patch) {
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
     * @param {string} eventId
     * @param {string} seatId
     * @param {number} expectedVersion
     * @returns {Promise<boolean>}
     */
    deleteIf(eventId, seatId, expectedVersion) {
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
     * @param {NewClaim} claim
     * @returns {Promise<Claim>}
     */
    put(claim) {
      return execute(() => {
        const key = keyOf(claim.eventId, claim.seatId);
        const row = { ...claim, version: (rows.get(key)?.version ?? 0) + 1 };
        rows.set(key, row);
        return copy(row);
      });
    },

    /**
     * DELETE without any condition. Returns whether a row was deleted.
     * @param {string} eventId
     * @param {string} seatId
     * @returns {Promise<boolean>}
     */
    delete(eventId, seatId) {
      return execute(() => rows.delete(keyOf(eventId, seatId)));
    },
  };
}

/** @typedef {ReturnType<typeof createSeatStore>} SeatStore */
