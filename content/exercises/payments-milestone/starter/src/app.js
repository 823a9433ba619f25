// @ts-check
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { HttpError, postJson, readJson, sendJson } from './http.js';
import { createLedger } from './ledger.js';
import { createWebhookSender } from './webhooks.js';
import { fakeProcessor } from './processor.js';

/**
 * @typedef {import('./webhooks.js').Scheduler} Scheduler
 * @typedef {import('./webhooks.js').Clock} Clock
 * @typedef {import('./webhooks.js').Send} Send
 * @typedef {import('./processor.js').Processor} Processor
 *
 * @typedef {object} PaymentsOptions
 * @property {string} webhookSecret
 * @property {Scheduler} [scheduler] default: setTimeout
 * @property {Clock} [clock] default: Date.now
 * @property {Processor} [processor] default: fakeProcessor, approves everything
 * @property {Send} [send] default: postJson with a 5 s timeout
 * @property {number} [maxAttempts] webhook attempts per event and endpoint (default 5)
 * @property {number} [baseDelayMs] first webhook retry delay (default 1000)
 *
 * @typedef {object} Charge
 * @property {string} id
 * @property {number} amount cents
 * @property {string} currency
 * @property {string} customerId
 * @property {number} fee cents kept by the platform
 * @property {'succeeded'} status
 * @property {string} processorReference
 */

const CURRENCIES = new Set(['usd', 'eur', 'gbp']);

/** Platform fee: 2.9% (rounded to the nearest cent) + 30 cents. @param {number} amount */
export const feeFor = (amount) => Math.round((amount * 29) / 1000) + 30;

/** @type {Scheduler} */
const timerScheduler = { schedule: (delayMs, task) => void setTimeout(task, delayMs).unref() };

/**
 * @param {PaymentsOptions} options
 */
export function createPaymentsApp({
  webhookSecret,
  scheduler = timerScheduler,
  clock = { now: () => Date.now() },
  processor = fakeProcessor,
  send = postJson,
  maxAttempts = 5,
  baseDelayMs = 1000,
}) {
  const ledger = createLedger();
  const webhooks = createWebhookSender({ secret: webhookSecret, scheduler, clock, send, maxAttempts, baseDelayMs });

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.code });
      sendJson(res, 500, { error: 'internal' });
    });
  });

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function route(req, res) {
    if (req.method === 'POST' && req.url === '/webhook-endpoints') {
      const body = /** @type {any} */ (await readJson(req));
      if (typeof body?.url !== 'string' || !/^https?:\/\//.test(body.url)) throw new HttpError(400, 'invalid_url');
      return sendJson(res, 201, webhooks.addEndpoint(body.url));
    }
    if (req.method === 'POST' && req.url === '/charges') return createCharge(req, res);
    sendJson(res, 404, { error: 'not_found' });
  }

  /**
   * POST /charges. This is the version from the prototype; make it production-ready (see README):
   * TODO: require an Idempotency-Key and honour it (replay, 422 on a different body, 409 while in progress);
   * TODO: post balanced entries to the ledger;
   * TODO: enqueue a 'charge.succeeded' webhook event.
   *
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function createCharge(req, res) {
    const body = /** @type {any} */ (await readJson(req));
    const { amount, currency, customerId } = body ?? {};
    if (!Number.isInteger(amount) || amount < 50) throw new HttpError(400, 'invalid_amount');
    if (!CURRENCIES.has(currency)) throw new HttpError(400, 'invalid_currency');
    if (typeof customerId !== 'string' || customerId === '') throw new HttpError(400, 'invalid_customer');

    const { reference } = await processor.charge({ amount, currency, customerId });
    /** @type {Charge} */
    const charge = {
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
