// The three queries the shop runs all day. Each one reads a whole table today. You do not change
// them: you give PostgreSQL the indexes that make them cheap (src/indexes.ts).

/** The account page: a customer's 20 newest paid orders. $1 = customer id. */
export const RECENT_PAID_ORDERS = `
  SELECT id, total_cents, created_at
  FROM orders
  WHERE customer_id = $1 AND status = 'paid'
  ORDER BY created_at DESC
  LIMIT 20`;

/** The warehouse worker: the 50 oldest orders still waiting to be paid. */
export const PENDING_QUEUE = `
  SELECT id, customer_id, created_at
  FROM orders
  WHERE status = 'pending'
  ORDER BY created_at
  LIMIT 50`;

/** Sign-in: find a customer by email, whatever capitals they typed. $1 = the typed email. */
export const CUSTOMER_BY_EMAIL = `
  SELECT id, name
  FROM customers
  WHERE lower(email) = lower($1)`;
