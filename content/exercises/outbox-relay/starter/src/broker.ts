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

/** What the relay publishes for one outbox row. */
export interface Message {
  /** unique per event (the outbox row's eventId): consumers de-duplicate on it */
  id: string;
  /** the aggregate (e.g. the order id): per-key order is what consumers rely on */
  key: string;
  /** the event body */
  payload: unknown;
}

export interface FailureOptions {
  /** how many matching publishes fail (default 1) */
  times?: number;
  /**
   * when true, the broker stores the message and THEN the ack is lost: publish() rejects although
   * the message was delivered (a timeout after the broker wrote it)
   */
  afterDelivery?: boolean;
}

export class BrokerError extends Error {
  name = 'BrokerError';
}

export class Broker {
  /** every accepted message, in order */
  delivered: Array<{ topic: string; message: Message }> = [];
  /** How many times publish() was called. */
  attempts = 0;

  #rules: Array<{ when: (topic: string, message: Message) => boolean; times: number; afterDelivery: boolean }> = [];

  /** Resolves on ack. */
  async publish(topic: string, message: Message): Promise<void> {
    this.attempts++;
    await roundTrip();
    const rule = this.#rules.find((r) => r.times > 0 && r.when(topic, message));
    if (rule) rule.times--;
    if (rule && !rule.afterDelivery) throw new BrokerError(`broker unavailable: ${topic} message ${message?.id} was not stored`);
    this.delivered.push({ topic, message: structuredClone(message) });
    await roundTrip();
    if (rule) throw new BrokerError(`timed out waiting for the ack of ${topic} message ${message?.id} (it was stored)`);
  }

  /** The next `count` publishes fail. */
  failNext(count = 1, { afterDelivery = false }: { afterDelivery?: boolean } = {}): void {
    this.#rules.push({ when: () => true, times: count, afterDelivery });
  }

  /** Publishes for which `when` returns true fail (`times` of them, default 1). */
  failWhen(when: (topic: string, message: Message) => boolean, { times = 1, afterDelivery = false }: FailureOptions = {}): void {
    this.#rules.push({ when, times, afterDelivery });
  }

  /** The ids of the delivered messages, in order (duplicates included). */
  deliveredIds(): string[] {
    return this.delivered.map((d) => d.message.id);
  }
}

export function createBroker(): Broker {
  return new Broker();
}
