// @ts-check
// Ports: what the order service needs from the outside world, described as JSDoc types.
// The service depends on these shapes only, never on the email SDK, Date.now(), Math.random()
// or a module-level Map. Production code and tests plug in whatever fits (adapters).
//
// Notice that the ports speak the language of the domain ("an order was placed"), not of the
// technology ("send an email with this subject"). Swapping email for SMS, or adding a push
// notification, then changes an adapter and leaves the service alone.

/**
 * @typedef {object} OrderItem
 * @property {string} sku
 * @property {number} qty whole number >= 1
 * @property {number} unitPriceCents whole number >= 0
 *
 * @typedef {object} Order
 * @property {string} id
 * @property {string} customerEmail lower-cased
 * @property {OrderItem[]} items
 * @property {number} totalCents
 * @property {'placed' | 'cancelled'} status
 * @property {string} createdAt ISO 8601
 * @property {string} [cancelledAt] ISO 8601
 */

/**
 * Tells the time. In production `{ now: () => Date.now() }`; in tests a clock you move by hand.
 * @typedef {object} Clock
 * @property {() => number} now milliseconds since the epoch
 */

/**
 * Returns a new, unique order id each time it is called.
 * @typedef {() => string} IdGenerator
 */

/**
 * Where orders are kept. Implementations store and return copies: what the service holds in memory
 * is never the stored row itself, just as with a real database.
 * @typedef {object} OrderRepository
 * @property {(order: Order) => Promise<void>} save insert, or replace the order with the same id
 * @property {(id: string) => Promise<Order | null>} findById
 * @property {(customerEmail: string) => Promise<Order[]>} findByCustomer email already normalized; any order
 */

/**
 * Tells the customer what happened to their order. How (email, SMS…) is the adapter's business.
 * @typedef {object} Notifier
 * @property {(order: Order) => Promise<void>} orderPlaced
 * @property {(order: Order) => Promise<void>} orderCancelled
 */

/**
 * Where operational problems are reported.
 * @typedef {object} Logger
 * @property {(message: string, details?: Record<string, unknown>) => void} error
 */

export {};
