import fs from 'node:fs';
import { pool, type OrderRow } from '@db/pool';

export class ReceiptService {
  /** The printable receipt behind GET /orders/:id/receipt. */
  async receiptHtml(orderId: string): Promise<string | undefined> {
    const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [orderId]);
    const order = rows[0];
    if (!order) return undefined;
    const template = fs.readFileSync(new URL('../../templates/receipt.html', import.meta.url), 'utf8');
    return template.replaceAll('{{id}}', order.id).replaceAll('{{total}}', (order.total_cents / 100).toFixed(2));
  }
}
