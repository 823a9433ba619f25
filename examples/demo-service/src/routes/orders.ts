import { Router } from 'express';
import { pool, type OrderRow } from '@db/pool';
import { OrderService } from '../services/order-service.js';
import { logger } from '../logger.js';

export const orders = Router();
const service = new OrderService();

// GET /orders?page=3&pageSize=20
orders.get('/', async (req, res, next) => {
  try {
    const pageSize = Math.min(Number(req.query.pageSize ?? 20), 100);
    const page = Math.max(Number(req.query.page ?? 1), 1);
    const { rows } = await pool.query<OrderRow>(
      'SELECT * FROM orders ORDER BY created_at DESC LIMIT $1 OFFSET $2',
      [pageSize, (page - 1) * pageSize],
    );
    res.json({ data: rows, page });
  } catch (err) {
    next(err);
  }
});

orders.post('/', async (req, res, next) => {
  try {
    const order = await service.createOrder(req.body);
    logger.info({ orderId: order.id }, 'order created');
    res.status(201).json(order);
  } catch (err) {
    next(err);
  }
});
