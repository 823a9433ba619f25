// Ports: what the order service needs from the outside world, described as JSDoc types.
// The service will depend on these shapes only, never on the email SDK, Date.now(), Math.random()
// or a module-level Map. Production code and tests then plug in whatever fits (adapters).

/** Tells the time. In production `{ now: () => Date.now() }`; in tests a clock you move by hand. */
export interface Clock {
  /** milliseconds since the epoch */
  now: () => number;
}

// TODO: describe the other ports the same way (see the README for the exact method names):
//   IdGenerator      a function returning a new order id
//   OrderRepository  save(order), findById(id), findByCustomer(email), all returning promises
//   Notifier         orderPlaced(order), orderCancelled(order), both returning promises
//   Logger           error(message, details)

