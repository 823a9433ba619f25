// @ts-check
// Stand-in for the card network / acquirer. In production this is an HTTPS call that moves real money:
// calling it twice for one purchase charges the customer twice. You do not need to change this file.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * @typedef {{ amount: number, currency: string, customerId: string }} ProcessorRequest
 * @typedef {{ reference: string }} ProcessorResult
 * @typedef {{ charge(request: ProcessorRequest): Promise<ProcessorResult> }} Processor
 */

/** Approves every charge after a network round trip. @type {Processor} */
export const fakeProcessor = {
  async charge() {
    await nextTurn();
    return { reference: `pi_${randomUUID()}` };
  },
};
