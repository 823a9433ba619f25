import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { esc, hasModifier, unwrap } from '../scope';
import { TYPES } from '../apis';
import { catchesEverything, isAsyncCallback } from '../syntax';
import { unhandledRejectionEffect, type RawFix, type RuleContext } from '../context';
import { defineRule } from '../rule';

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);

/** The major version in a version or range (`4.21.2`, `^4.19.0`, `~4.x`), if it names one. */
function major(v: string | undefined): number | undefined {
  const m = v && /^\s*(?:[\^~]|>=?)?\s*v?(\d+)/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/**
 * An async function handed to something that never awaits what it returns: `forEach`, an
 * EventEmitter listener, a timer, `process.nextTick`, a `new Promise` executor. A different mistake
 * from a promise expression left alone (floating-promise): the fix is in the callback or the loop.
 */
export default defineRule({
  meta: {
    id: 'misused-promise',
    title: 'async function where nobody awaits it',
    description: 'An async callback passed to forEach, an event listener, a timer or a Promise executor: its promise is dropped, so its rejections are unhandled and nobody waits for it. Catch inside, or loop with await.',
    lesson: { phaseId: 'node-runtime', topicId: 'floating-promises' },
    defaultSeverity: 'warning',
  },
  create(ctx) {
    const rule = new MisusedPromise(ctx);
    return {
      call: (n) => rule.asyncCallback(n),
      newExpression: (n) => rule.asyncExecutor(n),
    };
  },
});

class MisusedPromise {
  /** What an unhandled rejection does where this file runs. */
  private readonly crashes: string;

  constructor(private readonly ctx: RuleContext) {
    this.crashes = unhandledRejectionEffect(ctx);
  }

  /** forEach(async …), emitter.on(…, async …), setTimeout(async …): the callback's promise is dropped. */
  asyncCallback(call: ts.CallExpression): void {
    const args = call.arguments;
    if (!args.some((a) => isAsyncCallback(a))) return;
    const callee = unwrap(call.expression);
    let message: string | undefined;
    let fn: ts.ArrowFunction | ts.FunctionExpression | undefined;
    if (T.isPropertyAccessExpression(callee)) {
      const m = esc(callee.name);
      if (m === 'forEach' && isAsyncCallback(args[0])) {
        fn = args[0];
        message = 'forEach() does not wait for an async callback. The iterations run concurrently, nobody waits for them, and their rejections are unhandled. Use for…of with await, or await Promise.all(items.map(…)).';
      } else if (LISTENER_METHODS.has(m) && args.length === 2 && isAsyncCallback(args[1]) && args[0] && (T.isStringLiteralLike(args[0]) || T.isIdentifier(args[0]) || T.isPropertyAccessExpression(args[0]))) {
        const recv = this.ctx.evaluator.eval(callee.expression);
        const info = recv?.v === 'pkg' ? TYPES[recv.type] : undefined;
        if (info && (info.awaitsListeners || !info.emitter)) return;
        // The method's declaration (a dependency's .d.ts) says the listener may return a promise: the library handles it.
        const method = this.ctx.evaluator.eval(callee);
        if (method?.v === 'fn' && method.awaitsCallback) return;
        if (catchesEverything(args[1])) return;
        fn = args[1];
        const event = T.isStringLiteralLike(args[0]) ? ` for '${args[0].text}'` : '';
        message = `An EventEmitter does not await its listeners. A rejection in this async listener${event} is an unhandled rejection. Catch errors inside the listener (try/catch), or use captureRejections.`;
      } else if (ROUTE_METHODS.has(m) && this.express4(callee.expression)) {
        // Express 4 calls a handler and drops its promise (Express 5 passes a rejection to next(err)).
        fn = args.find((a): a is ts.ArrowFunction | ts.FunctionExpression => isAsyncCallback(a) && !catchesEverything(a));
        message = 'Express 4 ignores the promise an async route handler returns. If it rejects, the request never gets a response and the rejection is unhandled. Catch inside and call next(err), wrap the handler so rejections reach next, or move to Express 5 (which forwards them).';
      } else if (m === 'nextTick' && isAsyncCallback(args[0])) {
        const obj = unwrap(callee.expression);
        if (!(T.isIdentifier(obj) && obj.text === 'process' && this.ctx.isGlobal(obj)) || catchesEverything(args[0])) return;
        fn = args[0];
        message = 'process.nextTick() drops the promise of an async callback. Its rejection is unhandled. Wrap the body in try/catch.';
      }
    } else if (T.isIdentifier(callee) && TIMER_FUNCTIONS.has(esc(callee)) && isAsyncCallback(args[0])) {
      const v = this.ctx.evaluator.eval(callee);
      const fromTimers = v?.v === 'pkgMember' && v.type === 'timers';
      if (!(v?.v === 'global' || fromTimers) || catchesEverything(args[0])) return;
      fn = args[0];
      message = `${callee.text}() drops the promise of an async callback. If it rejects, the rejection is unhandled and ${this.crashes}. Wrap the body in try/catch.`;
    }
    if (!fn || !message) return;
    const fixes: RawFix[] = [];
    // forEach(async …) as a statement of an async function → await Promise.all(items.map(async …)).
    if (T.isPropertyAccessExpression(callee) && esc(callee.name) === 'forEach' && T.isExpressionStatement(call.parent) && this.ctx.inAsyncFunction(call)) {
      fixes.push({ title: 'Run them all and wait (await Promise.all(….map(…)))', preferred: true, edits: [this.ctx.insertAt(call.getStart(this.ctx.sf), 'await Promise.all('), this.ctx.replaceNode(callee.name, 'map'), this.ctx.insertAt(call.getEnd(), ')')] });
    }
    this.ctx.report('misused-promise', fn.modifiers?.find((mod) => mod.kind === K.AsyncKeyword) ?? fn, message, fixes);
  }

  /** An Express app or router, in a project on Express 4 (installed, else the declared range) without express-async-errors. */
  private express4(receiver: ts.Expression): boolean {
    const recv = this.ctx.evaluator.eval(receiver);
    if (recv?.v !== 'pkg' || (recv.type !== 'express.App' && recv.type !== 'express.Router')) return false;
    const version = this.ctx.index.packageVersion?.(this.ctx.file, 'express');
    return major(version) === 4 && !this.ctx.index.packageVersion?.(this.ctx.file, 'express-async-errors');
  }

  asyncExecutor(e: ts.NewExpression): void {
    const c = unwrap(e.expression);
    const executor = e.arguments?.[0];
    if (!T.isIdentifier(c) || c.text !== 'Promise' || !this.ctx.isGlobal(c) || !isAsyncCallback(executor) || !hasModifier(executor, K.AsyncKeyword)) return;
    this.ctx.report('misused-promise', executor.modifiers!.find((m) => m.kind === K.AsyncKeyword)!, 'An async Promise executor loses errors thrown after an await. The Promise constructor drops the promise it returns, so an error thrown after an await neither rejects this promise nor is handled. Make the executor synchronous, or drop new Promise and use the async function directly.');
  }
}
