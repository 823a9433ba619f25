// A FAULT INJECTOR: a loopback HTTP server you can script to misbehave. Each incoming request takes
// the next step of the plan; when the plan is empty it answers 200 {"ok":true}.
//
//   const fault = await startFaultServer();
//   fault.plan({ status: 503 }, { delayMs: 50, status: 200, body: { n: 1 } }, { hang: true });
//
// Steps: { status?, body?, delayMs? } answers after delayMs (default 0);
//        { hang: true } never answers at all (until the client gives up).
// (Not a *.test.ts file, so `node --test` does not run it on its own.)

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Step {
  status?: number;
  body?: unknown;
  delayMs?: number;
  hang?: boolean;
}

export interface FaultServer {
  url: string;
  /** Queue the behaviour of the next requests, in order. */
  plan(...next: Step[]): void;
  /** How many requests reached the server. */
  readonly hits: number;
  /** How many requests the client abandoned before the server answered. */
  readonly aborted: number;
  /** Waits (up to `withinMs`) until at least `n` requests were abandoned; resolves with the count. */
  waitForAborted(n: number, withinMs?: number): Promise<number>;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const steps: Step[] = [];
  let hits = 0;
  let aborted = 0;
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    hits += 1;
    const step = steps.shift() ?? {};
    let timer: NodeJS.Timeout | undefined;
    // 'close' fires when the connection ends. If the response was not finished by then, the client
    // gave up on us (a deadline, an abort).
    res.on('close', () => {
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
      }
      if (!res.writableFinished) aborted += 1;
    });
    if (step.hang) return; // say nothing, ever
    timer = setTimeout(() => {
      if (timer) timers.delete(timer);
      res.writeHead(step.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(step.body ?? { ok: true }));
    }, step.delayMs ?? 0);
    timers.add(timer);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    plan(...next) {
      steps.push(...next);
    },
    get hits() {
      return hits;
    },
    get aborted() {
      return aborted;
    },
    // Close events arrive a moment after the client aborts; on a busy machine that moment can be long.
    async waitForAborted(n, withinMs = 5000) {
      const until = Date.now() + withinMs;
      while (aborted < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return aborted;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
