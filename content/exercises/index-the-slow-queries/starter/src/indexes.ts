/**
 * Your indexes: one `CREATE INDEX` statement per string. The tests run them, in order, on the loaded
 * tables, then run ANALYZE (as you would after a bulk load) and read each query's plan. See README.md.
 */
export const INDEXES: string[] = [
  // 'CREATE INDEX … ON orders (…)',
];
