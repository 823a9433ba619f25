// @ts-check
import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';

/**
 * Stand-in for the email vendor's SDK. In production this makes an HTTPS call to the vendor; here it
 * keeps what it "sent" in `sent` so the characterization tests can look at it.
 *
 * Treat this file as third-party code: do not change it.
 *
 * @typedef {{ to: string, subject: string, text: string }} Email
 */
export const emailClient = {
  /** @type {Email[]} */
  sent: [],

  /**
   * @param {Email} email
   * @returns {Promise<{ messageId: string }>}
   */
  async send(email) {
    await nextTurn(); // the network round trip
    this.sent.push({ ...email });
    return { messageId: randomUUID() };
  },
};
