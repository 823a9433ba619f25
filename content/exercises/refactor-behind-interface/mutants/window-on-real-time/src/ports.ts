// Ports: what the order service needs from the outside world, described as JSDoc types.
// The service depends on these shapes only, never on the email SDK, Date.now(), Math.random()
// or a module-level Map. Production code and tests plug in whatever fits (adapters).
//
// Notice that the ports speak the language of the domain ("an order was placed"), not of the
// technology ("send an email with this subject"). Swapping email for SMS, or adding a push
// notification, then changes an adapter and leaves the service alone.

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

/** Tells the time. In production `{ now: () => Date.now() }`; in tests a clock you move by hand. */
export interface Clock {
  /** milliseconds since the epoch */
  now: () => number;
}

/** Returns a new, unique order id each time it is called. */
export type IdGenerator = () => string;

/** Where orders are kept. Implementations store and return copies: what the service holds in memory is never the stored row itself, just as with a real database. */
export interface OrderRepository {
  /** insert, or replace the order with the same id */
  save: (order: Order) => Promise<void>;
  findById: (id: string) => Promise<Order | null>;
  /** email already normalized; any order */
  findByCustomer: (customerEmail: string) => Promise<Order[]>;
}

/** Tells the customer what happened to their order. How (email, SMS…) is the adapter's business. */
export interface Notifier {
  orderPlaced: (order: Order) => Promise<void>;
  orderCancelled: (order: Order) => Promise<void>;
}

/** Where operational problems are reported. */
export interface Logger {
  error: (message: string, details?: Record<string, unknown>) => void;
}

