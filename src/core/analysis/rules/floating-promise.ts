import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { chainRoot, esc, unwrap } from '../scope';
import { isAsyncCallback, isNullish } from '../syntax';
import { unhandledRejectionEffect, type RawFix, type RuleContext } from '../context';
import { defineRule } from '../rule';

const TEST_CALLS = new Set(['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'context', 'specify']);
const TEST_MODULES = new Set(['node:test', 'mocha', 'vitest', '@jest/globals', 'bun:test']);
const NONE: readonly ts.Expression[] = [];
const LAZY_LABEL: [RegExp, string][] = [[/^prisma\./, 'Prisma query'], [/^mongoose\./, 'Mongoose query'], [/^knex\./, 'Knex query'], [/^drizzle\./, 'Drizzle query']];

export default defineRule({
  meta: {
    id: 'floating-promise',
    title: 'floating promise',
    description: 'A promise nobody awaits: its errors are lost or crash the process, and its work may never run.',
    lesson: { phaseId: 'node-runtime', topicId: 'floating-promises' },
    defaultSeverity: 'warning',
  },
  create(ctx) {
    const rule = new FloatingPromise(ctx);
    return {
      expressionStatement: (n) => rule.floating(n),
    };
  },
});

class FloatingPromise {
  /** What an unhandled rejection does where this file runs. */
  private readonly crashes: string;

  constructor(private readonly ctx: RuleContext) {
    this.crashes = unhandledRejectionEffect(ctx);
  }

  /** The expressions whose values an expression statement drops. */
  private droppedExpressions(e: ts.Expression): readonly ts.Expression[] {
    // Fast paths for the usual statements: a call, or an assignment.
    const u = unwrap(e);
    if (u.kind === K.CallExpression) return [u];
    if (u.kind === K.BinaryExpression && (u as ts.BinaryExpression).operatorToken.kind === K.EqualsToken) return NONE;
    const out: ts.Expression[] = [];
    const work: ts.Expression[] = [e];
    for (let i = 0; work.length && i < 64; i++) {
      const cur = unwrap(work.pop()!);
      if (T.isBinaryExpression(cur)) {
        const op = cur.operatorToken.kind;
        if (op === K.CommaToken) work.push(cur.left, cur.right);
        else if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) work.push(cur.right);
      } else if (T.isConditionalExpression(cur)) work.push(cur.whenTrue, cur.whenFalse);
      else if (T.isCallExpression(cur) || T.isNewExpression(cur)) out.push(cur);
    }
    return out;
  }

  floating(stmt: ts.ExpressionStatement): void {
    for (const e of this.droppedExpressions(stmt.expression)) {
      const verdict = T.isNewExpression(e) ? this.newVerdict(e) : this.callVerdict(e as ts.CallExpression);
      if (!verdict) continue;
      const inAsync = this.ctx.inAsyncFunction(stmt);
      const start = e.getStart(this.ctx.sf);
      const fixes: RawFix[] = [];
      if (verdict.mapAll) {
        if (inAsync) fixes.push({ title: 'Await all of them (await Promise.all(…))', preferred: true, edits: [this.ctx.insertAt(start, 'await Promise.all('), this.ctx.insertAt(e.getEnd(), ')')] });
      } else {
        if (inAsync) fixes.push({ title: 'Add await', preferred: true, edits: [this.ctx.insertAt(start, 'await ')] });
        // `void` silences a lazy query without running it, so it is only offered for eager promises.
        // Preferred outside async functions, where await is not available: it changes nothing at run time.
        if (!verdict.lazy) fixes.push({ title: 'Mark as intentionally not awaited (void)', preferred: !inAsync, edits: [this.ctx.insertAt(start, 'void ')] });
      }
      this.ctx.report('floating-promise', e, verdict.message, fixes);
    }
  }

  private newVerdict(e: ts.NewExpression): { message: string; lazy?: boolean; mapAll?: boolean } | undefined {
    const c = unwrap(e.expression);
    if (T.isIdentifier(c) && c.text === 'Promise' && this.ctx.isGlobal(c)) {
      return { message: `This new Promise is never awaited, returned or stored. A rejection inside it is unhandled and ${this.crashes}, and nobody knows when it settles.` };
    }
    return undefined;
  }

  private isHandler(e: ts.Expression | undefined): boolean {
    return !!e && !isNullish(e);
  }

  private callVerdict(e: ts.CallExpression, depth = 0): { message: string; lazy?: boolean; mapAll?: boolean } | undefined {
    if (depth > 32) return undefined;
    const callee = unwrap(e.expression);
    if (T.isPropertyAccessExpression(callee)) {
      const name = esc(callee.name);
      if (name === 'then' || name === 'catch' || name === 'finally') {
        const root = chainRoot(callee);
        if (root && T.isIdentifier(root) && esc(root) === 'cy' && this.ctx.isGlobal(root)) return undefined; // Cypress chains are not promises
      }
      if (name === 'catch' && this.isHandler(e.arguments[0])) return undefined;
      if (name === 'then' && this.isHandler(e.arguments[1])) return undefined;
      if (name === 'then' || name === 'catch') {
        return { message: `.${name}() has no rejection handler. If the promise rejects, nothing handles it and ${this.crashes}. Add .catch(…), or await it in a try/catch.` };
      }
      if (name === 'finally') {
        const inner = unwrap(callee.expression);
        if (T.isCallExpression(inner) && !this.callVerdict(inner, depth + 1) && this.handledChain(inner)) return undefined;
        return { message: '.finally() does not handle rejections. A rejection passes straight through it and nothing catches it. Add .catch(…), or await it in a try/catch.' };
      }
      if (name === 'map' && isAsyncCallback(e.arguments[0] && unwrap(e.arguments[0]))) {
        return { message: 'map(async …) makes promises that nobody awaits. Their rejections are unhandled and nobody knows when they finish. Use await Promise.all(items.map(…)).', mapAll: true };
      }
    }
    if (T.isIdentifier(callee) && TEST_CALLS.has(esc(callee)) && this.isTestCall(callee)) return undefined;
    const info = this.ctx.evaluator.call(e);
    if (!info.promise) return undefined;
    const what = T.isArrowFunction(callee) || T.isFunctionExpression(callee) ? 'This async IIFE' : `${this.ctx.describe(callee)}()`;
    if (info.promise === 'lazy') {
      const type = info.type?.v === 'pkg' ? info.type.type : info.callee?.v === 'pkgMember' ? info.callee.type : '';
      const label = LAZY_LABEL.find(([re]) => re.test(type))?.[1] ?? 'query';
      return { message: `${what} builds a ${label} that never runs as written. It executes only when it is awaited (or .then() is called). Await it, or return it.`, lazy: true };
    }
    return { message: `${what} returns a promise that nobody awaits or handles. If it rejects, the error is lost or ${this.crashes}, and the caller cannot know when it finished.` };
  }

  /** A call chain ending in a rejection handler (`p.catch(h)`, `p.then(a, h)`), before any finally. */
  private handledChain(e: ts.CallExpression): boolean {
    let cur: ts.Expression = e;
    for (let i = 0; i < 32 && T.isCallExpression(cur); i++) {
      const c = unwrap(cur.expression);
      if (!T.isPropertyAccessExpression(c)) return false;
      if (c.name.text === 'catch' && this.isHandler(cur.arguments[0])) return true;
      if (c.name.text === 'then' && this.isHandler(cur.arguments[1])) return true;
      if (c.name.text !== 'finally') return false;
      cur = unwrap(c.expression);
    }
    return false;
  }

  private isTestCall(id: ts.Identifier): boolean {
    if (!this.ctx.isTest) return false;
    const b = this.ctx.scopes.resolveId(id);
    return !b || (b.kind === 'import' && TEST_MODULES.has(b.module));
  }
}
