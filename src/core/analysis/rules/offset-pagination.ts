import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { accessPath, chainMethods, chainRoot, esc, unwrap } from '../scope';
import { TYPES } from '../apis';
import { isDataModule } from '../classify';
import { isFunctionLikeExpr, isNullish, isNumber, isZero, propertyKey } from '../syntax';
import type { Raw, RuleContext } from '../context';
import { keysetFlavor } from '../keyset';
import type { Val } from '../values';
import { defineRule } from '../rule';

/** Fallback when a receiver's type is unknown: query methods that take an options object with skip/offset. */
const FALLBACK_QUERY_METHODS = new Set(['findMany', 'findAll', 'findAndCountAll', 'findAndCount', 'find', 'findBy', 'findFirst', 'aggregate', 'groupBy']);
const QUERY_OPTION_KEYS = ['take', 'limit', 'orderBy', 'order', 'where', 'sort', 'select', 'include', 'relations', 'attributes'];
const CHAIN_QUERY_METHODS = new Set(['find', 'select', 'selectFrom', 'selectAll', 'from', 'where', 'orderBy', 'sort', 'limit', 'take', 'createQueryBuilder', 'table', 'leftJoin', 'innerJoin', 'andWhere', 'whereIn', 'lean', 'populate', 'findMany', 'order']);
const DATA_NAME = /prisma|repo(sitory)?$|model$|^db$|knex|collection|querybuilder|^qb$|manager|datasource/i;
/** Methods whose options object can page by offset (known types and the fallback). */
const OFFSET_OPTION_METHODS = new Set([...FALLBACK_QUERY_METHODS, ...Object.values(TYPES).flatMap((t) => Object.keys(t.offsetOptions ?? {}))]);

export default defineRule({
  meta: {
    id: 'offset-pagination',
    title: 'offset pagination',
    description: 'OFFSET/skip paging reads and throws away every skipped row and shifts when rows change. Page with a cursor.',
    lesson: { phaseId: 'api-engineering', topicId: 'pagination' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => !ctx.isTest,
  create(ctx) {
    const rule = new OffsetPagination(ctx);
    return {
      call: (n) => rule.offsetCall(n),
      string: (n) => rule.rawSql(n),
      propertyAssignment: (n) => rule.mongoSkipStage(n),
    };
  },
});

class OffsetPagination {
  private readonly hasDataImport: boolean;

  constructor(private readonly ctx: RuleContext) {
    this.hasDataImport = ctx.imports.some(isDataModule);
  }

  offsetCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (!T.isPropertyAccessExpression(callee)) return;
    const method = esc(callee.name);
    if ((method === 'skip' || method === 'offset') && call.arguments.length === 1) {
      this.offsetBuilder(call, callee, method);
      return;
    }
    if (!OFFSET_OPTION_METHODS.has(method) || !call.arguments.some((a) => T.isObjectLiteralExpression(unwrap(a)))) return;
    const recv = this.ctx.evaluator.eval(callee.expression);
    const type = this.ctx.evaluator.pkgType(recv);
    if (type) {
      const keys = TYPES[type]?.offsetOptions?.[method];
      if (!keys) return;
      const arg = call.arguments[type === 'typeorm.EntityManager' ? 1 : type === 'mongoose.Model' ? 2 : type === 'mongodb.Collection' ? 1 : 0];
      const o = arg && unwrap(arg);
      if (o && T.isObjectLiteralExpression(o)) this.offsetOptions(o, keys, true, type);
      return;
    }
    if (!FALLBACK_QUERY_METHODS.has(method)) return;
    // A project class whose base comes from a package we do not model (sequelize-typescript's Model, an
    // ORM wrapper): judged like an unknown receiver, by the shape of the call, instead of given up.
    const unknownBase = !!recv && this.hasUnknownPackageBase(recv, method);
    if (recv && !unknownBase) return;
    // Unknown receiver: only when it looks like data access and the object looks like query options.
    if (!unknownBase && !this.hasDataImport && !this.dataishReceiver(callee.expression)) return;
    const o = unwrap(call.arguments[0]!);
    if (T.isObjectLiteralExpression(o)) this.offsetOptions(o, ['skip', 'offset'], false, undefined);
  }

  /** A project class (or instance of one) that extends a package class, and does not declare the method itself. */
  private hasUnknownPackageBase(v: Val, method: string): boolean {
    if (v.v !== 'projClass' && v.v !== 'projInstance') return false;
    const own = this.ctx.index.member(v.file, v.name, method, v.v === 'projClass');
    return (!own || 'pkgBase' in own) && !!this.ctx.index.packageBase(v.file, v.name);
  }

  private offsetOptions(o: ts.ObjectLiteralExpression, keys: readonly string[], resolved: boolean, type: string | undefined): void {
    const props = new Map<string, ts.ObjectLiteralElementLike>();
    for (const p of o.properties) {
      const k = propertyKey(p);
      if (k !== undefined) props.set(k, p);
    }
    if (!resolved && !QUERY_OPTION_KEYS.some((k) => props.has(k))) return;
    for (const key of keys) {
      const p = props.get(key);
      if (!p) continue;
      const value = T.isPropertyAssignment(p) ? p.initializer : T.isShorthandPropertyAssignment(p) ? p.name : undefined;
      if (!value || isZero(value) || isNullish(value) || isFunctionLikeExpr(unwrap(value)) || T.isMethodDeclaration(p)) continue;
      if (key === 'skip' && isCursorSkipValue(value) && hasKeyDeep(o, 'cursor')) continue; // Prisma's cursor idiom
      this.example(this.ctx.report('offset-pagination', p, `Offset pagination (${key}) gets slower with every page and shifts under inserts. The database reads and throws away every skipped row, and rows inserted or deleted meanwhile move the page boundaries. Page with a cursor instead: rows after the last one seen, on an indexed sort key.`), type);
    }
  }

  private offsetBuilder(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): void {
    const arg = call.arguments[0]!;
    if (isZero(arg) || isNullish(arg) || isFunctionLikeExpr(unwrap(arg)) || T.isObjectLiteralExpression(unwrap(arg))) return;
    const recv = this.ctx.evaluator.eval(callee.expression);
    if (recv) {
      const type = this.ctx.evaluator.pkgType(recv);
      if (type && TYPES[type]?.offsetMethods?.includes(method)) this.reportBuilder(callee, method, type);
      return;
    }
    // Unknown receiver: a query chain (…find()/where()/orderBy()…) in data-access code.
    const chain = chainMethods(callee.expression);
    if (!chain.some((m) => CHAIN_QUERY_METHODS.has(m))) return;
    const root = chainRoot(callee.expression);
    const rootVal = root && this.ctx.evaluator.eval(root);
    if (rootVal && rootVal.v !== 'pkg') return; // a known project value: not a query builder we know
    if (this.hasDataImport || this.dataishReceiver(callee.expression)) this.reportBuilder(callee, method, rootVal ? this.ctx.evaluator.pkgType(rootVal) : undefined);
  }

  private reportBuilder(callee: ts.PropertyAccessExpression, method: string, type: string | undefined): void {
    this.example(this.ctx.report('offset-pagination', callee.name, `.${method}() pages by offset: slower with every page, and pages shift under inserts. The database still reads every skipped row. Use a keyset (cursor) condition such as WHERE (created_at, id) < (:lastCreatedAt, :lastId).`), type);
  }

  /** Tags a finding with the keyset example for the library it is about (the editor offers to open it). */
  private example(raw: Raw, type: string | undefined): void {
    raw.example = `keyset/${keysetFlavor(this.ctx.imports, type)}`;
  }

  private dataishReceiver(e: ts.Expression): boolean {
    const path = accessPath(e) ?? chainMethods(e);
    const root = chainRoot(e);
    if (root && T.isIdentifier(root)) path.push(root.text);
    return path.some((p) => DATA_NAME.test(p));
  }

  rawSql(node: ts.StringLiteral | ts.TemplateLiteral): void {
    // String concatenations are checked once, as a whole, from their top.
    const parent = node.parent;
    if (T.isBinaryExpression(parent) && parent.operatorToken.kind === K.PlusToken) {
      let top: ts.BinaryExpression = parent;
      for (let i = 0; i < 256 && T.isBinaryExpression(top.parent) && top.parent.operatorToken.kind === K.PlusToken; i++) top = top.parent;
      if (firstStringLeaf(top) !== node || !/select/i.test(top.getText(this.ctx.sf))) return;
      const text = concatText(top);
      if (text !== undefined) this.checkSql(text, top);
      return;
    }
    this.checkSql(sqlText(node), node);
  }

  private checkSql(text: string, node: ts.Node): void {
    if (text.length < 16 || !/select/i.test(text)) return;
    if (!/^[\s(]*(select|with)\b/i.test(text) && !/\bselect\b[\s\S]+\bfrom\b[\s\S]+\b(order\s+by|limit)\b/i.test(text)) return;
    if (!/\bfrom\b/i.test(text)) return;
    const offset = /\boffset\s+(\$\d+|\?|:\w+|@\w+|[1-9]\d*)(?!\s*(rows?\b)?\s*\w*\s*fetch\s+first\s+0)/i.exec(text);
    const mysql = /\blimit\s+(\?|\$\d+|\d+|:\w+|@\w+)\s*,\s*(\?|\$\d+|\d+|:\w+|@\w+)/i.exec(text);
    if (!offset && !(mysql && mysql[1] !== '0')) return;
    this.example(this.ctx.report('offset-pagination', node, `This SQL pages with ${offset ? 'OFFSET' : 'LIMIT offset, count'}: slower with every page, and pages shift under inserts. The database reads and throws away every skipped row. Use a keyset condition such as WHERE (created_at, id) < ($1, $2).`), 'sql');
  }

  mongoSkipStage(p: ts.PropertyAssignment): void {
    if (propertyKey(p) !== '$skip' || isZero(p.initializer) || isNullish(p.initializer)) return;
    this.example(this.ctx.report('offset-pagination', p, 'A $skip stage pages by offset: MongoDB walks every skipped document. Match on the last seen sort key instead ({ $match: { _id: { $gt: lastId } } }).'), this.ctx.imports.includes('mongoose') ? 'mongoose' : 'mongodb');
  }
}

/** `{ …, cursor: x }`, including inside spread object literals and conditional spreads. */
function hasKeyDeep(o: ts.ObjectLiteralExpression, key: string, depth = 0): boolean {
  if (depth > 4) return false;
  for (const p of o.properties) {
    if (propertyKey(p) === key) return true;
    if (T.isSpreadAssignment(p)) {
      const stack: ts.Expression[] = [p.expression];
      for (let i = 0; stack.length && i < 16; i++) {
        const e = unwrap(stack.pop()!);
        if (T.isObjectLiteralExpression(e) && hasKeyDeep(e, key, depth + 1)) return true;
        if (T.isConditionalExpression(e)) stack.push(e.whenTrue, e.whenFalse);
        if (T.isBinaryExpression(e)) stack.push(e.right);
      }
    }
  }
  return false;
}

/** Values that the Prisma cursor idiom uses for skip: 1, or `cursor ? 1 : 0/undefined`. */
function isCursorSkipValue(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (isNumber(u, (n) => n === 1)) return true;
  if (T.isConditionalExpression(u)) return [u.whenTrue, u.whenFalse].every((b) => isNumber(b, (n) => n === 0 || n === 1) || isNullish(b));
  return false;
}

/** Text of a string or template literal, with each `${…}` as `?` (or `0` for a literal 0). */
function sqlText(node: ts.StringLiteral | ts.TemplateLiteral): string {
  if (!T.isTemplateExpression(node)) return node.text;
  let s = node.head.text;
  for (const span of node.templateSpans) s += `${isZero(span.expression) ? '0' : '?'}${span.literal.text}`;
  return s;
}

function firstStringLeaf(top: ts.BinaryExpression): ts.Node | undefined {
  let cur: ts.Expression = top;
  for (let i = 0; i < 256 && T.isBinaryExpression(cur); i++) cur = cur.left;
  return T.isStringLiteral(cur) || T.isNoSubstitutionTemplateLiteral(cur) || T.isTemplateExpression(cur) ? cur : undefined;
}

/** `'SELECT … OFFSET ' + n` → 'SELECT … OFFSET ?'. */
function concatText(top: ts.BinaryExpression): string | undefined {
  const parts: string[] = [];
  const work: ts.Expression[] = [top];
  for (let i = 0; work.length && i < 512; i++) {
    const e = work.pop()!;
    if (T.isBinaryExpression(e) && e.operatorToken.kind === K.PlusToken) work.push(e.right, e.left);
    else if (T.isStringLiteral(e) || T.isNoSubstitutionTemplateLiteral(e) || T.isTemplateExpression(e)) parts.push(sqlText(e));
    else parts.push(isZero(e) ? '0' : '?');
  }
  return work.length ? undefined : parts.join('');
}
