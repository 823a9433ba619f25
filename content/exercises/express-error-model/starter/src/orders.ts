/**
 * The order domain. You do not need to change this file: the tests give your app an object with
 * the `Orders` shape (sometimes one that fails on purpose) and look at what reaches the client.
 */

export interface NewOrder {
  sku: string;
  quantity: number;
}

export interface Order extends NewOrder {
  id: string;
  state: 'placed' | 'shipped' | 'cancelled';
}

/**
 * The base class of every failure the domain expects and describes for the client. Its message is
 * written for the client, so it may be shown. Any other error is a bug or an outage.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No order has this id. */
export class OrderNotFoundError extends DomainError {
  readonly orderId: string;
  constructor(orderId: string) {
    super(`There is no order ${orderId}.`);
    this.orderId = orderId;
  }
}

/** The order exists but cannot make this change in its current state (a shipped order cannot be cancelled). */
export class OrderStateError extends DomainError {
  readonly orderId: string;
  constructor(orderId: string, state: Order['state']) {
    super(`Order ${orderId} is ${state} and can no longer be cancelled.`);
    this.orderId = orderId;
  }
}

/** What the app needs from the order storage. Every method may also reject with an unexpected error. */
export interface Orders {
  create(input: NewOrder): Promise<Order>;
  /** Rejects with OrderNotFoundError when there is no such order. */
  get(id: string): Promise<Order>;
  /** Rejects with OrderNotFoundError, or OrderStateError when the order has shipped. */
  cancel(id: string): Promise<Order>;
  /** Every order, one at a time (a database cursor in real life). */
  list(): AsyncIterable<Order>;
}

/** An in-memory `Orders`, enough to try the app by hand. */
export class InMemoryOrders implements Orders {
  readonly #orders = new Map<string, Order>();
  #next = 1;

  async create(input: NewOrder): Promise<Order> {
    const order: Order = { id: `o-${this.#next++}`, sku: input.sku, quantity: input.quantity, state: 'placed' };
    this.#orders.set(order.id, order);
    return { ...order };
  }

  async get(id: string): Promise<Order> {
    const order = this.#orders.get(id);
    if (!order) throw new OrderNotFoundError(id);
    return { ...order };
  }

  async cancel(id: string): Promise<Order> {
    const order = this.#orders.get(id);
    if (!order) throw new OrderNotFoundError(id);
    if (order.state === 'shipped') throw new OrderStateError(id, order.state);
    order.state = 'cancelled';
    return { ...order };
  }

  /** Marks an order as shipped (the warehouse would do this). */
  async ship(id: string): Promise<void> {
    const order = this.#orders.get(id);
    if (!order) throw new OrderNotFoundError(id);
    order.state = 'shipped';
  }

  async *list(): AsyncIterable<Order> {
    for (const order of this.#orders.values()) yield { ...order };
  }
}
