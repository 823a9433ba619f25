import pg from 'pg';

// A statement_timeout keeps one slow query from holding a pooled connection forever.
export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  statement_timeout: 5_000,
});

export interface OrderRow {
  id: string;
  customer_id: string;
  total_cents: number;
  status: 'pending' | 'paid' | 'shipped';
  created_at: Date;
}

export interface OrderItemRow {
  order_id: string;
  sku: string;
  quantity: number;
  unit_price_cents: number;
}
