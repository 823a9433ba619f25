// Adapters: concrete implementations of the ports for production (and for the default wiring).
import { randomUUID } from 'node:crypto';
import type { Order, OrderRepository, Notifier, Clock, IdGenerator, Logger } from './ports.ts';
import type { Email } from './email-client.ts';

export const systemClock: Clock = { now: () => Date.now() };

export const randomIds: IdGenerator = () => `ord_${randomUUID()}`;

/** Reports to stderr. The one place that knows about the console. @type {Logger} */
export const consoleLogger: Logger = {
  error: (message, details) => console.error(message, details ?? ''),
};

/**
 * The in-memory "database" that used to be a module-level Map, now one per repository, so every
 * service (and every test) can start from a clean slate.
 */
export function createInMemoryOrderRepository(): OrderRepository {
  const rows: Map<string,Order> = new Map();
  return {
    async save(order) {
      rows.set(order.id, structuredClone(order));
    },
    async findById(id) {
      const order = rows.get(id);
      return order ? structuredClone(order) : null;
    },
    async findByCustomer(customerEmail) {
      return [...rows.values()].filter((order) => order.customerEmail === customerEmail).map((order) => structuredClone(order));
    },
  };
}

/**
 * Turns domain events into emails through the vendor SDK. The wording of the emails moved here from
 * the service: it is presentation, not business logic.
 */
export function createEmailNotifier(client: { send(email: Email): Promise<unknown> }): Notifier {
  return {
    async orderPlaced(order) {
      const lines = order.items.map((item) => `${item.qty} x ${item.sku}`).join('\n');
      await client.send({
        to: order.customerEmail,
        subject: `Order ${order.id} confirmed`,
        text: `Thanks for your order ${order.id}.\n\n${lines}\n\nTotal: ${(order.totalCents / 100).toFixed(2)}`,
      });
    },
    async orderCancelled(order) {
      await client.send({
        to: order.customerEmail,
        subject: `Order ${order.id} cancelled`,
        text: `Your order ${order.id} has been cancelled. You will not be charged.`,
      });
    },
  };
}
