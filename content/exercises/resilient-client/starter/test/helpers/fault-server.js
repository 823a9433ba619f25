// @ts-check
// A FAULT INJECTOR: a loopback HTTP server you can script to misbehave.
// Each incoming request takes the next step of the plan; when the plan is
// empty it answers 200 {"ok":true}.
//
//   const fault = await startFaultServer();
//   fault.plan({ status: 503 }, { delayMs: 50, status: 200, body: { n: 1 } }, { hang: true });
//
// Steps: { status?, body?, delayMs? } answers after delayMs (default 0);
//        { hang: true } never answers at all (until the client gives up).
// (This file lives under test/, so `npm test` also loads it; it has no tests.)

import { createServer } from 'node:http';

/** @typedef {{ status?: number, body?: unknown, delayMs?: number, hang?: boolean }} Step */

export async function startFaultServer() {
  /** @type {Step[]} */
  const steps = [];
  let hits = 0;
  let aborted = 0;

  const server = createServer((req, res) => {
    hits += 1;
    const step = steps.shift() ?? {};
    // 'close' fires when the connection ends. If we had not finished the
    // response by then, the client gave up on us (timeout / abort).
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) aborted += 1;
    });
    if (step.hang) return; // say nothing, ever
    timer = setTimeout(() => {
      res.writeHead(step.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(step.body ?? { ok: true }));
    }, step.delayMs ?? 0);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://127.0.0.1:${port}`,
    /** Queue the behaviour of the next requests, in order. @param {...Step} next */
    plan(...next) {
      steps.push(...next);
    },
    /** How many requests reached the server. */
    get hits() {
      return hits;
    },
    /** How many requests the client abandoned before we answered. */
    get aborted() {
      return aborted;
    },
    /**
     * Wait (up to `withinMs`) until at least `n` requests were abandoned.
     * Connection close events arrive a moment after the client aborts.
     * @param {number} n
     * @param {number} [withinMs]
     */
    async waitForAborted(n, withinMs = 1000) {
      const until = Date.now() + withinMs;
      while (aborted < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      return aborted;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
