import http from 'node:http';

/** Your application's request handler: whatever the service does for real. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface ShutdownOptions {
  /** Hard deadline for draining; connections still open then are destroyed. Default 10 000. */
  timeoutMs?: number;
  /**
   * How long to keep serving (with /ready answering 503) before the listener closes, so load
   * balancers notice and stop sending traffic. Default 0.
   */
  readinessDelayMs?: number;
  /**
   * Releases resources (a database pool, a queue consumer…). Must run exactly once, after the last
   * response has been sent.
   */
  onClose?: () => void | Promise<void>;
}

export interface ShutdownResult {
  /** true when the deadline hit and connections had to be destroyed */
  forced: boolean;
}

/**
 * Creates an HTTP server around `handler` and adds a readiness probe at GET /ready.
 * Does not call listen(): the caller does.
 */
export function createServer(handler: Handler): http.Server {
  // TODO: keep some per-server state that shutdown() can reach (a WeakMap<http.Server, State> works well):
  //   - are we draining?
  //   - which responses are still in flight?
  //   - the shutdown promise, so a second call returns the same one.
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/ready') {
      // TODO: answer 503 once the server is draining.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready: true }));
      return;
    }
    // TODO: while draining, tell keep-alive clients not to reuse this connection.
    handler(req, res);
  });
  return server;
}

/**
 * Drains `server` (made by createServer()) and releases resources. Called from the SIGTERM handler:
 *
 *   process.once('SIGTERM', () => shutdown(server, { timeoutMs: 10_000, onClose: () => pool.end() }));
 */
export async function shutdown(server: http.Server, { timeoutMs = 10_000, readinessDelayMs = 0, onClose }: ShutdownOptions = {}): Promise<ShutdownResult> {
  // This is what the service does today: it pulls the plug. Every open connection is destroyed at once,
  // including requests that were half-way through a payment, and the pool closes under their feet.
  //
  // TODO: replace it with a graceful drain:
  //   1. mark the server as draining (/ready answers 503), and wait readinessDelayMs;
  //   2. stop accepting new connections;
  //   3. close idle keep-alive connections, and busy ones as soon as their response is done;
  //   4. if connections are still open after timeoutMs, destroy them (forced: true);
  //   5. then, and only then, await onClose();
  //   6. a second call must not start a second shutdown.
  void timeoutMs;
  void readinessDelayMs;
  server.closeAllConnections();
  server.close();
  await onClose?.();
  return { forced: false };
}
