import { emailClient } from './email-client.ts';
import { OrderError, ValidationError } from './errors.ts';

export { OrderError, ValidationError };

export interface OrderItem {
  sku: string;
  /** whole number >= 1 */
  qty: number;
  /** whole number >= 0 */
  unitPriceCents: number;
}

export interface Order {
  id: string;
  /** lower-cased */
  customerEmail: string;
  items: OrderItem[];
  totalCents: number;
  status: 'placed' | 'cancelled';
  /** ISO 8601 */
  createdAt: string;
  /** ISO 8601 */
  cancelledAt?: string;
}

export interface PlaceOrderInput {
  customerEmail: string;
  items: OrderItem[];
}

/** Orders can be cancelled for 30 minutes after they were placed. */
const CANCEL_WINDOW_MS = 30 * 60 * 1000;

// The "database". Every service instance shares it, and tests cannot start from a clean slate.
const db: Map<string,Order> = new Map();

/**
 * TODO: this is the code you refactor. Today it reaches straight for the email SDK, the system clock,
 * Math.random() and the module-level Map above. Introduce ports (src/ports.js) and accept them here:
 *
 *   createOrderService({ repo, notifier, clock, ids, logger })
 *
 * Every dependency is optional and defaults to today's behaviour, so createOrderService() with no
 * arguments still passes test/characterization.test.js unchanged.
 *
 * @returns {{
 *   placeOrder(input: PlaceOrderInput): Promise<Order>,
 *   getOrder(id: string): Promise<Order | null>,
 *   cancelOrder(id: string): Promise<Order>,
 *   listOrders(customerEmail: string): Promise<Order[]>,
 * }}
 */
// The tests already pass the dependencies in; today they are ignored. Give them names and types, and use them.
export function createOrderService(_deps: Record<string, unknown> = {}): {
placeOrder(input: PlaceOrderInput): Promise<Order>;
getOrder(id: string): Promise<Order|null>;
cancelOrder(id: string): Promise<Order>;
listOrders(customerEmail: string): Promise<Order[]>;
} {
  return {
    async placeOrder(input) {
      const email = String(input?.customerEmail ?? '').trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ValidationError('customerEmail is not a valid email address');
      if (!Array.isArray(input.items) || input.items.length === 0) throw new ValidationError('an order needs at least one item');
      for (const item of input.items) {
        if (typeof item?.sku !== 'string' || item.sku === '') throw new ValidationError('every item needs a sku');
        if (!Number.isInteger(item.qty) || item.qty < 1) throw new ValidationError(`qty of ${item.sku} must be a whole number >= 1`);
        if (!Number.isInteger(item.unitPriceCents) || item.unitPriceCents < 0) {
          throw new ValidationError(`unitPriceCents of ${item.sku} must be a whole number >= 0`);
        }
      }

      const id = 'ord_' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
      const items = input.items.map(({ sku, qty, unitPriceCents }) => ({ sku, qty, unitPriceCents }));
      const order: Order = {
        id,
        customerEmail: email,
        items,
        totalCents: items.reduce((sum, item) => sum + item.qty * item.unitPriceCents, 0),
        status: 'placed',
        createdAt: new Date().toISOString(),
      };
      db.set(id, order);

      const lines = items.map((item) => `${item.qty} x ${item.sku}`).join('\n');
      await emailClient.send({
        to: email,
        subject: `Order ${id} confirmed`,
        text: `Thanks for your order ${id}.\n\n${lines}\n\nTotal: ${(order.totalCents / 100).toFixed(2)}`,
      });
      return structuredClone(order);
    },

    async getOrder(id) {
      const order = db.get(id);
      return order ? structuredClone(order) : null;
    },

    async cancelOrder(id) {
      const order = db.get(id);
      if (!order) throw new OrderError('NOT_FOUND', `order ${id} does not exist`);
      if (order.status === 'cancelled') throw new OrderError('ALREADY_CANCELLED', `order ${id} is already cancelled`);
      if (Date.now() - Date.parse(order.createdAt) > CANCEL_WINDOW_MS) {
        throw new OrderError('CANCEL_WINDOW_CLOSED', `order ${id} can no longer be cancelled`);
      }
      order.status = 'cancelled';
      order.cancelledAt = new Date().toISOString();

      await emailClient.send({
        to: order.customerEmail,
        subject: `Order ${id} cancelled`,
        text: `Your order ${id} has been cancelled. You will not be charged.`,
      });
      return structuredClone(order);
    },

    async listOrders(customerEmail) {
      const email = customerEmail.trim().toLowerCase();
      return [...db.values()]
        .filter((order) => order.customerEmail === email)
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
        .map((order) => structuredClone(order));
    },
  };
}
