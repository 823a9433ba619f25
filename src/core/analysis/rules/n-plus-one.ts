/**
 * n-plus-one: a query (or HTTP GET) awaited once per row of an earlier query's result, one after
 * another, where one batched query would do.
 *
 * How it decides:
 * - The call is awaited (directly, or inside `await Promise.all([…])` of a few calls per row) in the
 *   body of a `for…of`, `for await`, index `for`/`while` loop over `rows.length`, or a sequential
 *   `reduce(async (prev, row) => { await prev; … })`, and its arguments use the loop's row (the loop
 *   variable, `rows[i]`, or a local computed from them).
 * - The loop walks the rows of an earlier query: a variable (or `.rows`, `.items`, `.map(…)`,
 *   `.filter(…)`, `Object.values(…)` of one) whose value came from an awaited database read or HTTP GET.
 * - Both calls are recognised by the libraries' types (pg, Prisma, TypeORM, Sequelize, Knex, Kysely,
 *   Drizzle, Mongoose, MongoDB, axios, got, fetch) — through imports, declared types and the workspace
 *   index, like offset-pagination — or, for an unknown receiver named like data access (`prisma`,
 *   `db`, `…Repository`, `…Model`, `tx`), by an ORM read method name, or `query`/`execute` with SQL
 *   text on a receiver named like a pool or connection.
 * - Reads and single-row inserts are reported; updates, upserts, deletes and saves are not (their
 *   values usually differ per row, so they rarely batch into one statement).
 * Not reported:
 * - `Promise.all(rows.map(…))` and `forEach(async …)`: the N calls run at once, so latency does not
 *   grow with N (they are still N queries and share the pool; the lesson covers it, and
 *   misused-promise reports `forEach(async …)`).
 * - HTTP calls whose URL is the row's own value (`fetch(feed.url)`: a different server per row).
 * - Calls already batched (`in:`, `$in`, `IN (`, `ANY(`, `whereIn`, `In(…)`, `inArray`, `loadMany`),
 *   row locks (`FOR UPDATE`, `lock:`), loops with `break` or `return` (a search that stops early),
 *   loops over `.slice(0, n)` or a query with `take`/`limit`/`LIMIT` of at most 10.
 * - Inserts inside a transaction (`$transaction(…)`, `.transaction(…)`, `withTransaction(…)`, a
 *   `tx`/`trx`/`manager`/`queryRunner` receiver, a function that sends `BEGIN`): writes that must
 *   happen in order in one transaction by design. Reads there are still reported.
 * - Tests, scripts, migrations, seeds and frontend code.
 * No quick fix: the batched rewrite (and matching the rows back up) depends on the data.
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { accessPath, chainMethods, chainRoot, esc, unwrap } from '../scope';
import type { RuleContext } from '../context';
import { defineRule } from '../rule';
import { isRuntimeBackend, moduleRef } from './support';

const K_For = T.SyntaxKind.ForStatement;
const K_ForOf = T.SyntaxKind.ForOfStatement;
const K_While = T.SyntaxKind.WhileStatement;
const K_Do = T.SyntaxKind.DoStatement;
const K_Break = T.SyntaxKind.BreakStatement;
const K_Return = T.SyntaxKind.ReturnStatement;
const K_ArrayLiteral = T.SyntaxKind.ArrayLiteralExpression;
const K_Decorator = T.SyntaxKind.Decorator;

type Lib = 'prisma' | 'typeorm' | 'sequelize' | 'knex' | 'kysely' | 'drizzle' | 'mongoose' | 'mongodb' | 'sql' | 'http';
type Op = 'read' | 'insert' | 'write';

/** Package types (apis.ts) that talk to a database, by the fix their users reach for. */
const DATA_TYPES: Record<string, Lib> = {
  'pg.Pool': 'sql', 'pg.Client': 'sql', 'sequelize.Sequelize': 'sql',
  'prisma.Client': 'prisma', 'prisma.Delegate': 'prisma',
  'typeorm.Repository': 'typeorm', 'typeorm.EntityManager': 'typeorm', 'typeorm.DataSource': 'typeorm', 'typeorm.QueryBuilder': 'typeorm',
  'sequelize.Model': 'sequelize',
  'knex.Knex': 'knex', 'knex.Builder': 'knex', 'knex.Write': 'knex',
  'kysely.Kysely': 'kysely', 'kysely.Builder': 'kysely',
  'drizzle.Db': 'drizzle', 'drizzle.Builder': 'drizzle', 'drizzle.Write': 'drizzle', 'drizzle.Table': 'drizzle',
  'mongoose.Model': 'mongoose', 'mongoose.Query': 'mongoose', 'mongoose.Aggregate': 'mongoose',
  'mongodb.Collection': 'mongodb', 'mongodb.Cursor': 'mongodb',
};
const HTTP_TYPES = new Set(['axios', 'axios.Instance', 'got', 'got.Instance']);
/** Calls on a data type that are not queries. */
const NOT_QUERY = new Set(['transaction', '$transaction', 'connect', '$connect', 'end', 'close', 'destroy', '$disconnect', 'disconnect', 'initialize', 'sync', 'authenticate', 'startSession', 'release', 'getRepository', 'createQueryBuilder', 'on', 'once', 'withSession', 'batch', 'dataloader']);
const SQL_METHODS = new Set(['query', 'execute', '$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', 'raw', 'unsafe', 'exec']);
const WRITE_METHODS = /^(update|updateMany|upsert|delete|deleteMany|del|destroy|remove|softRemove|save|replaceOne|findOneAndUpdate|findByIdAndUpdate|findOneAndDelete|findByIdAndDelete|findOneAndRemove|findByIdAndRemove|findOneAndReplace|increment|decrement|updateTable|deleteFrom|softDelete|restore|merge|bulkWrite|updateOne|deleteOne|set|onConflict|onDuplicateKeyUpdate|updateManyAndReturn|truncate|\$executeRaw|\$executeRawUnsafe)$/;
const INSERT_METHODS = /^(create|insert|insertOne|insertInto|values)$/;
/** Already one statement for many rows. */
const BATCH_METHODS = /^(createMany|createManyAndReturn|insertMany|bulkCreate|findByIds|loadMany|whereIn|orWhereIn|whereInIds)$/;
const FALLBACK_READ = new Set(['findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'findOne', 'findOneBy', 'findOneOrFail', 'findBy', 'findAll', 'findByPk', 'findById', 'find', 'count', 'countBy', 'countDocuments', 'findAndCount', 'aggregate']);
const FALLBACK_INSERT = new Set(['create', 'insertOne']);
const DATA_NAME = /prisma|repo(sitory)?$|model$|^db$|knex|collection|querybuilder|^qb$|manager|datasource|^(tx|trx)$/i;
const DB_RECEIVER = /^(db|database|pool|pgPool|client|pgClient|conn|connection|sequelize|knex|trx|tx|sql|dataSource|mysql|pg|sqlite)$/i;
const SINGLE_ROW = /^(findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findOne|findOneBy|findOneOrFail|findOneByOrFail|findById|findByPk|first|executeTakeFirst|executeTakeFirstOrThrow|getOne|getOneOrFail|getRawOne)$/;
const ARRAY_STEPS = new Set(['map', 'filter', 'flatMap', 'flat', 'sort', 'toSorted', 'reverse', 'toReversed', 'values', 'keys', 'entries', 'slice', 'concat', 'toArray']);
const BATCHED_TEXT = /\bin\s*:|\$in\b|\bIN\s*\(|\bANY\s*\(|\bIn\s*\(|\binArray\s*\(|\bOp\.in\b|\bloadMany\b|\bwhereIn\b/;
const LOCK_TEXT = /FOR\s+UPDATE|FOR\s+SHARE|\block\s*:|\bsetLock\s*\(|\bforUpdate\s*\(/i;
const TX_CALL = /^(\$?transaction|withTransaction|runInTransaction|inTransaction|transactional|withTx|tx)$/i;
const TX_RECEIVER = /^(tx|trx|t|transaction|manager|transactionalEntityManager|entityManager|queryRunner|em|session)$/;
const SMALL = 10;

interface DataCall {
  lib: Lib;
  op: Op;
  method: string;
}

interface Rows {
  /** The earlier query. */
  source: DataCall;
  /** How the loop's row shows up in the body: names bound to it, or `rows[i]` on this text. */
  names: Set<string>;
  indexed?: string;
  /** Name of the collection, for the message. */
  shown: string;
}

export default defineRule({
  meta: {
    id: 'n-plus-one',
    title: 'query per row (N+1)',
    description: 'A query awaited once per row of an earlier result makes N+1 round trips that grow with the data. Fetch the related rows in one query (IN/ANY, include/relations, a join) or batch them with a DataLoader.',
    lesson: { phaseId: 'databases', topicId: 'orms' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => isRuntimeBackend(ctx) && ctx.sf.text.includes('await'),
  create(ctx) {
    return { call: (n) => check(ctx, n) };
  },
});

function check(ctx: RuleContext, call: ts.CallExpression): void {
  const awaited = awaitOf(call);
  if (!awaited || !insideLoop(awaited)) return; // cheap syntax first: most awaited calls are not in a loop
  const op = dataCall(ctx, call);
  if (!op || op.op === 'write') return;
  // The loops whose body holds the await (innermost first), up to the enclosing function.
  let child: ts.Node = awaited;
  for (let n: ts.Node | undefined = awaited.parent; n && n.kind !== K.SourceFile; child = n, n = n.parent) {
    let rows: Rows | undefined;
    let body: ts.Node | undefined;
    if ((n.kind === K_ForOf || n.kind === K_For || n.kind === K_While || n.kind === K_Do) && (n as ts.IterationStatement).statement === child) {
      body = child;
      rows = loopRows(ctx, n as ts.IterationStatement);
    } else if (T.isFunctionLike(n)) {
      const r = sequentialReduce(ctx, n);
      if (!r) return;
      body = (n as ts.ArrowFunction).body;
      rows = r;
    }
    if (!rows || !body) {
      if (T.isFunctionLike(n)) return;
      continue;
    }
    if (!usesRow(ctx, call, body, rows)) continue;
    if (op.lib === 'http' && urlIsTheRow(ctx, call, body, rows)) return; // `fetch(feed.url)`: a different server per row, nothing to batch
    if (stopsEarly(body)) return;
    const text = call.getText(ctx.sf);
    if (BATCHED_TEXT.test(text) || LOCK_TEXT.test(text) || chainMethods(call).some((m) => BATCH_METHODS.test(m))) return;
    if (op.op === 'insert' && inTransaction(ctx, call, n)) return;
    report(ctx, call, op, rows);
    return;
  }
}

/** In the body of a loop, or of a `reduce` callback, of the same function. */
function insideLoop(awaited: ts.Node): boolean {
  let child: ts.Node = awaited;
  for (let n: ts.Node | undefined = awaited.parent; n && n.kind !== K.SourceFile; child = n, n = n.parent) {
    if ((n.kind === K_ForOf || n.kind === K_For || n.kind === K_While || n.kind === K_Do) && (n as ts.IterationStatement).statement === child) return true;
    if (T.isFunctionLike(n)) {
      const p = n.parent;
      return !!p && T.isCallExpression(p) && p.arguments[0] === n && T.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'reduce';
    }
  }
  return false;
}

/** The `await` that waits for this call: `await call`, or `await Promise.all([call, …])` with the call as an element. */
function awaitOf(call: ts.CallExpression): ts.AwaitExpression | undefined {
  let p = call.parent;
  while (p && (p.kind === K.ParenthesizedExpression || p.kind === K.AsExpression || p.kind === K.NonNullExpression)) p = p.parent;
  if (p && T.isAwaitExpression(p)) return p;
  if (p && p.kind === K_ArrayLiteral && p.parent && T.isCallExpression(p.parent) && p.parent.arguments[0] === p) {
    const all = p.parent;
    const c = unwrap(all.expression);
    if (T.isPropertyAccessExpression(c) && T.isIdentifier(c.expression) && c.expression.text === 'Promise' && /^(all|allSettled)$/.test(c.name.text)) {
      const q = all.parent;
      if (q && T.isAwaitExpression(q)) return q;
    }
  }
  return undefined;
}

/** What a call does to a database or an HTTP API, when it is known to talk to one. */
function dataCall(ctx: RuleContext, call: ts.CallExpression): DataCall | undefined {
  const callee = unwrap(call.expression);
  if (T.isIdentifier(callee)) {
    const isFetch = (callee.text === 'fetch' && ctx.isGlobal(callee)) || /^(node-fetch|cross-fetch|undici|isomorphic-fetch)$/.test(moduleRef(ctx, callee)?.module ?? '');
    return isFetch && fetchIsGet(call) ? { lib: 'http', op: 'read', method: 'fetch' } : undefined;
  }
  if (!T.isPropertyAccessExpression(callee)) return undefined;
  const method = esc(callee.name);
  if (NOT_QUERY.has(method) || BATCH_METHODS.test(method)) return undefined;
  const v = ctx.evaluator.eval(callee);
  if (v) {
    if (v.v !== 'pkgMember') return undefined;
    if (HTTP_TYPES.has(v.type)) return method === 'get' ? { lib: 'http', op: 'read', method } : undefined;
    const lib = DATA_TYPES[v.type];
    if (!lib) return undefined;
    if (v.type === 'typeorm.Repository' && (method === 'create' || method === 'merge')) return undefined; // builds an entity in memory
    const op = SQL_METHODS.has(method) && call.arguments.length ? sqlOp(ctx, call.arguments[0]!) : chainOp(call);
    return op && { lib, op, method };
  }
  // Unknown receiver (untyped parameter, a client from a package the engine does not model).
  const path = accessPath(callee.expression) ?? chainMethods(callee.expression);
  const root = chainRoot(callee.expression);
  if (root && T.isIdentifier(root) && !path.includes(root.text)) path.push(root.text);
  if (SQL_METHODS.has(method)) {
    const last = path[path.length - 1] ?? '';
    if (!DB_RECEIVER.test(last) || !call.arguments.length) return undefined;
    const op = sqlOp(ctx, call.arguments[0]!);
    return op && { lib: 'sql', op, method };
  }
  if (!path.some((p) => DATA_NAME.test(p))) return undefined;
  const lib: Lib = path.some((p) => /prisma|^(tx|trx)$/i.test(p)) ? 'prisma' : path.some((p) => /model$/i.test(p)) ? 'mongoose' : path.some((p) => /repo(sitory)?$|manager/i.test(p)) ? 'typeorm' : 'prisma';
  if (FALLBACK_READ.has(method)) return { lib, op: 'read', method };
  if (FALLBACK_INSERT.has(method) && lib === 'prisma') return { lib, op: 'insert', method };
  return undefined;
}

/** `fetch(url)` / `fetch(url, { headers })`: a GET (no method, or method 'GET'). */
function fetchIsGet(call: ts.CallExpression): boolean {
  const opts = call.arguments[1] && unwrap(call.arguments[1]);
  if (!opts) return true;
  if (!T.isObjectLiteralExpression(opts)) return false;
  for (const p of opts.properties) {
    if (T.isSpreadAssignment(p)) return false;
    if (p.name && T.isIdentifier(p.name) && p.name.text === 'method') return T.isPropertyAssignment(p) && T.isStringLiteralLike(p.initializer) && p.initializer.text.toUpperCase() === 'GET';
  }
  return true;
}

/** Read, insert or other write, from the methods along a builder chain (`db.insert(t).values(…)`, `knex('t').where(…).first()`). */
function chainOp(call: ts.CallExpression): Op {
  const methods = chainMethods(call);
  if (methods.some((m) => WRITE_METHODS.test(m))) return 'write';
  if (methods.some((m) => INSERT_METHODS.test(m))) return 'insert';
  return 'read';
}

/** Read, insert or write from the SQL text of the first argument (a literal, a template, a `const`, or `{ text }`). */
function sqlOp(ctx: RuleContext, arg: ts.Expression, depth = 0): Op | undefined {
  const u = unwrap(arg);
  let text: string | undefined;
  if (T.isStringLiteralLike(u)) text = u.text;
  else if (T.isTemplateExpression(u)) text = u.head.text + u.templateSpans.map((s) => ` ? ${s.literal.text}`).join('');
  else if (T.isObjectLiteralExpression(u)) {
    for (const p of u.properties) {
      if (T.isPropertyAssignment(p) && p.name && T.isIdentifier(p.name) && (p.name.text === 'text' || p.name.text === 'sql')) return sqlOp(ctx, p.initializer, depth + 1);
    }
    return undefined;
  } else if (T.isIdentifier(u) && depth < 2) {
    const b = ctx.scopes.resolveId(u);
    const init = b?.kind === 'variable' ? b.init ?? b.node.initializer : undefined;
    return init ? sqlOp(ctx, init, depth + 1) : undefined;
  }
  if (text === undefined) return undefined;
  if (/^\s*\(?\s*select\b/i.test(text)) return LOCK_TEXT.test(text) ? 'write' : 'read';
  if (/^\s*with\b/i.test(text)) return /\b(insert|update|delete)\b/i.test(text) ? 'write' : 'read';
  if (/^\s*insert\b/i.test(text)) return /\bon\s+(conflict|duplicate)\b/i.test(text) ? 'write' : 'insert';
  return /^\s*(update|delete|merge|upsert|replace|call|lock|set)\b/i.test(text) ? 'write' : undefined;
}

/** The rows a loop walks, when they come from an earlier query. */
function loopRows(ctx: RuleContext, loop: ts.IterationStatement): Rows | undefined {
  if (T.isForOfStatement(loop)) {
    const src = sourceOf(ctx, loop.expression, 0, false);
    if (!src) return undefined;
    const names = new Set<string>();
    const init = loop.initializer;
    if (T.isVariableDeclarationList(init)) for (const d of init.declarations) bindingNames(d.name, names);
    else if (T.isIdentifier(init)) names.add(init.text);
    return names.size ? { source: src, names, shown: shortName(loop.expression, src) } : undefined;
  }
  // `for (let i = 0; i < rows.length; i++)`, `while (i < rows.length)`: the body reads `rows[i]`.
  const cond = T.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
  if (!cond || !T.isBinaryExpression(cond) || (cond.operatorToken.kind !== T.SyntaxKind.LessThanToken && cond.operatorToken.kind !== T.SyntaxKind.LessThanEqualsToken)) return undefined;
  const right = unwrap(cond.right);
  if (!T.isPropertyAccessExpression(right) || right.name.text !== 'length') return undefined;
  const src = sourceOf(ctx, right.expression, 0, false);
  if (!src) return undefined;
  return { source: src, names: new Set(), indexed: right.expression.getText(ctx.sf), shown: shortName(right.expression, src) };
}

/** `rows.reduce(async (prev, row) => { await prev; … }, Promise.resolve())`: one row after another. */
function sequentialReduce(ctx: RuleContext, fn: ts.Node): Rows | undefined {
  if (!T.isArrowFunction(fn) && !T.isFunctionExpression(fn)) return undefined;
  const call = fn.parent;
  if (!call || !T.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const c = unwrap(call.expression);
  if (!T.isPropertyAccessExpression(c) || c.name.text !== 'reduce') return undefined;
  const [acc, row] = fn.parameters;
  if (!acc || !row || !T.isIdentifier(acc.name) || !T.isBlock(fn.body)) return undefined;
  const accName = acc.name.text;
  const waitsForPrevious = fn.body.statements.some((s) => T.isExpressionStatement(s) && T.isAwaitExpression(s.expression) && T.isIdentifier(unwrap(s.expression.expression)) && (unwrap(s.expression.expression) as ts.Identifier).text === accName)
    || fn.body.statements.some((s) => T.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.initializer && T.isAwaitExpression(d.initializer) && T.isIdentifier(unwrap(d.initializer.expression)) && (unwrap(d.initializer.expression) as ts.Identifier).text === accName));
  if (!waitsForPrevious) return undefined;
  const src = sourceOf(ctx, c.expression, 0, false);
  if (!src) return undefined;
  const names = new Set<string>();
  bindingNames(row.name, names);
  return { source: src, names, shown: shortName(c.expression, src) };
}

/** The earlier read an iterable comes from: `rows`, `result.rows`, `order.items`, `users.map(…)`, `Object.values(byId)`… */
function sourceOf(ctx: RuleContext, e: ts.Expression, depth: number, viaProperty: boolean): DataCall | undefined {
  if (depth > 6) return undefined;
  const u = unwrap(e);
  if (T.isAwaitExpression(u)) {
    const inner = unwrap(u.expression);
    if (!T.isCallExpression(inner)) return undefined;
    const d = dataCall(ctx, inner);
    if (!d || d.op !== 'read' || smallQuery(ctx, inner)) return undefined;
    if (!viaProperty && SINGLE_ROW.test(d.method)) return undefined;
    return d;
  }
  if (T.isCallExpression(u)) {
    const c = unwrap(u.expression);
    if (T.isPropertyAccessExpression(c)) {
      const m = c.name.text;
      if (m === 'slice' && u.arguments.some((a) => T.isNumericLiteral(unwrap(a)) && Number((unwrap(a) as ts.NumericLiteral).text) <= SMALL) && u.arguments.length === 2) return undefined;
      if (ARRAY_STEPS.has(m)) return sourceOf(ctx, c.expression, depth + 1, viaProperty);
      if ((m === 'cursor' || m === 'stream' || m === 'iterate') && T.isCallExpression(unwrap(c.expression))) {
        const d = dataCall(ctx, unwrap(c.expression) as ts.CallExpression);
        return d?.op === 'read' ? d : undefined;
      }
      const obj = unwrap(c.expression);
      if (T.isIdentifier(obj) && (obj.text === 'Object' || obj.text === 'Array') && /^(values|entries|keys|from)$/.test(m) && u.arguments[0]) return sourceOf(ctx, u.arguments[0], depth + 1, viaProperty);
    }
    return undefined;
  }
  if (T.isNewExpression(u) && T.isIdentifier(u.expression) && u.expression.text === 'Set' && u.arguments?.[0]) return sourceOf(ctx, u.arguments[0], depth + 1, viaProperty);
  if (u.kind === K_ArrayLiteral) {
    const els = (u as ts.ArrayLiteralExpression).elements;
    return els.length === 1 && T.isSpreadElement(els[0]!) ? sourceOf(ctx, els[0].expression, depth + 1, viaProperty) : undefined;
  }
  if (T.isPropertyAccessExpression(u)) return sourceOf(ctx, u.expression, depth + 1, true);
  if (T.isElementAccessExpression(u)) return sourceOf(ctx, u.expression, depth + 1, viaProperty);
  if (T.isIdentifier(u)) {
    const b = ctx.scopes.resolveId(u);
    if (b?.kind !== 'variable') return undefined;
    const init = b.init ?? b.node.initializer;
    if (!init) return undefined;
    // `const { rows } = await pool.query(…)`, `const [rows] = await conn.execute(…)`: the destructured rows.
    return sourceOf(ctx, init, depth + 1, viaProperty || !T.isIdentifier(b.node.name));
  }
  return undefined;
}

/** A query that returns at most a handful of rows: `take: 5`, `.limit(3)`, `LIMIT 10`. */
function smallQuery(ctx: RuleContext, call: ts.CallExpression): boolean {
  const text = call.getText(ctx.sf);
  const m = /\b(take|limit|first|top)\s*[:(]\s*(\d+)|\bLIMIT\s+(\d+)/i.exec(text);
  return !!m && Number(m[2] ?? m[3]) <= SMALL;
}

function bindingNames(name: ts.BindingName, out: Set<string>): void {
  if (T.isIdentifier(name)) {
    out.add(name.text);
    return;
  }
  for (const el of name.elements) if (!T.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** Whether the call uses the loop's row: a row name (or a local computed from one in the loop body), or `rows[i]`. */
function usesRow(ctx: RuleContext, call: ts.Expression, body: ts.Node, rows: Rows): boolean {
  const names = new Set(rows.names);
  // Locals of the loop body computed from the row (`const id = row.customer_id`), in order.
  if (T.isBlock(body)) {
    for (const s of body.statements) {
      if (s.pos >= call.pos) break;
      if (!T.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) if (d.initializer && mentions(ctx, d.initializer, names, rows.indexed)) bindingNames(d.name, names);
    }
  }
  return mentions(ctx, call, names, rows.indexed);
}

/** The URL argument is the row's own value (`fetch(feed.url)`), not one API's base with the row's id in it. */
function urlIsTheRow(ctx: RuleContext, call: ts.CallExpression, body: ts.Node, rows: Rows): boolean {
  const url = call.arguments[0] && unwrap(call.arguments[0]);
  if (!url || T.isTemplateExpression(url) || (T.isBinaryExpression(url) && url.operatorToken.kind === K.PlusToken)) return false;
  return usesRow(ctx, url, body, rows);
}

function mentions(ctx: RuleContext, root: ts.Node, names: Set<string>, indexed: string | undefined): boolean {
  const stack: ts.Node[] = [root];
  for (let i = 0; stack.length && i < 5000; i++) {
    const n = stack.pop()!;
    if (T.isIdentifier(n)) {
      if (names.has(n.text)) {
        const p = n.parent;
        const isName = p && ((T.isPropertyAccessExpression(p) && p.name === n) || (T.isPropertyAssignment(p) && p.name === n));
        if (!isName) return true;
      }
      continue;
    }
    if (indexed && T.isElementAccessExpression(n) && n.expression.getText(ctx.sf) === indexed) return true;
    T.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return false;
}

/** A `break` or `return` in the loop body (not in nested functions): a search that stops at the first hit. */
function stopsEarly(body: ts.Node): boolean {
  const stack: ts.Node[] = [body];
  for (let i = 0; stack.length && i < 5000; i++) {
    const n = stack.pop()!;
    if (n.kind === K_Break || n.kind === K_Return) return true;
    T.forEachChild(n, (c) => {
      if (!T.isFunctionLike(c) && !T.isClassLike(c)) stack.push(c);
    });
  }
  return false;
}

/** Inside a transaction callback, on a transaction handle, or in a function that sends BEGIN. */
function inTransaction(ctx: RuleContext, call: ts.CallExpression, loop: ts.Node): boolean {
  const root = chainRoot(call.expression);
  const path = accessPath(unwrap(call.expression)) ?? [];
  if ((root && T.isIdentifier(root) && TX_RECEIVER.test(root.text)) || path.some((p) => TX_RECEIVER.test(p))) return true;
  for (let n: ts.Node | undefined = loop; n && n.kind !== K.SourceFile; n = n.parent) {
    if (!T.isFunctionLike(n)) continue;
    const p = n.parent;
    if (p && T.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
      const c = unwrap(p.expression);
      const name = T.isPropertyAccessExpression(c) ? c.name.text : T.isIdentifier(c) ? c.text : '';
      if (TX_CALL.test(name)) return true;
    }
    const text = n.getText(ctx.sf);
    if (/['"`]\s*BEGIN\b/i.test(text)) return true;
    if ((n as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers?.some((m) => m.kind === K_Decorator && /Transaction/i.test(m.getText(ctx.sf)))) return true;
  }
  return false;
}

/** `rows`, `order.items`; for anything else (`await prisma.user.findMany()`, `users.map(…)`), the query: `findMany()`. */
function shortName(e: ts.Expression, source: DataCall): string {
  const path = accessPath(e);
  const text = path ? path.join('.') : `${source.method}()`;
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}

const READ_FIX: Record<Lib, string> = {
  prisma: 'load them with the first query (`include`), or with one findMany({ where: { id: { in: ids } } }) matched up in memory',
  typeorm: 'load them with the first query (`relations` or leftJoinAndSelect), or with one find({ where: { id: In(ids) } }) matched up in memory',
  sequelize: 'load them with the first query (`include`), or with one findAll({ where: { id: ids } }) (an IN list) matched up in memory',
  mongoose: 'populate() them in the first query, or load them with one find({ _id: { $in: ids } }) matched up in memory',
  mongodb: 'load them with one find({ _id: { $in: ids } }) or a $lookup stage, matched up in memory',
  knex: 'load them with one whereIn(…) query or a join, matched up in memory',
  kysely: "load them with one where('id', 'in', ids) query or a join, matched up in memory",
  drizzle: 'load them with one inArray(…) query, a join, or the relational `with`, matched up in memory',
  sql: 'load them with one query (WHERE id = ANY($1), or IN (…)) or a JOIN, and group the rows in memory',
  http: 'use a batch endpoint if the API has one, or run the calls with bounded concurrency',
};
const INSERT_FIX: Record<Lib, string> = {
  prisma: 'insert them with one createMany({ data: rows })',
  typeorm: 'insert them with one insert([...]) or save([...])',
  sequelize: 'insert them with one bulkCreate([...])',
  mongoose: 'insert them with one insertMany([...])',
  mongodb: 'insert them with one insertMany([...])',
  knex: 'insert them with one insert([...]) of all rows',
  kysely: 'insert them with one insertInto(…).values([...])',
  drizzle: 'insert them with one insert(table).values([...])',
  sql: 'insert them with one multi-row INSERT … VALUES (…), (…) or SELECT … FROM unnest($1)',
  http: 'send them in one batch request',
};

function report(ctx: RuleContext, call: ts.CallExpression, op: DataCall, rows: Rows): void {
  const m = op.method.length > 20 ? `${op.method.slice(0, 19)}…` : op.method;
  const what = op.lib === 'http' ? 'HTTP calls' : op.op === 'insert' ? 'inserts' : 'queries';
  const detail = op.op === 'insert'
    ? `Each row waits for its own round trip, so 500 rows cost 500 in a row. Unless they must run one by one, ${INSERT_FIX[op.lib]} (inside a transaction if they must succeed together).`
    : `Each row waits for its own round trip, so 200 rows cost 201 queries, and the page slows down as the data grows. Instead, ${READ_FIX[op.lib]}.${op.lib === 'http' ? '' : ' In GraphQL resolvers a per-request DataLoader does this batching.'}`;
  ctx.report('n-plus-one', call, `\`${m}\` per row of \`${rows.shown}\`: N+1 sequential ${what}. ${detail}`);
}
