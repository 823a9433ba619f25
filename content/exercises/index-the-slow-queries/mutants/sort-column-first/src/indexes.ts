// mutant: puts the sort column first, (created_at, customer_id, status): the customer's orders are scattered over the whole index, so it walks other customers' entries; breaks rule 2 (pages read, seek on customer_id and status)
/**
 * Your indexes: one `CREATE INDEX` statement per string. The tests run them, in order, on the loaded
 * tables, then run ANALYZE (as you would after a bulk load) and read each query's plan. See README.md.
 */
export const INDEXES: string[] = [
  // Equality columns first (customer_id, status), then the sort column: the customer's paid orders are
  // one contiguous run of the index, already newest first, so the scan stops after 20 entries.
  'CREATE INDEX orders_customer_status_created_idx ON orders (created_at DESC, customer_id, status)',
  // Only 1 % of orders are pending: a partial index holds just those, in queue order. It stays tiny,
  // and writes to the other 99 % of orders never touch it.
  `CREATE INDEX orders_pending_created_idx ON orders (created_at) WHERE status = 'pending'`,
  // The query compares lower(email), so the index must store lower(email): an index on email itself
  // cannot answer it.
  'CREATE INDEX customers_lower_email_idx ON customers (lower(email))',
];
