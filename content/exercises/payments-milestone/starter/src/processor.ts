// Stand-in for the card network / acquirer. In production this is an HTTPS call that moves real money:
// calling it twice for one purchase charges the customer twice. You do not need to change this file.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface ProcessorRequest {
  amount: number;
  currency: string;
  customerId: string;
}

export interface ProcessorResult {
  reference: string;
}

export interface Processor {
  charge(request: ProcessorRequest): Promise<ProcessorResult>;
}

/** Approves every charge after a network round trip. */
export const fakeProcessor: Processor = {
  async charge() {
    await nextTurn();
    return { reference: `pi_${randomUUID()}` };
  },
};
