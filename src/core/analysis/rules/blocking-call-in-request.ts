/**
 * blocking-call-in-request: a synchronous I/O or CPU-heavy API (`fs.*Sync`, `child_process.*Sync`,
 * `crypto.pbkdf2Sync`/`scryptSync`/`generateKeyPairSync`/`generatePrimeSync`, `zlib.*Sync`) in code that
 * runs while requests are being served. The call is resolved through the file's imports (`fs`, `node:fs`,
 * `fs-extra`, `graceful-fs`, `child_process`, `crypto`, `zlib`; default, named, namespace, `require`).
 *
 * How it decides that the call runs at request time, walking out from the call through its enclosing
 * functions (the first function that says something decides):
 * - Start-up, never flagged: module top level, class field initialisers, constructors, static blocks,
 *   functions named like start-up or config loading (`init*`, `setup*`, `bootstrap`, `main`, `start`,
 *   `register*`, `configure*`, `onModuleInit`, `loadConfig`, `readSecrets`…), `listen` callbacks, NestJS
 *   `@Cron`/`@Interval`/`@Timeout` jobs, and a result stored once (`this.x = readFileSync(…)`, a module
 *   variable, `??=`).
 * - A request handler: a function passed to a route registration (`app.get('/x', fn)`, `router.use(fn)`,
 *   `router.route('/x').post(fn)`, `fastify.get(path, opts, fn)`, `{ method, url, handler }`),
 *   `http.createServer(fn)`, a function shaped like one (`(req, res)`, `(request, reply)`, Koa
 *   `(ctx, next)`, `GET`/`POST` exports of a Next.js `route.ts`), or a method of a NestJS `@Controller`
 *   or with an HTTP-method decorator.
 * - A resolver: a method of a `@Resolver` class or with `@Query`/`@Mutation`/`@ResolveField`, a function
 *   in a `Query`/`Mutation`/`Subscription` map or a `resolvers` object, a field's `resolve`.
 * - A message consumer: `channel.consume(q, fn)`, kafkajs `eachMessage`/`eachBatch`, bullmq
 *   `new Worker(name, fn)`, bull `queue.process(fn)`, sqs-consumer `handleMessage`, a socket's message handlers
 *   (`socket.on('chat', fn)`, `on('message', fn)`; not lifecycle events such as `error`, nor `process.on`),
 *   `@MessagePattern`/`@EventPattern`/`@Process`/`@SubscribeMessage`/`@OnEvent` methods.
 * - Otherwise, a method or module-level function of a request-time file (`services/`, `controllers/`,
 *   `routes/`, `resolvers/`, `middlewares/`, `*.service.ts`, `*.controller.ts`…) of server code (it imports
 *   a server framework or a database client, or declares NestJS providers), when the file does not call
 *   it at its top level, it is not handed the app or router to set up (`function routes(app)`), and the
 *   call is not inside a timer, watcher or event callback: controllers call services per request.
 * Never in tests, scripts, CLIs, migrations, seeds, configuration files, frontend code, worker threads
 * (`parentPort`), serverless handlers (`aws-lambda`), or editor/desktop code (`vscode`, `electron`).
 * Quick fix: only for `fs.<x>Sync` through a namespace or default import of `fs`, inside an async function,
 * when `fs.promises.<x>` takes the same arguments: `await fs.promises.<x>(…)`.
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { esc, hasModifier, unwrap } from '../scope';
import type { RawFix, RuleContext } from '../context';
import { defineRule } from '../rule';
import { isDataModule, isServerModule } from '../classify';
import { isRuntimeBackend, moduleRef } from './support';

const K_Decorator = T.SyntaxKind.Decorator;
const K_Parameter = T.SyntaxKind.Parameter;
const K_RegExp = T.SyntaxKind.RegularExpressionLiteral;

const FS_MODULES = new Set(['fs', 'fs-extra', 'graceful-fs']);
const CRYPTO_SYNC = new Set(['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generatePrimeSync']);
const CHILD_SYNC = new Set(['execSync', 'execFileSync', 'spawnSync']);
/** fs sync APIs whose `fs.promises` twin takes the same arguments. */
const FS_PROMISE = new Set(['readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'mkdir', 'unlink', 'rm', 'rmdir', 'rename', 'copyFile', 'access', 'realpath', 'readlink', 'chmod', 'mkdtemp', 'truncate', 'utimes', 'symlink', 'link', 'cp']);

const START_NAME = /^(main|start|startup|bootstrap\w*|preload\w*|precompile\w*|compile\w*(Templates?|Schemas?|Views?|Partials)|warm\w*|init|initiali[sz]e\w*|init[A-Z]\w*|setup\w*|configure\w*|register\w*|onModuleInit|onApplicationBootstrap|onModuleDestroy|beforeApplicationShutdown|onApplicationShutdown|getStaticProps|getStaticPaths|generateStaticParams|(load|read|get|parse)\w*(Config|Configuration|Env|Environment|Settings|Secrets?|Keys?|Certs?|Certificates?|Credentials|Options))$/;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'head', 'options']);
const ROUTER_NAME = /^(app|api|router|server|routes?|fastify|instance|[a-z]\w*(Router|Routes|App|Api))$/;
const ROUTER_TYPES = new Set(['express.App', 'express.Router', 'fastify.Instance']);
const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);
const RESOLVER_DECORATORS = new Set(['Query', 'Mutation', 'Subscription', 'ResolveField', 'FieldResolver', 'ResolveProperty']);
const CONSUMER_DECORATORS = new Set(['MessagePattern', 'EventPattern', 'Process', 'SubscribeMessage', 'OnEvent', 'RabbitSubscribe', 'RabbitRPC', 'SqsMessageHandler', 'OnQueueEvent']);
const SCHEDULE_DECORATORS = new Set(['Cron', 'Interval', 'Timeout']);
/** Connection lifecycle events: not messages from a client. */
const LIFECYCLE_EVENTS = new Set(['error', 'connect', 'ready', 'close', 'end', 'reconnecting', 'disconnect', 'open', 'listening', 'connection', 'drain', 'timeout']);
const CONSUMER_KEYS = new Set(['eachMessage', 'eachBatch', 'handleMessage', 'handleMessageBatch']);
/** Calls whose function argument runs later and on its own (timers, events), not as part of the request. */
const DETACHED_CALLS = new Set(['setInterval', 'setTimeout', 'setImmediate', 'schedule', 'on', 'once', 'addListener', 'nextTick', 'listen', 'watch', 'watchFile']);
/** Files whose functions serve requests (controllers call services per request). */
const REQUEST_FILE = /(^|\/)(services?|controllers?|routes?|routers?|resolvers?|middlewares?|api)\/|\.(service|controller|route|routes|router|resolver|middleware|gateway)\.[cm]?[jt]s$/i;
/** Package types (apis.ts) of servers and database clients. */
const SERVER_VALUE = /^(pg|prisma|typeorm|sequelize|knex|kysely|drizzle|mongoose|mongodb|ioredis|redis|express|fastify)\./;
const NOT_SERVER = /^(vscode|electron|aws-lambda|@types\/aws-lambda|@netlify\/functions|@vercel\/node|firebase-functions(\/.*)?)$/;

type Where = string | null;

export default defineRule({
  meta: {
    id: 'blocking-call-in-request',
    title: 'blocking call at request time',
    description: 'A synchronous file, process, crypto or zlib call in a request handler, resolver or consumer stops the event loop: every other request waits until it returns. Use the promise or callback form, or do the work once at start-up.',
    lesson: { phaseId: 'node-runtime', topicId: 'event-loop' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => ctx.sf.text.includes('Sync(') && isRuntimeBackend(ctx) && !ctx.imports.some((m) => NOT_SERVER.test(m)) && !/\bparentPort\b/.test(ctx.sf.text),
  create(ctx) {
    let topCalls: Set<string> | undefined;
    let server: boolean | undefined;
    const file: FileFacts = {
      calledAtTop: (name) => (topCalls ??= topLevelCalls(ctx.sf)).has(name),
      server: () => (server ??= serverFile(ctx)),
    };
    return { call: (n) => check(ctx, n, file) };
  },
});

/** What the service-code branch asks of the whole file, computed once and only when needed. */
interface FileFacts {
  calledAtTop(name: string): boolean;
  server(): boolean;
}

interface Api {
  module: string;
  name: string;
}

function blockingApi(ctx: RuleContext, callee: ts.Expression): Api | undefined {
  const name = T.isPropertyAccessExpression(callee) ? esc(callee.name) : T.isIdentifier(callee) ? esc(callee) : '';
  if (!name.endsWith('Sync')) return undefined;
  const ref = moduleRef(ctx, callee);
  if (!ref || ref.path.length !== 1) return undefined;
  const fn = ref.path[0]!;
  const m = ref.module;
  if (FS_MODULES.has(m) && fn.endsWith('Sync')) return { module: m, name: fn };
  if (m === 'child_process' && CHILD_SYNC.has(fn)) return { module: m, name: fn };
  if (m === 'crypto' && CRYPTO_SYNC.has(fn)) return { module: m, name: fn };
  if (m === 'zlib' && fn.endsWith('Sync')) return { module: m, name: fn };
  return undefined;
}

function check(ctx: RuleContext, call: ts.CallExpression, file: FileFacts): void {
  const callee = unwrap(call.expression);
  const api = blockingApi(ctx, callee);
  if (!api) return;
  if (storedOnce(ctx, call)) return;
  const where = requestContext(ctx, call, file);
  if (!where) return;
  const shown = `${api.module === 'fs-extra' || api.module === 'graceful-fs' ? 'fs' : api.module}.${api.name}`;
  const fixes = fsFix(ctx, call, callee, api);
  ctx.report('blocking-call-in-request', callee, `\`${shown}\` blocks the event loop: all other requests wait for it. It runs in ${where}, and Node serves every request on one thread, so nothing else progresses until it returns. ${advice(api)}`, fixes);
}

function advice(api: Api): string {
  const base = api.name.slice(0, -4);
  if (FS_MODULES.has(api.module)) {
    if (FS_PROMISE.has(base)) return `Use \`await fs.promises.${base}(…)\`, or do it once at start-up and keep the result.`;
    if (base === 'exists') return 'Use `await fs.promises.access(…)` (or try the operation and handle ENOENT), or check once at start-up.';
    return 'Use the `fs.promises` API, or do it once at start-up and keep the result.';
  }
  if (api.module === 'crypto') return `Use the callback form through \`util.promisify(crypto.${base})\`: it runs on the libuv thread pool.`;
  if (api.module === 'child_process') return 'Use `execFile` through `util.promisify`, or `spawn`, and await the exit.';
  return `Use \`util.promisify(zlib.${base})\` or a stream: the work moves to the libuv thread pool.`;
}

/** `await fs.promises.readFile(…)` for `fs.readFileSync(…)` in an async function (fs namespace or default import). */
function fsFix(ctx: RuleContext, call: ts.CallExpression, callee: ts.Expression, api: Api): RawFix[] {
  const base = api.name.slice(0, -4);
  if (api.module !== 'fs' || !FS_PROMISE.has(base) || !T.isPropertyAccessExpression(callee)) return [];
  if (!T.isIdentifier(callee.expression)) return [];
  const fn = ctx.scopes.enclosingFunction(call);
  if (!fn || !hasModifier(fn, K.AsyncKeyword)) return [];
  const ns = callee.expression.text;
  const args = call.arguments.map((a) => a.getText(ctx.sf)).join(', ');
  const p = call.parent;
  const needsParens = !!p && ((T.isPropertyAccessExpression(p) || T.isElementAccessExpression(p) || T.isCallExpression(p)) && p.expression === call);
  const text = `await ${ns}.promises.${base}(${args})`;
  return [{ title: `Use await ${ns}.promises.${base}`, preferred: true, edits: [ctx.replaceNode(call, needsParens ? `(${text})` : text)] }];
}

/** `this.x = readFileSync(…)`, `cache ??= …`, a module-level variable: read once, then reused. */
function storedOnce(ctx: RuleContext, call: ts.CallExpression): boolean {
  let e: ts.Node = call;
  for (let i = 0; i < 4 && e.parent; i++) {
    const p: ts.Node = e.parent;
    if (T.isBinaryExpression(p) && p.right === e) {
      const op = p.operatorToken.kind;
      if (op !== K.EqualsToken && op !== T.SyntaxKind.QuestionQuestionEqualsToken && op !== T.SyntaxKind.BarBarEqualsToken) return false;
      const left = unwrap(p.left);
      if (T.isPropertyAccessExpression(left) && left.expression.kind === K.ThisKeyword) return true;
      if (T.isIdentifier(left)) {
        const b = ctx.scopes.resolveId(left);
        return !!b && b.kind === 'variable' && !ctx.scopes.enclosingFunction(b.node);
      }
      return false;
    }
    // through JSON.parse(…), .toString(), parentheses, `as`
    if (T.isCallExpression(p) || T.isPropertyAccessExpression(p) || T.isParenthesizedExpression(p) || T.isAsExpression(p)) e = p;
    else return false;
  }
  return false;
}

/** Where the call runs at request time (for the message), or undefined when it is start-up or unknown. */
function requestContext(ctx: RuleContext, call: ts.CallExpression, file: FileFacts): string | undefined {
  let outer: ts.FunctionLikeDeclaration | undefined;
  let detached = false;
  for (let fn = ctx.scopes.enclosingFunction(call); fn; fn = ctx.scopes.enclosingFunction(fn)) {
    const verdict = classify(ctx, fn);
    if (verdict === null) return undefined;
    if (verdict) return verdict;
    if (isDetachedCallback(fn)) detached = true;
    outer = fn;
  }
  if (!outer || detached || !REQUEST_FILE.test(ctx.rel) || !file.server()) return undefined;
  // A method or module-level function of a request-time file, not called at start-up, not one that
  // is handed the app or router to set up (`export default function routes(app) { … }`).
  const name = functionName(outer);
  if (name && file.calledAtTop(name)) return undefined;
  if (ROUTER_NAME.test(paramName(outer, 0))) return undefined;
  const member = T.isMethodDeclaration(outer) || T.isGetAccessorDeclaration(outer) ? outer : outer.parent && T.isPropertyDeclaration(outer.parent) ? outer.parent : undefined;
  if (member) {
    const cls = member.parent;
    if (!T.isClassLike(cls) || /Module$/.test(cls.name?.text ?? '')) return undefined;
    return 'a service method that requests call';
  }
  if (T.isFunctionDeclaration(outer) || (outer.parent && (T.isVariableDeclaration(outer.parent) || T.isPropertyAssignment(outer.parent) || T.isExportAssignment(outer.parent)))) return 'a function that requests call';
  return undefined;
}

/**
 * Server code: it imports a server framework or a database client, declares NestJS providers, or
 * imports a project value made by one (`import { pool } from '../db'` where db.ts does `new Pool()`).
 */
function serverFile(ctx: RuleContext): boolean {
  if (ctx.imports.some((m) => isServerModule(m) || isDataModule(m)) || /@(Injectable|Controller|Resolver)\(/.test(ctx.sf.text)) return true;
  for (const s of ctx.sf.statements) {
    if (!T.isImportDeclaration(s) || !T.isStringLiteral(s.moduleSpecifier) || !s.importClause) continue;
    const spec = s.moduleSpecifier.text;
    if (!ctx.index.isProjectSpecifier(spec, ctx.file)) continue;
    const names: string[] = s.importClause.name ? ['default'] : [];
    const nb = s.importClause.namedBindings;
    if (nb && T.isNamedImports(nb)) for (const el of nb.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
    for (const name of names) {
      const hit = ctx.index.resolveExport(ctx.file, spec, name);
      if (hit && 'fact' in hit && hit.fact.k === 'value' && hit.fact.pkg && SERVER_VALUE.test(hit.fact.pkg)) return true;
    }
  }
  return false;
}

function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (fn.name && (T.isIdentifier(fn.name) || T.isStringLiteral(fn.name))) return fn.name.text;
  const p = fn.parent;
  if (p && T.isVariableDeclaration(p) && T.isIdentifier(p.name)) return p.name.text;
  if (p && (T.isPropertyAssignment(p) || T.isPropertyDeclaration(p)) && (T.isIdentifier(p.name) || T.isStringLiteral(p.name))) return p.name.text;
  return undefined;
}

function decoratorNames(node: ts.Node): string[] {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return [];
  const out: string[] = [];
  for (const m of mods) {
    if (m.kind !== K_Decorator) continue;
    let e = (m as ts.Decorator).expression;
    if (T.isCallExpression(e)) e = e.expression;
    if (T.isIdentifier(e)) out.push(e.text);
    else if (T.isPropertyAccessExpression(e)) out.push(e.name.text);
  }
  return out;
}

/**
 * What one enclosing function says: a description of the request-time context, null for start-up
 * (stop: never flagged), or undefined (look further out).
 */
function classify(ctx: RuleContext, fn: ts.FunctionLikeDeclaration): Where | undefined {
  if (fn.kind === K.Constructor) return null;
  const name = functionName(fn);
  if (T.isMethodDeclaration(fn) && T.isClassLike(fn.parent)) {
    const own = decoratorNames(fn);
    if (own.some((d) => SCHEDULE_DECORATORS.has(d))) return null;
    if (own.some((d) => HTTP_DECORATORS.has(d))) return 'a NestJS route handler';
    if (own.some((d) => RESOLVER_DECORATORS.has(d))) return 'a GraphQL resolver';
    if (own.some((d) => CONSUMER_DECORATORS.has(d))) return 'a message handler';
    const cls = decoratorNames(fn.parent);
    if (cls.includes('Controller')) return 'a NestJS controller';
    if (cls.includes('Resolver')) return 'a GraphQL resolver';
    if (cls.includes('WebSocketGateway')) return 'a WebSocket gateway';
    if (cls.includes('Processor')) return 'a queue processor';
  }
  const shape = handlerShape(ctx, fn, name);
  if (shape !== undefined) return shape;
  if (T.isArrowFunction(fn) || T.isFunctionExpression(fn) || T.isMethodDeclaration(fn)) {
    const r = registered(ctx, fn);
    if (r !== undefined) return r;
  }
  return name && START_NAME.test(name) ? null : undefined;
}

function paramName(fn: ts.FunctionLikeDeclaration, i: number): string {
  const p = fn.parameters[i];
  return p && T.isIdentifier(p.name) ? p.name.text : '';
}

/** `(req, res)`, `(request, reply)`, Koa `(ctx, next)`, Next.js route exports; serverless `(event, context)` is not a server. */
function handlerShape(ctx: RuleContext, fn: ts.FunctionLikeDeclaration, name: string | undefined): Where | undefined {
  const a = paramName(fn, 0);
  const b = paramName(fn, 1);
  if (/^(req|request)$/.test(a) && /^(res|response|reply|h)$/.test(b)) return 'a request handler';
  if (/^(err|error)$/.test(a) && /^(req|request)$/.test(b) && /^(res|response)$/.test(paramName(fn, 2))) return 'an error handler';
  if (a === 'ctx' && b === 'next' && ctx.imports.some((m) => /^(koa|@koa\/router|koa-router)$/.test(m))) return 'a Koa middleware';
  if (a === 'event' && b === 'context') return null;
  if (name && /^(GET|POST|PUT|PATCH|DELETE)$/.test(name) && /(^|\/)route\.[cm]?[jt]s$/.test(ctx.rel)) return 'a Next.js route handler';
  return undefined;
}

function calleeName(e: ts.Expression): string {
  const u = unwrap(e);
  return T.isPropertyAccessExpression(u) ? esc(u.name) : T.isIdentifier(u) ? esc(u) : '';
}

/** Passed to a timer or an event registration: runs on its own later, not as part of the caller. */
function isDetachedCallback(fn: ts.FunctionLikeDeclaration): boolean {
  const p = fn.parent;
  return !!p && T.isCallExpression(p) && p.arguments.includes(fn as ts.Expression) && DETACHED_CALLS.has(calleeName(p.expression));
}

/** A function registered as a route handler, resolver or consumer. */
function registered(ctx: RuleContext, fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration): Where | undefined {
  let arg: ts.Node = fn;
  let p = fn.parent;
  if (p && T.isArrayLiteralExpression(p)) {
    arg = p;
    p = p.parent;
  }
  if (p && T.isCallExpression(p) && p.arguments.includes(arg as ts.Expression)) return registrationCall(ctx, p, arg as ts.Expression);
  if (p && T.isNewExpression(p) && p.arguments?.includes(arg as ts.Expression)) {
    const ref = moduleRef(ctx, p.expression);
    if (ref && /^(bullmq|bull|bee-queue)$/.test(ref.module) && ref.path.join('.') === 'Worker') return 'a queue worker';
    return undefined;
  }
  // A property of an object literal: `{ handler }`, `{ eachMessage }`, resolver maps, `resolve`.
  const prop = T.isMethodDeclaration(fn) ? fn : p && T.isPropertyAssignment(p) && p.initializer === fn ? p : undefined;
  if (!prop || !prop.parent || !T.isObjectLiteralExpression(prop.parent)) return undefined;
  const key = prop.name && (T.isIdentifier(prop.name) || T.isStringLiteral(prop.name)) ? prop.name.text : '';
  const obj = prop.parent;
  const keys = new Set(obj.properties.map((x) => (x.name && (T.isIdentifier(x.name) || T.isStringLiteral(x.name)) ? x.name.text : '')));
  if ((key === 'handler' || key === 'preHandler') && (keys.has('url') || keys.has('path') || keys.has('method'))) return 'a route handler';
  if (CONSUMER_KEYS.has(key)) return 'a message consumer';
  if (key === 'resolve' && keys.has('type')) return 'a GraphQL resolver';
  // Resolver maps: `{ Query: { user: fn } }`, `const resolvers = { User: { posts: fn } }`.
  const holder = obj.parent;
  if (holder && T.isPropertyAssignment(holder)) {
    const typeName = T.isIdentifier(holder.name) || T.isStringLiteral(holder.name) ? holder.name.text : '';
    if (/^(Query|Mutation|Subscription)$/.test(typeName)) return 'a GraphQL resolver';
    const outer = holder.parent;
    const named = outer && T.isObjectLiteralExpression(outer) ? outer.parent : undefined;
    if (named && (T.isVariableDeclaration(named) || T.isPropertyAssignment(named)) && /resolvers?$/i.test(named.name.getText(ctx.sf))) return 'a GraphQL resolver';
  }
  return undefined;
}

function registrationCall(ctx: RuleContext, c: ts.CallExpression, arg: ts.Expression): Where | undefined {
  const callee = unwrap(c.expression);
  const ref = moduleRef(ctx, callee);
  if (ref && /^(http|https|http2|node:http|node:https)$/.test(ref.module) && /^(createServer|createSecureServer)$/.test(ref.path.join('.'))) return 'an HTTP request handler';
  if (!T.isPropertyAccessExpression(callee)) return undefined;
  const method = esc(callee.name);
  const recv = unwrap(callee.expression);
  const first = c.arguments[0];
  if (method === 'listen' || method === 'once') return null;
  if (ROUTE_METHODS.has(method)) {
    const pathFirst = !!first && first !== arg && (T.isStringLiteralLike(first) || T.isTemplateExpression(first) || first.kind === K_RegExp || T.isArrayLiteralExpression(first));
    if (!pathFirst && method !== 'use') {
      // `router.route('/x').get(fn)`
      if (!(T.isCallExpression(recv) && calleeName(recv.expression) === 'route')) return undefined;
    }
    if (isRouter(ctx, recv)) return 'a route handler';
    return undefined;
  }
  if (method === 'on' && first && T.isStringLiteralLike(first)) {
    if (T.isIdentifier(recv) && recv.text === 'process') return undefined; // signals, IPC, process lifecycle
    if (first.text === 'request') return 'an HTTP request handler';
    if (LIFECYCLE_EVENTS.has(first.text)) return undefined;
    const name = T.isIdentifier(recv) ? recv.text : T.isPropertyAccessExpression(recv) ? recv.name.text : '';
    if (first.text === 'message' || /socket/i.test(name) || name === 'ws' || name === 'client') return 'a socket message handler';
    return undefined;
  }
  if (method === 'consume' && first !== arg) return 'a message consumer';
  if (method === 'subscribe' && first && T.isStringLiteralLike(first) && first !== arg) return 'a message consumer';
  if (method === 'process' && !(T.isIdentifier(recv) && recv.text === 'process')) return 'a queue processor';
  return undefined;
}

function isRouter(ctx: RuleContext, recv: ts.Expression): boolean {
  if (T.isCallExpression(recv)) return calleeName(recv.expression) === 'route';
  const v = ctx.evaluator.eval(recv);
  if (v?.v === 'pkg' && ROUTER_TYPES.has(v.type)) return true;
  const name = T.isIdentifier(recv) ? recv.text : T.isPropertyAccessExpression(recv) ? recv.name.text : '';
  return ROUTER_NAME.test(name);
}

/** Names of functions the module calls at its top level (start-up), e.g. `const templates = loadTemplates();`. */
function topLevelCalls(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const work: ts.Node[] = [...sf.statements];
  while (work.length) {
    const n = work.pop()!;
    if (T.isFunctionLike(n) || T.isClassLike(n) || n.kind === K_Parameter) continue;
    if (T.isCallExpression(n)) {
      const callee = unwrap(n.expression);
      if (T.isIdentifier(callee)) out.add(callee.text);
    }
    T.forEachChild(n, (c) => {
      work.push(c);
    });
  }
  return out;
}
