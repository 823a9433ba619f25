// mutant: stops the listener but never closes keep-alive connections, so draining waits for the deadline; breaks "close keep-alive connections, idle ones right away, busy ones after their response"
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

/** What shutdown() needs to know about a server made by createServer(). */
interface State {
  draining: boolean;
  /** responses not finished yet */
  inFlight: Set<http.ServerResponse>;
  /** the one shutdown in progress, if any */
  shutdown: Promise<ShutdownResult> | null;
}

const states = new WeakMap<http.Server, State>();

/**
 * Creates an HTTP server around `handler` and adds a readiness probe at GET /ready.
 * Does not call listen(): the caller does.
 */
export function createServer(handler: Handler): http.Server {
  const state: State = { draining: false, inFlight: new Set(), shutdown: null };

  const server = http.createServer((req, res) => {
    state.inFlight.add(res);
    res.on('close', () => state.inFlight.delete(res));


    if (req.method === 'GET' && req.url === '/ready') {
      const ready = !state.draining;
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready }));
      return;
    }
    handler(req, res);
  });

  states.set(server, state);
  return server;
}

/**
 * Drains `server` (made by createServer()) and releases resources. Called from the SIGTERM handler:
 *
 *   process.once('SIGTERM', () => shutdown(server, { timeoutMs: 10_000, onClose: () => pool.end() }));
 */
export function shutdown(server: http.Server, options: ShutdownOptions = {}): Promise<ShutdownResult> {
  const state = states.get(server);
  if (!state) throw new TypeError('shutdown() only works on servers made by createServer()');
  // SIGTERM followed by SIGINT (or an impatient operator) must not run the sequence twice.
  state.shutdown ??= drain(server, state, options);
  return state.shutdown;
}

async function drain(server: http.Server, state: State, { timeoutMs = 10_000, readinessDelayMs = 0, onClose }: ShutdownOptions): Promise<ShutdownResult> {
  // 1. Fail the readiness probe first. The load balancer needs a few probe periods to notice,
  //    and in that window new requests still arrive: we keep serving them.
  state.draining = true;
  if (readinessDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, readinessDelayMs));

  // 2. Stop accepting connections. The callback fires only once every open connection has ended.
  const allClosed = new Promise((resolve) => server.close(() => resolve(undefined)));

  // 3. Idle keep-alive connections would otherwise sit there until their keep-alive timeout.
  //    Busy ones are closed after their response: either it carries `Connection: close`
  //    (set above or in the request listener), or, if its headers were already sent, we end the
  //    socket when it finishes.

  // 4. The deadline: whatever is still open then (a stuck request) is destroyed. The orchestrator
  //    will SIGKILL us soon anyway; better to close cleanly on our own terms.
  let forced = false;
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise((resolve) => {
    deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
      resolve(undefined);
    }, timeoutMs);
  });
  await Promise.race([allClosed, timedOut]);
  clearTimeout(deadline);
  await allClosed; // after closeAllConnections the close callback follows right away

  // 5. Only now is nobody using the pool, the queue consumer, the cache client…
  await onClose?.();
  return { forced };
}
