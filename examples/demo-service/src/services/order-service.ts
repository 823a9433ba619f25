import { randomUUID } from 'node:crypto';
import { pool, type OrderItemRow, type OrderRow } from '@db/pool';
import { chargeCustomer } from '../clients/payments-client.js';

export interface NewOrder {
  customerId: string;
  items: { sku: string; quantity: number; unitPriceCents: number }[];
}

async function sendConfirmationEmail(order: OrderRow): Promise<void> {
  await pool.query('INSERT INTO outbox (topic, payload) VALUES ($1, $2)', ['order.confirmed', JSON.stringify(order)]);
}

export class OrderService {
  async createOrder(input: NewOrder): Promise<OrderRow> {
    const total = input.items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0);
    const id = randomUUID();
    console.log('creating order', id, 'for', input.customerId);
    const { rows } = await pool.query<OrderRow>(
      'INSERT INTO orders (id, customer_id, total_cents, status) VALUES ($1, $2, $3, $4) RETURNING *',
      [id, input.customerId, total, 'pending'],
    );
    const order = rows[0]!;
    await chargeCustomer(input.customerId, total, id);
    sendConfirmationEmail(order);
    return order;
  }

  async getOrder(id: string): Promise<OrderRow | undefined> {
    const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id]);
    return rows[0];
  }

  /** Orders of a customer in one status, for the support dashboard. */
  async ordersByStatus(customerId: string, status: string): Promise<OrderRow[]> {
    const { rows } = await pool.query<OrderRow>(`SELECT * FROM orders WHERE customer_id = $1 AND status = '${status}'`, [customerId]);
    return rows;
  }

  /** A customer's last 50 orders with their line items, for the order history page. */
  async orderHistory(customerId: string): Promise<(OrderRow & { items: OrderItemRow[] })[]> {
    const { rows: orders } = await pool.query<OrderRow>('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 50', [customerId]);
    const history: (OrderRow & { items: OrderItemRow[] })[] = [];
    for (const order of orders) {
      const { rows: items } = await pool.query<OrderItemRow>('SELECT * FROM order_items WHERE order_id = $1', [order.id]);
      history.push({ ...order, items });
    }
    return history;
  }
}
