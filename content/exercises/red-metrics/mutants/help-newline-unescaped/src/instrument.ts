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
  const requests = registry.counter('http_requests_total', 'HTTP requests handled, by method, route template and status code.', [
    'method',
    'route',
    'status',
  ]);
  const duration = registry.histogram(
    'http_request_duration_seconds',
    'Time from receiving an HTTP request to finishing its response, in seconds.',
    ['method', 'route'],
    buckets,
  );
  // Split the templates once, not on every request.
  const templates = routes.map((route) => ({ route, segments: route.split('/') }));

  /**
   * The template a path belongs to. This is the cardinality guard: whatever URL a client (or a
   * scanner hammering /wp-login.php) sends, the label is one of `routes` or 'other'.
   */
  function routeOf(url = '/'): string {
    const path = url.split('?')[0]!;
    const segments = path.split('/');
    const match = templates.find(
      (t) =>
        t.segments.length === segments.length &&
        t.segments.every((part, i) => (part.startsWith(':') ? segments[i] !== '' : part === segments[i])),
    );
    return match ? match.route : 'other';
  }

  return (req, res) => {
    const start = now();
    const method = req.method !== undefined && KNOWN_METHODS.includes(req.method) ? req.method : 'OTHER';
    const route = routeOf(req.url);

    // 'finish' fires once the whole response has been handed to the OS, so the status is final and
    // the duration includes writing the body. Errors are not special: a 500 is a status like any other,
    // and "errors" in RED is just the requests whose status is 5xx.
    res.once('finish', () => {
      const seconds = (now() - start) / 1000;
      requests.inc({ method, route, status: res.statusCode });
      duration.observe({ method, route }, seconds);
    });

    // A handler that throws or rejects gets a 500, so the server keeps running (and the 500 is counted
    // by the 'finish' listener above like any other response).
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
