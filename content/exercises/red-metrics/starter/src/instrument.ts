import { performance } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_BUCKETS } from './registry.ts';
import type { Registry } from './registry.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface InstrumentOptions {
  /**
   * the route templates of the service, e.g. ['/orders/:id', '/health']. A `:name` segment matches
   * any one non-empty path segment. Requests matching none are labelled 'other'.
   */
  routes?: string[];
  /** a clock in milliseconds (default performance.now); tests pass a fake one */
  now?: () => number;
  /** duration buckets in seconds (default DEFAULT_BUCKETS) */
  buckets?: number[];
}

/** The methods we label by name; anything else becomes 'OTHER'. */
export const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Wraps a node:http handler so that every request is counted and timed (RED: rate, errors, duration):
 *
 * - http_requests_total{method, route, status}       counter
 * - http_request_duration_seconds{method, route}     histogram
 *
 * @param registry where the two metrics are registered
 */
export function instrument(handler: Handler, registry: Registry, { routes = [], now = () => performance.now(), buckets = DEFAULT_BUCKETS }: InstrumentOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  // TODO: register the counter and the histogram on `registry`.
  void registry;
  void routes;
  void now;
  void buckets;

  return (req, res) => {
    // TODO: read the clock when the request arrives. When the response has finished, record one
    //       request with its method, route template and status code, and its duration in seconds.
    //       Keep the label values bounded: route templates, never raw paths.

    // Already here: a handler that throws or rejects gets a 500, so the server keeps running.
    // Make sure those 500s are counted too.
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Internal Server Error');
        } else {
          res.destroy();
        }
      });
  };
}
