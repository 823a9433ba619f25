/**
 * sql-injection: SQL text built by concatenation or untagged template interpolation of a value that
 * comes from outside the code (a function parameter, a request field, or a local computed from one)
 * and passed to a query method.
 *
 * How it decides:
 * - The call is `<receiver>.query|execute|raw|unsafe|$queryRawUnsafe|$executeRawUnsafe(sql, …)` or a
 *   knex fragment method (`whereRaw`, `orderByRaw`, `havingRaw`, `joinRaw`), and the file imports a SQL
 *   library (pg, mysql2, knex, sequelize, typeorm, Prisma…) or the receiver is named like a database
 *   handle (`db`, `pool`, `client`, `conn`, `manager`, `queryRunner`, `sequelize`, `prisma`, `knex`, `trx`).
 * - The text argument (directly, or through a local `const`/`let` it names) is an untagged template or a
 *   `+` concatenation whose constant parts read as SQL (a statement keyword, or `FROM`/`WHERE`/`SET`…).
 * - At least one interpolated value is tainted: a parameter (not typed `number`/`boolean`, not named like
 *   an identifier such as `table` or `column`), a `req`/`request`/`body`/`params`/`query`/`input`/`dto`
 *   field, or a local initialised from one. Constants, `this.*` fields, numbers (`Number(x)`,
 *   `parseInt`), escaping calls (`escape`, `format`, `escapeIdentifier`…), placeholder lists built with
 *   `.map(() => '?')`, and values checked against an allow-list (`ALLOWED.includes(x)`, `.has(x)`) in
 *   the same function are not.
 * - Tagged templates (`sql\`…\``, Prisma `$queryRaw\`…\``) parameterise and are never flagged.
 * No quick fix: a parameterised rewrite depends on the driver's placeholder syntax and types.
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { esc, unwrap } from '../scope';
import type { RuleContext } from '../context';
import { defineRule } from '../rule';
import { isRuntimeBackend } from './support';

const K_NumberKeyword = T.SyntaxKind.NumberKeyword;
const K_BooleanKeyword = T.SyntaxKind.BooleanKeyword;
const K_TaggedTemplate = T.SyntaxKind.TaggedTemplateExpression;

const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'unsafe', '$queryRawUnsafe', '$executeRawUnsafe', 'exec']);
const FRAGMENT_METHODS = new Set(['whereRaw', 'orWhereRaw', 'andWhereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', 'groupByRaw', 'fromRaw']);
const SQL_MODULE = /^(pg|pg-promise|postgres|mysql|mysql2|mysql2\/promise|mariadb|knex|sequelize|typeorm|@prisma\/client|better-sqlite3|sqlite3|sqlite|mssql|tedious|oracledb|slonik|@databases\/.*|@nestjs\/typeorm|@nestjs\/sequelize|@mikro-orm\/.*|kysely|drizzle-orm.*)$/;
const DB_RECEIVER = /^(db|database|pool|pgPool|client|pgClient|conn|connection|manager|entityManager|queryRunner|sequelize|prisma|knex|trx|tx|sql|dataSource|mysql|pg|sqlite)$/i;
const SQL_START = /^\s*\(?\s*(select|insert|update|delete|with|merge|upsert|replace|create|alter|drop|truncate|call)\b/i;
const SQL_INNER = /\b(from|where|set|values|order\s+by|group\s+by|limit|join|and|or|in)\b|[=<>]\s*'?$/i;
const TAINT_ROOT = /^(req|request|body|params|query|input|dto|payload|args|event|ctx)$/;
const IDENT_PARAM = /^(table|tableName|schema|schemaName|column|columnName|col|field|fieldName|alias|entity|entityName|orderColumn|sortColumn|direction|dir|op|operator|placeholders?)$/i;
const SAFE_CALL = /escape|quote|format|sanitize|ident|literal|^Number$|^parseInt$|^parseFloat$|^String$|^toFixed$|^join$|^map$|^length$|toISOString/i;

export default defineRule({
  meta: {
    id: 'sql-injection',
    title: 'SQL built from input',
    description: 'SQL text built from a caller-supplied value lets that value rewrite the query. Send values as bound parameters ($1, ?) and keep the SQL text constant.',
    lesson: { phaseId: 'security', topicId: 'input-sanitization' },
    defaultSeverity: 'error',
  },
  appliesTo: (ctx) => isRuntimeBackend(ctx),
  create(ctx) {
    const sqlFile = ctx.imports.some((m) => SQL_MODULE.test(m));
    return { call: (n) => check(ctx, sqlFile, n) };
  },
});

function check(ctx: RuleContext, sqlFile: boolean, call: ts.CallExpression): void {
  const callee = call.expression;
  if (!T.isPropertyAccessExpression(callee)) return;
  const name = esc(callee.name);
  const fragment = FRAGMENT_METHODS.has(name);
  if (!fragment && !QUERY_METHODS.has(name)) return;
  const arg = call.arguments[0];
  if (!arg) return;
  if (!sqlFile) {
    const recv = unwrap(callee.expression);
    const recvName = T.isIdentifier(recv) ? recv.text : T.isPropertyAccessExpression(recv) ? recv.name.text : '';
    if (!DB_RECEIVER.test(recvName)) return;
  }
  const built = sqlExpression(ctx, arg);
  if (!built) return;
  if (!fragment && !looksLikeSql(built.constant)) return;
  if (fragment && !SQL_INNER.test(built.constant) && !/[=<>]/.test(built.constant)) return;
  const tainted = built.parts.map((p) => taint(ctx, p, call)).find((t): t is [string, string] => !!t);
  if (!tainted) return;
  const [shown, source] = tainted;
  ctx.report('sql-injection', arg, `SQL text built from ${shown}: a crafted value can rewrite this query. ${source} Pass it as a bound parameter (${placeholderHint(ctx)}) and keep the SQL text constant; identifiers (columns, sort order) come from an allow-list.`);
}

function placeholderHint(ctx: RuleContext): string {
  if (ctx.imports.some((m) => /mysql|sqlite|mariadb/.test(m))) return '`?` with a values array';
  if (ctx.imports.includes('knex')) return 'knex.raw(sql, [value]) or where()';
  if (ctx.imports.some((m) => m.startsWith('@prisma/'))) return 'the $queryRaw`…` tagged template';
  return '`$1` with a values array';
}

interface Built {
  constant: string;
  parts: ts.Expression[];
}

/** The constant text and interpolated parts of an untagged template or a `+` concatenation (directly or through a local). */
function sqlExpression(ctx: RuleContext, e: ts.Expression, depth = 0): Built | undefined {
  const u = unwrap(e);
  if (T.isTemplateExpression(u)) {
    if (u.parent && u.parent.kind === K_TaggedTemplate) return undefined;
    return { constant: u.head.text + u.templateSpans.map((s) => ` ${s.literal.text}`).join(''), parts: u.templateSpans.map((s) => s.expression) };
  }
  if (T.isBinaryExpression(u) && u.operatorToken.kind === K.PlusToken) {
    const out: Built = { constant: '', parts: [] };
    const work: ts.Expression[] = [u];
    const seq: ts.Expression[] = [];
    while (work.length) {
      const x = unwrap(work.pop()!);
      if (T.isBinaryExpression(x) && x.operatorToken.kind === K.PlusToken) work.push(x.right, x.left);
      else seq.push(x);
    }
    for (const x of seq) {
      if (T.isStringLiteralLike(x)) out.constant += x.text;
      else if (T.isTemplateExpression(x)) {
        out.constant += x.head.text + x.templateSpans.map((s) => ` ${s.literal.text}`).join('');
        out.parts.push(...x.templateSpans.map((s) => s.expression));
      } else {
        out.constant += ' ';
        out.parts.push(x);
      }
    }
    return out.parts.length ? out : undefined;
  }
  if (T.isIdentifier(u) && depth === 0) {
    const b = ctx.scopes.resolveId(u);
    if (b?.kind === 'variable' && b.init) return sqlExpression(ctx, b.init, depth + 1);
  }
  return undefined;
}

function looksLikeSql(text: string): boolean {
  return SQL_START.test(text) || (/\bselect\b/i.test(text) && /\bfrom\b/i.test(text));
}

/** Why a value is tainted (for the message), or undefined when it is constant, numeric, escaped or allow-listed. */
function taint(ctx: RuleContext, e: ts.Expression, at: ts.Node, depth = 0): [string, string] | undefined {
  if (depth > 3) return undefined;
  const u = unwrap(e);
  if (T.isStringLiteralLike(u) || T.isNumericLiteral(u)) return undefined;
  if (T.isConditionalExpression(u)) return undefined; // `dir === 'asc' ? 'ASC' : 'DESC'`: chosen from literals or checked
  if (T.isBinaryExpression(u)) {
    if (u.operatorToken.kind === K.PlusToken) return taint(ctx, u.left, at, depth + 1) ?? taint(ctx, u.right, at, depth + 1);
    return undefined; // `a ?? 'x'`, arithmetic, comparisons
  }
  if (T.isCallExpression(u)) {
    const c = u.expression;
    const n = T.isIdentifier(c) ? c.text : T.isPropertyAccessExpression(c) ? c.name.text : '';
    if (SAFE_CALL.test(n)) return undefined;
    return undefined; // the result of an unknown function: not known to carry input
  }
  if (T.isTemplateExpression(u)) {
    for (const s of u.templateSpans) {
      const t = taint(ctx, s.expression, at, depth + 1);
      if (t) return t;
    }
    return undefined;
  }
  // Property access rooted at a request-like object: `req.query.sort`, `body.email`, `dto.name`.
  let root: ts.Expression = u;
  const path: string[] = [];
  while (T.isPropertyAccessExpression(root) || (T.isElementAccessExpression(root) && T.isStringLiteralLike(root.argumentExpression))) {
    path.unshift(T.isPropertyAccessExpression(root) ? root.name.text : (root.argumentExpression as ts.StringLiteral).text);
    root = unwrap(root.expression);
  }
  if (root.kind === K.ThisKeyword) return undefined;
  if (!T.isIdentifier(root)) return undefined;
  const name = root.text;
  if (/^[A-Z0-9_]+$/.test(name)) return undefined; // CONSTANT_CASE
  const b = ctx.scopes.resolveId(root);
  if (!b) return undefined;
  if (allowListed(ctx, name, at)) return undefined;
  const text = ctx.describe(u);
  const shown = `\`${text.length > 30 ? `${text.slice(0, 29)}…` : text}\``;
  if (b.kind === 'parameter') {
    const p = b.node;
    if (p.type && (p.type.kind === K_NumberKeyword || p.type.kind === K_BooleanKeyword)) return undefined;
    if (path.length === 0 && IDENT_PARAM.test(name)) return undefined;
    if (path[path.length - 1] === 'length') return undefined;
    return [shown, 'It is a value the caller passes in, unchecked.'];
  }
  if (b.kind === 'variable') {
    if (path.length === 0 && IDENT_PARAM.test(name)) return undefined;
    if (TAINT_ROOT.test(name) && path.length > 0) return [shown, 'It comes from the request.'];
    const init = b.init ?? b.node.initializer;
    if (init && depth < 2) {
      const inner = taint(ctx, init, at, depth + 1);
      if (inner) return [shown, `It is computed from ${inner[0]}. ${inner[1]}`];
    }
    return undefined;
  }
  return undefined;
}


/** `ALLOWED.includes(sort)`, `COLUMNS.has(col)`, `sort in SORTS` in the enclosing function. */
function allowListed(ctx: RuleContext, name: string, at: ts.Node): boolean {
  const fn = ctx.scopes.enclosingFunction(at);
  const text = fn ? fn.getText(ctx.sf) : ctx.sf.text;
  const n = name.replace(/[$]/g, '\\$');
  return new RegExp(`\\.(includes|has|indexOf)\\(\\s*${n}\\b|\\b${n}\\s+in\\s+[A-Za-z_]|\\b(z|Joi|yup)\\b[\\s\\S]*\\benum\\(`).test(text);
}
