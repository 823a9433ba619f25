import express from 'express';
import { orders } from './routes/orders.js';
import { logger } from './logger.js';

const app = express();
app.use(express.json());
app.use('/orders', orders);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => logger.info({ port }, 'listening'));
