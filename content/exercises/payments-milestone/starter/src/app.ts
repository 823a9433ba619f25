import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
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

  /**
   * POST /charges. This is the prototype's version; make it production-ready (see the README):
   * TODO: require an Idempotency-Key and honour it (replay, 422 for a different body, 409 while in progress);
   * TODO: post balanced entries to the ledger;
   * TODO: enqueue a 'charge.succeeded' webhook event.
   */
  async function createCharge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req)) as Record<string, unknown> | null;
    const { amount, currency, customerId } = body ?? {};
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 50) throw new HttpError(400, 'invalid_amount');
    if (typeof currency !== 'string' || !CURRENCIES.has(currency)) throw new HttpError(400, 'invalid_currency');
    if (typeof customerId !== 'string' || customerId === '') throw new HttpError(400, 'invalid_customer');

    const { reference } = await processor.charge({ amount, currency, customerId });
    const charge: Charge = {
      id: `ch_${randomUUID()}`,
      amount,
      currency,
      customerId,
      fee: feeFor(amount),
      status: 'succeeded',
      processorReference: reference,
    };
    sendJson(res, 201, charge);
  }

  return { server, ledger, webhooks };
}
