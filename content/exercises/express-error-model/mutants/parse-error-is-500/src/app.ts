// mutant: maps only the domain errors and lets express.json()'s parse error fall through to 500 (and the log); breaks the rule that a body that is not valid JSON is a 400 invalid-json problem
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

/** Checks the body of POST /orders; answers 400 listing every invalid field, or passes on. */
export function validateNewOrder(req: Request, res: Response, next: NextFunction): void {
  // Express 5 leaves req.body undefined when the request had no JSON body.
  const body: unknown = req.body;
  const input: Record<string, unknown> = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body } : {};
  const errors: FieldProblem[] = [];
  const { sku, quantity } = input;
  if (typeof sku !== 'string' || sku.trim() === '') errors.push({ field: 'sku', message: 'must be a non-empty string' });
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 100) {
    errors.push({ field: 'quantity', message: 'must be a whole number from 1 to 100' });
  }
  if (errors.length > 0) {
    sendProblem(res, { type: '/problems/validation', title: 'The request body is invalid', status: 400, errors });
    return; // answered: the route handler must not run
  }
  next();
}

/** express.json() passes this error on when the body is not valid JSON. */
function isJsonParseError(err: unknown): boolean {
  return err instanceof SyntaxError && (err as { type?: unknown }).type === 'entity.parse.failed';
}

/** The one place that decides what a failure looks like to the client. */
function problemFor(err: unknown): Problem {
  if (err instanceof OrderNotFoundError) return { type: '/problems/order-not-found', title: 'Order not found', status: 404, detail: err.message };
  if (err instanceof OrderStateError) return { type: '/problems/order-state', title: 'The order cannot be changed now', status: 409, detail: err.message };
  // Anything else is a bug or an outage, whatever `status` it carries: say nothing about it.
  return { type: '/problems/internal', title: 'Internal Server Error', status: 500 };
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

  app.post('/orders', validateNewOrder, async (req: Request, res: Response) => {
    const { sku, quantity } = req.body as NewOrder;
    res.status(201).json(await orders.create({ sku, quantity }));
  });

  // Express 5 passes a rejected promise to the error handler: no try/catch, no wrapper.
  app.get('/orders/:id', async (req: Request<{ id: string }>, res: Response) => {
    res.json(await orders.get(req.params.id));
  });

  app.post('/orders/:id/cancel', async (req: Request<{ id: string }>, res: Response) => {
    res.json(await orders.cancel(req.params.id));
  });

  // Nothing matched.
  app.use((req: Request, res: Response) => {
    sendProblem(res, { type: '/problems/route-not-found', title: 'No such route', status: 404, detail: `${req.method} ${req.path}` });
  });

  // Four declared parameters: that is how Express tells an error handler from a middleware.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err); // too late for a status: Express cuts the connection
      return;
    }
    const problem = problemFor(err);
    if (problem.status >= 500) log(err);
    sendProblem(res, problem);
  });

  return app;
}
