import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { HttpError, postJson, readJson, sendJson } from './http.ts';
import { createLedger } from './ledger.ts';
import type { Ledger } from './ledger.ts';
import { createWebhookSender } from './webhooks.ts';
import type { Clock, Scheduler, Send, WebhookSender } from './webhooks.ts';
import { fakeProcessor } from './processor.ts';
import type { Processor } from './processor.ts';

export interface PaymentsOptions {
  webhookSecret: string;
  /** default: setTimeout */
  scheduler?: Scheduler;
  /** default: Date.now */
  clock?: Clock;
  /** default: fakeProcessor, which approves everything */
  processor?: Processor;
  /** default: postJson with a 5 s timeout */
  send?: Send;
  /** webhook attempts per event and endpoint (default 5) */
  maxAttempts?: number;
  /** first webhook retry delay (default 1000) */
  baseDelayMs?: number;
}

export interface Charge {
  id: string;
  /** cents */
  amount: number;
  currency: string;
  customerId: string;
  /** cents kept by the platform */
  fee: number;
  status: 'succeeded';
  processorReference: string;
}

export interface PaymentsApp {
  server: http.Server;
  ledger: Ledger;
  webhooks: WebhookSender;
}

/**
 * What is remembered about an Idempotency-Key. In production this is a table with a unique key and a
 * 24-hour expiry, written in the same transaction as the charge.
 */
type IdempotencyRecord =
  | { state: 'in_progress', fingerprint: string }
  | { state: 'done', fingerprint: string, status: number, body: unknown };

/**
 * A stable digest of the request body, so that "same key, same request" can be told from "same key, a
 * different request". Keys are sorted: {a, b} and {b, a} are the same request.
 */
function fingerprint(body: unknown): string {
  const canonical =
    body && typeof body === 'object' && !Array.isArray(body)
      ? JSON.stringify(Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1))))
      : JSON.stringify(body);
  return createHash('sha256').update(canonical).digest('hex');
}
const CURRENCIES = new Set(['usd', 'eur', 'gbp']);

/** Platform fee: 2.9% (rounded to the nearest cent) + 30 cents. */
export const feeFor = (amount: number): number => Math.round((amount * 29) / 1000) + 30;

const timerScheduler: Scheduler = { schedule: (delayMs, task) => void setTimeout(task, delayMs).unref() };

export function createPaymentsApp({
  webhookSecret,
  scheduler = timerScheduler,
  clock = { now: () => Date.now() },
  processor = fakeProcessor,
  send = postJson,
  maxAttempts = 5,
  baseDelayMs = 1000,
}: PaymentsOptions): PaymentsApp {
  const ledger = createLedger();
  const webhooks = createWebhookSender({ secret: webhookSecret, scheduler, clock, send, maxAttempts, baseDelayMs });
  const idempotency = new Map<string, IdempotencyRecord>();

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.code });
      sendJson(res, 500, { error: 'internal' });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST' && req.url === '/webhook-endpoints') {
      const body = (await readJson(req)) as { url?: unknown } | null;
      if (typeof body?.url !== 'string' || !/^https?:\/\//.test(body.url)) throw new HttpError(400, 'invalid_url');
      return sendJson(res, 201, webhooks.addEndpoint(body.url));
    }
    if (req.method === 'POST' && req.url === '/charges') return createCharge(req, res);
    sendJson(res, 404, { error: 'not_found' });
  }

  /** POST /charges */
  async function createCharge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      throw new HttpError(400, 'idempotency_key_required');
    }
    const body = (await readJson(req)) as Record<string, unknown> | null;
    const print = fingerprint(body);

    // Everything from this lookup to the reservation below is synchronous: no other request can slip in
    // between. That is what makes check-and-reserve atomic in one Node process (across processes, a
    // unique constraint in the database plays this role).
    const known = idempotency.get(key);
    if (known) {
      if (known.fingerprint !== print) throw new HttpError(422, 'idempotency_key_reused');
      if (known.state === 'in_progress') throw new HttpError(409, 'idempotency_request_in_progress');
      return sendJson(res, known.status, known.body, { 'idempotent-replayed': 'true' });
    }

    // Validation failures are not remembered: the client may fix the body and retry with the same key.
    const { amount, currency, customerId } = body ?? {};
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 50) throw new HttpError(400, 'invalid_amount');
    if (typeof currency !== 'string' || !CURRENCIES.has(currency)) throw new HttpError(400, 'invalid_currency');
    if (typeof customerId !== 'string' || customerId === '') throw new HttpError(400, 'invalid_customer');

    // Reserve the key BEFORE the first await: a concurrent duplicate now gets 409 instead of a second charge.
    idempotency.set(key, { state: 'in_progress', fingerprint: print });

    let reference: string;
    try {
      ({ reference } = await processor.charge({ amount, currency, customerId }));
    } catch {
      // Nothing was charged: forget the key so that the client can retry it.
      idempotency.delete(key);
      throw new HttpError(502, 'processor_unavailable');
    }

    const fee = feeFor(amount);
    const charge: Charge = { id: `ch_${randomUUID()}`, amount, currency, customerId, fee, status: 'succeeded', processorReference: reference };

    // Double entry: the customer owes the full amount; the merchant and the platform share it.
    ledger.post({
      transactionId: charge.id,
      entries: [
        { account: `customer:${customerId}`, direction: 'debit', amount },
        { account: 'merchant', direction: 'credit', amount: amount - fee },
        { account: 'platform_fees', direction: 'credit', amount: fee },
      ],
    });

    idempotency.set(key, { state: 'done', fingerprint: print, status: 201, body: charge });

    // Announce it once. Delivery happens in the background and never delays (or fails) this response.
    webhooks.enqueue({
      id: `evt_${randomUUID()}`,
      type: 'charge.succeeded',
      created: Math.floor(clock.now() / 1000),
      data: { charge },
    });

    sendJson(res, 201, charge);
  }

  return { server, ledger, webhooks };
}
