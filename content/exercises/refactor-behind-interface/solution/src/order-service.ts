import { emailClient } from './email-client.ts';
import { OrderError, ValidationError } from './errors.ts';
import { consoleLogger, createEmailNotifier, createInMemoryOrderRepository, randomIds, systemClock } from './adapters.ts';
import type { Order, OrderItem, OrderRepository, Notifier, Clock, IdGenerator, Logger } from './ports.ts';

export { OrderError, ValidationError };
export type { Order, OrderItem } from './ports.ts';

export interface OrderService {
  placeOrder(input: PlaceOrderInput): Promise<Order>;
  getOrder(id: string): Promise<Order | null>;
  cancelOrder(id: string): Promise<Order>;
  listOrders(customerEmail: string): Promise<Order[]>;
}

export interface PlaceOrderInput {
  customerEmail: string;
  items: OrderItem[];
}

/** every one is optional and defaults to the production adapter */
export interface OrderServiceDeps {
  repo?: OrderRepository;
  notifier?: Notifier;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
}

/** Orders can be cancelled for 30 minutes after they were placed. */
const CANCEL_WINDOW_MS = 30 * 60 * 1000;

/**
 * Creates the order service. The business rules live here; everything that touches the outside world
 * comes in through the ports, so tests (and a future SQL repository) plug in without changing a line.
 */
export function createOrderService({
  repo = createInMemoryOrderRepository(),
  notifier = createEmailNotifier(emailClient),
  clock = systemClock,
  ids = randomIds,
  logger = consoleLogger,
}: OrderServiceDeps = {}): OrderService {
  const nowIso = () => new Date(clock.now()).toISOString();

  /**
   * The order is already saved when we notify: a notification that fails must not turn a
   * successful order into an error for the caller (who would retry and order twice).
   * We report the failure instead of swallowing it, so someone can resend.
   */
  const notify = async (event: 'orderPlaced' | 'orderCancelled', order: Order) => {
    try {
      await notifier[event](structuredClone(order));
    } catch (error) {
      logger.error(`notification ${event} failed`, { orderId: order.id, error });
    }
  };

  return {
    async placeOrder(input) {
      const email = normalizeEmail(input?.customerEmail);
      validate(email, input?.items);

      const items = input.items.map(({ sku, qty, unitPriceCents }) => ({ sku, qty, unitPriceCents }));
      const order: Order = {
        id: ids(),
        customerEmail: email,
        items,
        totalCents: items.reduce((sum, item) => sum + item.qty * item.unitPriceCents, 0),
        status: 'placed',
        createdAt: nowIso(),
      };
      await repo.save(order);
      await notify('orderPlaced', order);
      return structuredClone(order);
    },

    async getOrder(id) {
      return repo.findById(id);
    },

    async cancelOrder(id) {
      const order = await repo.findById(id);
      if (!order) throw new OrderError('NOT_FOUND', `order ${id} does not exist`);
      if (order.status === 'cancelled') throw new OrderError('ALREADY_CANCELLED', `order ${id} is already cancelled`);
      if (clock.now() - Date.parse(order.createdAt) > CANCEL_WINDOW_MS) {
        throw new OrderError('CANCEL_WINDOW_CLOSED', `order ${id} can no longer be cancelled`);
      }
      const cancelled: Order = { ...order, status: 'cancelled', cancelledAt: nowIso() };
      await repo.save(cancelled);
      await notify('orderCancelled', cancelled);
      return structuredClone(cancelled);
    },

    async listOrders(customerEmail) {
      const orders = await repo.findByCustomer(normalizeEmail(customerEmail));
      // Array.prototype.sort is stable: orders placed in the same millisecond keep their saved order.
      return orders.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    },
  };
}

function normalizeEmail(value: unknown) {
  return String(value ?? '').trim().toLowerCase();
}

/**
 * Pure validation: no ports needed, so it is a plain function that is trivial to test on its own.
 */
function validate(email: string, items: unknown): asserts items is OrderItem[] {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ValidationError('customerEmail is not a valid email address');
  if (!Array.isArray(items) || items.length === 0) throw new ValidationError('an order needs at least one item');
  for (const item of items) {
    if (typeof item?.sku !== 'string' || item.sku === '') throw new ValidationError('every item needs a sku');
    if (!Number.isInteger(item.qty) || item.qty < 1) throw new ValidationError(`qty of ${item.sku} must be a whole number >= 1`);
    if (!Number.isInteger(item.unitPriceCents) || item.unitPriceCents < 0) {
      throw new ValidationError(`unitPriceCents of ${item.sku} must be a whole number >= 0`);
    }
  }
}
