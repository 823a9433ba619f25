import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';

/** Stand-in for the email vendor's SDK. In production this makes an HTTPS call to the vendor; here it keeps what it "sent" in `sent` so the characterization tests can look at it. Treat this file as third-party code: do not change it. */
export type Email = { to: string, subject: string, text: string };
export const emailClient = {
  sent: [] as Email[],

  async send(email: Email): Promise<{ messageId: string }> {
    await nextTurn(); // the network round trip
    this.sent.push({ ...email });
    return { messageId: randomUUID() };
  },
};
