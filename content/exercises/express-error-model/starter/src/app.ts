import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { OrderNotFoundError, OrderStateError } from './orders.ts';
import type { NewOrder, Orders } from './orders.ts';

/** What the app is given: the order storage and where unexpected errors are reported. */
export interface AppDeps {
  orders: Orders;
  /** Called once with the error object itself for every 500 (the tests record the calls). */
  log: (err: unknown) => void;
}

/** One invalid field of a request body. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

/** Sends `problem` with its status and the `application/problem+json` media type. */
export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

/**
 * Checks the body of POST /orders. Invalid: answer 400 with a validation problem that lists every
 * invalid field, and make sure the route handler does not run. Valid: pass the request on.
 */
export function validateNewOrder(req: Request, res: Response, next: NextFunction): void {
  // TODO: sku must be a non-empty string, quantity a whole number from 1 to 100. Careful: in
  //       Express 5, req.body is undefined when the request had no JSON body.
  next();
}

export function createApp({ orders, log }: AppDeps): Express {
  const app = express();
  app.use(express.json());

  // Streams every order as one JSON object per line. Given: do not change it.
  app.get('/orders/export', async (req: Request, res: Response) => {
    res.type('application/x-ndjson');
    for await (const order of orders.list()) res.write(`${JSON.stringify(order)}\n`);
    res.end();
  });

  // TODO: POST /orders (validated) → 201 with the created order.
  // TODO: GET /orders/:id → 200 with the order.
  // TODO: POST /orders/:id/cancel → 200 with the cancelled order.
  //       The storage rejects with OrderNotFoundError or OrderStateError: let those reach the error handler.
  // TODO: a route nobody matched → 404 problem.
  // TODO: the error handler, last: one place that maps every error to a problem (see README.md),
  //       logs each 500 once with log(err), and never writes to a response that has already started.

  return app;
}
