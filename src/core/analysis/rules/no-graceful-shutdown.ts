/**
 * no-graceful-shutdown: a server entry point that starts listening and never handles SIGTERM, so
 * every deploy, scale-in or node drain cuts off the requests in flight.
 *
 * How it decides:
 * - The file starts a server: `.listen(…)` on an Express, Koa or Fastify app, an `http(s)`/`net`
 *   server or a NestJS app from `NestFactory.create…`, or on a value named `app`/`server` with a port
 *   argument; at the top level of the module or inside a function that is not exported (an exported
 *   `start()` or a class method leaves the lifecycle to its caller, like a library does).
 * - Not flagged when the file mentions `SIGTERM` anywhere, delegates to shutdown hooks
 *   (`app.enableShutdownHooks()`, `@godaddy/terminus`, `http-terminator`, `close-with-grace`,
 *   `lightship`, `fastify-graceful-shutdown`, `http-graceful-shutdown`, `exit-hook`), runs under
 *   `cluster`/`throng` (the primary owns the signals), calls or imports a project helper named like
 *   `gracefulShutdown`/`registerSignalHandlers`/`onExit`/`cleanup` (or a local module named like
 *   `./shutdown`, `./process-handlers`, `./lifecycle`), runs in a serverless wrapper
 *   (`serverless-http`, `@vendia/serverless-express`, an exported `handler`), or listens only in
 *   development (`if (NODE_ENV === 'development')`, `!== 'production'`, `!process.env.VERCEL`).
 *   Tests, scripts, mocks, dev and test servers, desktop apps (electron), dev tooling (vite,
 *   json-server, msw) and frontend code are never looked at.
 * - Two weaker shapes are also reported: a file that handles only `SIGINT` (Docker, Kubernetes and
 *   systemd send SIGTERM), and a `SIGTERM` handler that only logs and calls `process.exit()` without
 *   closing anything.
 * Quick fix: for NestJS, `app.enableShutdownHooks()` before `listen`; for Express, Koa and `http`
 * servers, a `process.once('SIGTERM', …)` that calls `server.close()` and exits when it is done; for
 * Fastify, one that awaits `app.close()`. Not offered when the server handle is not in reach.
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { esc, unwrap } from '../scope';
import type { RawFix, RuleContext } from '../context';
import { defineRule } from '../rule';
import { isRuntimeBackend, moduleRef } from './support';

const SHUTDOWN_MODULE = /^(@godaddy\/terminus|http-terminator|close-with-grace|lightship|fastify-graceful-shutdown|@fastify\/graceful-shutdown|http-graceful-shutdown|node-graceful-shutdown|@moebius\/http-graceful-shutdown|exit-hook|async-exit-hook|death|node-cleanup|signal-exit|(node:)?cluster|throng)$/;
const SERVERLESS_MODULE = /^(serverless-http|@vendia\/serverless-express|@codegenie\/serverless-express|aws-serverless-express|@fastify\/aws-lambda|aws-lambda|firebase-functions(\/.*)?|@netlify\/functions|@azure\/functions|@google-cloud\/functions-framework|@vercel\/node|apollo-server(-.*)?|@apollo\/server(\/.*)?|electron|vite|webpack-dev-server|webpack-dev-middleware|browser-sync|json-server|msw(\/.*)?|nock)$/;
/** Local helpers that own the shutdown: `gracefulShutdown(server)`, `import { registerShutdown } from './lifecycle'`. */
const SHUTDOWN_HELPER = /\b\w*(graceful|Graceful|shutdown|Shutdown|terminat|Terminat|onSignal|[hH]andleSignals?|registerSignals?|[sS]ignalHandlers?|[eE]xitHandlers?|handleExit|onExit|[cC]leanup|[tT]eardown)\w*\s*\(/;
const SHUTDOWN_IMPORT = /(^|\/)[\w.-]*(shutdown|graceful|signals?|lifecycle|terminat|process|exit|cleanup|teardown)[\w.-]*$/i;
/** Mock servers, dev servers, playgrounds: never deployed. */
const NOT_DEPLOYED = /(^|\/)(mocks?|__mocks__|stubs?|fakes?|playground|sandbox|demos?|samples?|dev-?server|devtools)(\/|\.[cm]?[jt]s$)|(^|\/)[\w.-]*\.(dev|local|mock)\.[cm]?[jt]s$|(^|\/)[\w.-]*(test|e2e|mock|fake|stub|dev)[-_]?server\.[cm]?[jt]s$/i;
const DEV_ONLY = /VERCEL|LAMBDA|NETLIFY|SERVERLESS|FUNCTION_|['"`](development|dev|local)['"`]|!==?\s*['"`]production['"`]|['"`]production['"`]\s*!==?/;
const SERVER_NAME = /^(app|server|httpServer|httpsServer|application|api|fastify|instance|nestApp)$/;
const PORTISH = /port|PORT|^\d{2,5}$|listen/;

type Kind = 'nest' | 'fastify' | 'node';
const K_Conditional = T.SyntaxKind.ConditionalExpression;

export default defineRule({
  meta: {
    id: 'no-graceful-shutdown',
    title: 'no graceful shutdown',
    description: 'A server that ignores SIGTERM is killed mid-request on every deploy. On SIGTERM, stop accepting connections, let requests in flight finish, then close pools and exit.',
    lesson: { phaseId: 'deployment', topicId: 'graceful-shutdown' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => isRuntimeBackend(ctx) && ctx.sf.text.includes('listen') && !NOT_DEPLOYED.test(ctx.rel) && !ctx.imports.some((m) => SERVERLESS_MODULE.test(m)),
  create(ctx) {
    let verdict: 'handled' | 'sigint' | 'none' | undefined;
    const fileVerdict = () => (verdict ??= judgeFile(ctx));
    return {
      call(n) {
        const callee = n.expression;
        if (!T.isPropertyAccessExpression(callee)) return;
        const name = esc(callee.name);
        if (name === 'listen') checkListen(ctx, n, callee, fileVerdict);
        else if ((name === 'on' || name === 'once' || name === 'addListener' || name === 'prependListener') && T.isIdentifier(callee.expression) && callee.expression.text === 'process') exitOnlyHandler(ctx, n);
      },
    };
  },
  // What judgeFile and exitOnlyHandler read outside the edited body: signals, shutdown helpers, listen().
  wholeFileText: /SIG(TERM|INT)|[Ss]hutdown|[Gg]raceful|[Tt]erminat|[Ss]ignalHandler|[Hh]andleSignal|registerSignal|onSignal|[Ee]xitHandler|handleExit|onExit|[Cc]leanup|[Tt]eardown|\.listen\b/,
});

/** Whether the file as a whole handles SIGTERM (or hands it to something that does). */
function judgeFile(ctx: RuleContext): 'handled' | 'sigint' | 'none' {
  const text = ctx.sf.text;
  if (text.includes('SIGTERM') || text.includes('enableShutdownHooks')) return 'handled';
  if (ctx.imports.some((m) => SHUTDOWN_MODULE.test(m) || (m.startsWith('.') && SHUTDOWN_IMPORT.test(m)))) return 'handled';
  if (SHUTDOWN_HELPER.test(text)) return 'handled';
  // A Lambda/Cloud Functions handler exported next to a local-dev listen.
  if (/\bexport\s+(const|async\s+function|function|let)\s+handler\b|\bexports\.handler\s*=|module\.exports\.handler\s*=/.test(text)) return 'handled';
  if (text.includes('SIGINT')) return 'sigint';
  return 'none';
}

function checkListen(ctx: RuleContext, call: ts.CallExpression, callee: ts.PropertyAccessExpression, fileVerdict: () => 'handled' | 'sigint' | 'none'): void {
  const kind = serverKind(ctx, callee.expression, call);
  if (!kind) return;
  if (!isEntryPoint(ctx, call)) return;
  const verdict = fileVerdict();
  if (verdict === 'handled') return;
  const recv = ctx.describe(callee.expression);
  const shown = recv.length > 24 ? 'the server' : `\`${recv}\``;
  const fixes = quickFix(ctx, call, callee, kind);
  if (verdict === 'sigint') {
    ctx.report('no-graceful-shutdown', call, `${shown} handles SIGINT but not SIGTERM, the signal deploys send. Docker, Kubernetes and systemd stop a container with SIGTERM, so this server still dies mid-request on every rollout. Register the same drain for SIGTERM: stop accepting, let requests in flight finish, close pools, then exit.`, fixes);
    return;
  }
  const how = kind === 'nest'
    ? 'Call app.enableShutdownHooks() so Nest closes the app (and runs onModuleDestroy hooks) on SIGTERM.'
    : kind === 'fastify'
      ? 'On SIGTERM, await app.close() (it stops accepting and waits for requests in flight), or use close-with-grace.'
      : 'On SIGTERM, call server.close() (it stops accepting and waits for requests in flight), then close pools and exit.';
  ctx.report('no-graceful-shutdown', call, `${shown} listens but nothing handles SIGTERM: deploys cut requests off. Every rollout, scale-in and node drain sends SIGTERM, and without a handler Node exits at once, resetting the requests in flight. ${how} Add a deadline below the platform's grace period.`, fixes);
}

/** What kind of server `recv` is, or undefined when it is not known to be one. */
function serverKind(ctx: RuleContext, recv: ts.Expression, call: ts.CallExpression): Kind | undefined {
  const r = unwrap(recv);
  const init = T.isIdentifier(r) ? initializerOf(ctx, r) : r;
  if (init && isNestCreate(ctx, init)) return 'nest';
  const v = ctx.evaluator.eval(r);
  const type = ctx.evaluator.pkgType(v);
  if (type === 'fastify.Instance') return 'fastify';
  if (type === 'express.App' || type === 'http.Server') return 'node';
  if (init && T.isNewExpression(init)) {
    const ref = moduleRef(ctx, init.expression);
    if (ref && (ref.module === 'koa' || ref.module === '@koa/koa')) return 'node';
  }
  if (v) return undefined; // a known value of another kind (a project object, a socket.io server…)
  // Unknown: an app or server imported from a project file or built by a factory, listening on a port.
  if (!T.isIdentifier(r) || !SERVER_NAME.test(r.text)) return undefined;
  const arg = call.arguments[0];
  if (!arg) return undefined;
  const argText = arg.getText(ctx.sf);
  if (!PORTISH.test(argText)) return undefined;
  return r.text === 'fastify' || /fastify/i.test(init?.getText(ctx.sf) ?? '') ? 'fastify' : 'node';
}

function initializerOf(ctx: RuleContext, id: ts.Identifier): ts.Expression | undefined {
  const b = ctx.scopes.resolveId(id);
  if (b?.kind !== 'variable') return undefined;
  const init = b.init ?? b.node.initializer;
  return init && unwrap(init);
}

/** `await NestFactory.create(AppModule)` / `NestFactory.create<NestExpressApplication>(…)`. */
function isNestCreate(ctx: RuleContext, e: ts.Expression): boolean {
  let u = unwrap(e);
  if (T.isAwaitExpression(u)) u = unwrap(u.expression);
  if (!T.isCallExpression(u)) return false;
  const ref = moduleRef(ctx, u.expression);
  return !!ref && ref.module === '@nestjs/core' && ref.path[0] === 'NestFactory' && /^create/.test(ref.path[1] ?? '');
}

/**
 * At the module's top level, or inside functions none of which is exported or a class member (those
 * are started by a caller, who owns the lifecycle); not inside a development-only `if`.
 */
function isEntryPoint(ctx: RuleContext, call: ts.CallExpression): boolean {
  for (let n: ts.Node | undefined = call.parent; n && n.kind !== K.SourceFile; n = n.parent) {
    if (n.kind === K.IfStatement && DEV_ONLY.test((n as ts.IfStatement).expression.getText(ctx.sf))) return false;
    if (n.kind === K_Conditional && DEV_ONLY.test((n as ts.ConditionalExpression).condition.getText(ctx.sf))) return false;
    if (n.kind === K.MethodDeclaration || n.kind === K.Constructor || n.kind === K.GetAccessor || n.kind === K.SetAccessor) return false;
    if (n.kind === K.FunctionDeclaration && exported(n as ts.FunctionDeclaration)) return false;
    if ((n.kind === K.ArrowFunction || n.kind === K.FunctionExpression) && n.parent && T.isVariableDeclaration(n.parent)) {
      const stmt = n.parent.parent?.parent;
      if (stmt && T.isVariableStatement(stmt) && exported(stmt)) return false;
    }
  }
  return true;
}

function exported(n: ts.Node): boolean {
  return T.canHaveModifiers(n) && !!T.getModifiers(n)?.some((m) => m.kind === K.ExportKeyword || m.kind === K.DefaultKeyword);
}

/** `process.on('SIGTERM', () => process.exit(0))`: a handler that only logs and exits, closing nothing. */
function exitOnlyHandler(ctx: RuleContext, call: ts.CallExpression): void {
  const [sig, handler] = call.arguments;
  if (!sig || !handler || !T.isStringLiteralLike(sig) || sig.text !== 'SIGTERM') return;
  if (!/\.listen\s*\(/.test(ctx.sf.text) || /enableShutdownHooks/.test(ctx.sf.text)) return;
  const h = unwrap(handler);
  let statements: readonly ts.Node[];
  if (T.isPropertyAccessExpression(h) && T.isIdentifier(h.expression) && h.expression.text === 'process' && h.name.text === 'exit') statements = [];
  else if (T.isArrowFunction(h) || T.isFunctionExpression(h)) statements = T.isBlock(h.body) ? h.body.statements : [h.body];
  else return;
  let exits = statements.length === 0;
  for (const s of statements) {
    const e = T.isExpressionStatement(s) ? unwrap(s.expression) : T.isBlock(s) ? undefined : (s as ts.Expression);
    if (!e || !T.isCallExpression(e)) return;
    const text = e.expression.getText(ctx.sf);
    if (text === 'process.exit') exits = true;
    else if (!/^(console|logger|log|this\.logger)\.\w+$/.test(text)) return;
  }
  if (!exits) return;
  ctx.report('no-graceful-shutdown', call, 'This SIGTERM handler exits at once: requests in flight are cut off. Calling process.exit() ends the process without waiting for open requests, exactly like having no handler. Close the server first (server.close() or app.close()), let requests finish, close pools, then exit.');
}

/** The statement a listen call is part of, when it sits directly in a block or the file. */
function statementOf(call: ts.CallExpression): ts.Statement | undefined {
  let n: ts.Node = call;
  if (n.parent && T.isAwaitExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (p && T.isExpressionStatement(p)) return p;
  if (p && T.isVariableDeclaration(p) && T.isVariableDeclarationList(p.parent) && p.parent.parent && T.isVariableStatement(p.parent.parent) && p.parent.declarations.length === 1) return p.parent.parent;
  return undefined;
}

function quickFix(ctx: RuleContext, call: ts.CallExpression, callee: ts.PropertyAccessExpression, kind: Kind): RawFix[] {
  const stmt = statementOf(call);
  if (!stmt || !stmt.parent || (stmt.parent.kind !== K.Block && stmt.parent.kind !== K.SourceFile)) return [];
  const recv = unwrap(callee.expression);
  if (!T.isIdentifier(recv)) return [];
  const text = ctx.sf.text;
  const start = stmt.getStart(ctx.sf);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, start))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (kind === 'nest') {
    return [{ title: `Call ${recv.text}.enableShutdownHooks() before listen`, preferred: true, edits: [ctx.insertAt(start, `${recv.text}.enableShutdownHooks();${eol}${indent}`)] }];
  }
  const handler = (body: string) => `${eol}${eol}${indent}process.once('SIGTERM', () => {${eol}${indent}  ${body}${eol}${indent}});`;
  // After a trailing `// comment` on the statement's last line, not between the statement and it.
  const rest = /^[^\S\r\n]*(\/\/[^\r\n]*)?/.exec(text.slice(stmt.end))![0];
  const after = stmt.end + rest.length;
  if (kind === 'fastify') {
    return [{ title: 'Close the server on SIGTERM', preferred: false, edits: [ctx.insertAt(after, handler(`${recv.text}.close().then(() => process.exit(0), () => process.exit(1));`))] }];
  }
  // Express, Koa, http: listen() returns the http.Server to close.
  if (T.isVariableStatement(stmt)) {
    const d = stmt.declarationList.declarations[0]!;
    if (!T.isIdentifier(d.name) || unwrap(d.initializer!) !== call) return [];
    return [{ title: 'Close the server on SIGTERM', preferred: false, edits: [ctx.insertAt(after, handler(`${d.name.text}.close(() => process.exit(0));`))] }];
  }
  if (T.isAwaitExpression(unwrap((stmt as ts.ExpressionStatement).expression))) return [];
  const name = ctx.scopes.resolve('server', call) ? (ctx.scopes.resolve('httpServer', call) ? undefined : 'httpServer') : 'server';
  if (!name) return [];
  return [{ title: 'Close the server on SIGTERM', preferred: false, edits: [ctx.insertAt(start, `const ${name} = `), ctx.insertAt(after, handler(`${name}.close(() => process.exit(0));`))] }];
}
