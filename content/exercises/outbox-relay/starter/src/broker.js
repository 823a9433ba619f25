// @ts-check
/**
 * A fake message broker (think RabbitMQ with publisher confirms, or Kafka with acks=all).
 * It is provided: read it, but do not change it.
 *
 * - `await broker.publish(topic, message)` resolves once the broker has stored the message (the ack).
 *   If it rejects, assume nothing: the message may or may not have been stored.
 * - `broker.delivered` lists every message the broker accepted, in order, duplicates included:
 *   that is what consumers will receive.
 * - The tests make it fail with `failNext()` or `failWhen()`.
 */

import { setImmediate as roundTrip } from 'node:timers/promises';

/**
 * What the relay publishes for one outbox row.
 * @typedef {object} Message
 * @property {string} id        unique per event (the outbox row's eventId): consumers de-duplicate on it
 * @property {string} key       the aggregate (e.g. the order id): per-key order is what consumers rely on
 * @property {unknown} payload  the event body
 */

/**
 * @typedef {object} FailureOptions
 * @property {number} [times] how many matching publishes fail (default 1)
 * @property {boolean} [afterDelivery] when true, the broker stores the message and THEN the ack is lost:
 *   publish() rejects although the message was delivered (a timeout after the broker wrote it)
 */

export class BrokerError extends Error {
  name = 'BrokerError';
}

export class Broker {
  /** @type {Array<{ topic: string, message: Message }>} every accepted message, in order */
  delivered = [];
  /** How many times publish() was called. */
  attempts = 0;

  /** @type {Array<{ when: (topic: string, message: Message) => boolean, times: number, afterDelivery: boolean }>} */
  #rules = [];

  /**
   * @param {string} topic
   * @param {Message} message
   * @returns {Promise<void>} resolves on ack
   */
  async publish(topic, message) {
    this.attempts++;
    await roundTrip();
    const rule = this.#rules.find((r) => r.times > 0 && r.when(topic, message));
    if (rule) rule.times--;
    if (rule && !rule.afterDelivery) throw new BrokerError(`broker unavailable: ${topic} message ${message?.id} was not stored`);
    this.delivered.push({ topic, message: structuredClone(message) });
    await roundTrip();
    if (rule) throw new BrokerError(`timed out waiting for the ack of ${topic} message ${message?.id} (it was stored)`);
  }

  /**
   * The next `count` publishes fail.
   * @param {number} [count]
   * @param {{ afterDelivery?: boolean }} [options]
   */
  failNext(count = 1, { afterDelivery = false } = {}) {
    this.#rules.push({ when: () => true, times: count, afterDelivery });
  }

  /**
   * Publishes for which `when` returns true fail (`times` of them, default 1).
   * @param {(topic: string, message: Message) => boolean} when
   * @param {FailureOptions} [options]
   */
  failWhen(when, { times = 1, afterDelivery = false } = {}) {
    this.#rules.push({ when, times, afterDelivery });
  }

  /** The ids of the delivered messages, in order (duplicates included). */
  deliveredIds() {
    return this.delivered.map((d) => d.message.id);
  }
}

/** @returns {Broker} */
export function createBroker() {
  return new Broker();
}
