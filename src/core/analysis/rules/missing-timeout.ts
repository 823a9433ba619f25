import type ts from 'typescript';
import * as T from '../tsfast';
import { esc, moduleCall, unwrap } from '../scope';
import { isLocalUrl } from '../classify';
import { isFunctionLikeExpr, isNullish, isNumber, propertyKey } from '../syntax';
import type { Raw, RawFix, RuleContext } from '../context';
import { defineRule } from '../rule';

const AXIOS_CONFIG_INDEX: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, request: 0, postForm: 2, putForm: 2, patchForm: 2 };
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
const HTTP_CLIENT_SPECIFIER = /['"`](node:)?(https?|axios|got|node-fetch|undici|cross-fetch|isomorphic-fetch)['"`]/;
const HTTP_CLIENT_SPECIFIER_G = new RegExp(HTTP_CLIENT_SPECIFIER.source, 'g');

export default defineRule({
  meta: {
    id: 'missing-timeout',
    title: 'outbound I/O without a timeout',
    description: 'An outbound call with no timeout can hang forever and hold a request, a socket and memory with it.',
    lesson: { phaseId: 'scalability-reliability', topicId: 'timeouts' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => !ctx.isTest && !ctx.frontend,
  create(ctx) {
    const rule = new MissingTimeout(ctx);
    return {
      call: (n) => rule.timeoutCall(n),
      newExpression: (n) => rule.pgPool(n),
    };
  },
});

class MissingTimeout {
  /** The file names an HTTP client module (import, require or dynamic import): only then are non-fetch calls checked for timeouts. */
  private readonly httpClients: boolean;
  /** Local names bound to HTTP client modules (`axios`, `http`, `got`…) anywhere in the file. */
  private httpNames: Set<string> | null | undefined;
  private readonly pgClient: boolean;

  constructor(private readonly ctx: RuleContext) {
    const sf = ctx.sf;
    // Imported at the top, or required/imported somewhere else (only then is the whole text searched).
    this.httpClients = ctx.imports.some((m) => HTTP_CLIENT_SPECIFIER.test(`'${m}'`)) || ((sf.text.includes('require(') || sf.text.includes('import(')) && HTTP_CLIENT_SPECIFIER.test(sf.text));
    this.pgClient = /['"]pg['"]/.test(sf.text);
  }

  /**
   * Names bound to HTTP client modules by top-level imports and requires, plus one level of aliasing
   * (`const ax = axios`). Undefined when a client module is also required somewhere else (inside a
   * function): then every call is evaluated.
   */
  private clientNames(): Set<string> | undefined {
    if (this.httpNames !== undefined) return this.httpNames ?? undefined;
    const names = new Set<string>();
    let found = 0;
    const add = (n: ts.BindingName | undefined) => {
      if (!n) return;
      if (T.isIdentifier(n)) names.add(n.text);
      else for (const el of n.elements) if (!T.isOmittedExpression(el)) add(el.name);
    };
    for (const s of this.ctx.sf.statements) {
      if (T.isImportDeclaration(s) && T.isStringLiteral(s.moduleSpecifier) && HTTP_CLIENT_SPECIFIER.test(`'${s.moduleSpecifier.text}'`)) {
        found++;
        const c = s.importClause;
        if (c?.name) names.add(c.name.text);
        if (c?.namedBindings && T.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
        if (c?.namedBindings && T.isNamedImports(c.namedBindings)) for (const el of c.namedBindings.elements) names.add(el.name.text);
      } else if (T.isImportEqualsDeclaration(s) && T.isExternalModuleReference(s.moduleReference) && T.isStringLiteral(s.moduleReference.expression) && HTTP_CLIENT_SPECIFIER.test(`'${s.moduleReference.expression.text}'`)) {
        found++;
        names.add(s.name.text);
      } else if (T.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          const m = moduleCall(d.initializer);
          if (m && HTTP_CLIENT_SPECIFIER.test(`'${m.module}'`)) {
            found++;
            add(d.name);
          } else if (d.initializer && T.isIdentifier(d.name) && T.isIdentifier(d.initializer) && names.has(d.initializer.text)) names.add(d.name.text);
        }
      }
    }
    const mentions = this.ctx.sf.text.match(HTTP_CLIENT_SPECIFIER_G)?.length ?? 0;
    this.httpNames = mentions > found ? null : names;
    return this.httpNames ?? undefined;
  }

  /** Does an options object set one of `keys` to something that is not "no timeout"? */
  private objectHas(o: ts.ObjectLiteralExpression, keys: readonly string[]): 'yes' | 'no' | 'unknown' {
    let verdict: 'no' | 'unknown' = 'no';
    for (const p of o.properties) {
      if (T.isSpreadAssignment(p)) {
        verdict = 'unknown';
        continue;
      }
      const k = propertyKey(p);
      if (k === undefined || !keys.includes(k)) continue;
      if (T.isPropertyAssignment(p)) {
        const v = p.initializer;
        if (isNullish(v) || (k !== 'signal' && isNumber(v, (n) => n <= 0))) continue; // timeout: 0 means no timeout
      }
      return 'yes';
    }
    return verdict;
  }

  private addPropertyFix(o: ts.ObjectLiteralExpression, prop: string): RawFix {
    const first = o.properties[0];
    if (!first) {
      return { title: `Add ${prop}`, preferred: true, edits: [this.ctx.replaceNode(o, `{ ${prop} }`)] };
    }
    const firstStart = first.getStart(this.ctx.sf);
    const open = o.getStart(this.ctx.sf);
    const between = this.ctx.sf.text.slice(open + 1, firstStart);
    if (between.includes('\n')) {
      const indent = /[ \t]*$/.exec(between)![0];
      return { title: `Add ${prop}`, preferred: true, edits: [this.ctx.insertAt(firstStart, `${prop},\n${indent}`)] };
    }
    return { title: `Add ${prop}`, preferred: true, edits: [this.ctx.insertAt(firstStart, `${prop}, `)] };
  }

  private isLocalArg(e: ts.Expression | undefined): boolean {
    if (!e) return false;
    const u = unwrap(e);
    if (T.isStringLiteralLike(u)) return isLocalUrl(u.text);
    if (T.isTemplateExpression(u)) return isLocalUrl(u.head.text);
    if (T.isNewExpression(u) && T.isIdentifier(u.expression) && u.expression.text === 'URL') return this.isLocalArg(u.arguments?.[0]);
    return false;
  }

  private hasLocalProp(o: ts.ObjectLiteralExpression, keys: readonly string[]): boolean {
    return o.properties.some((p) => T.isPropertyAssignment(p) && keys.includes(propertyKey(p) ?? '') && (this.isLocalArg(p.initializer) || (T.isStringLiteralLike(unwrap(p.initializer)) && isLocalUrl((unwrap(p.initializer) as ts.StringLiteral).text.replace(/^postgres(ql)?:\/\/[^@/]*@/, '')))));
  }

  /** `Promise.race([fetch(…), timeout(…)])` bounds the wait. */
  private inPromiseRace(call: ts.CallExpression): boolean {
    const arr = call.parent;
    if (!arr || !T.isArrayLiteralExpression(arr)) return false;
    const race = arr.parent;
    return !!race && T.isCallExpression(race) && T.isPropertyAccessExpression(race.expression) && race.expression.name.text === 'race' && T.isIdentifier(race.expression.expression) && race.expression.expression.text === 'Promise';
  }

  timeoutCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    // Cheap filters: fetch, or a call through a name bound to an HTTP client module.
    if (T.isIdentifier(callee)) {
      if (esc(callee) !== 'fetch' && !(this.httpClients && (this.clientNames()?.has(esc(callee)) ?? true))) return;
    } else if (T.isPropertyAccessExpression(callee)) {
      if (esc(callee.name) !== 'fetch') {
        if (!this.httpClients) return;
        const root = unwrap(callee.expression);
        const names = this.clientNames();
        if (names && (!T.isIdentifier(root) || !names.has(root.text))) return;
      }
    } else return;
    const f = this.ctx.evaluator.eval(callee);
    if (!f) return;
    const ms = this.ctx.config.timeoutMs;
    const signal = `signal: AbortSignal.timeout(${ms})`;
    if ((f.v === 'global' && f.name === 'fetch') || (f.v === 'pkg' && (f.type === 'node-fetch' || f.type === 'cross-fetch' || f.type === 'isomorphic-fetch')) || (f.v === 'pkgMember' && (f.type === 'undici' || f.type === 'cross-fetch') && f.name === 'fetch')) {
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      if (first && T.isNewExpression(first) && T.isIdentifier(first.expression) && first.expression.text === 'Request') return;
      if (this.inPromiseRace(call)) return;
      const keys = f.v === 'pkg' && f.type === 'node-fetch' ? ['signal', 'timeout'] : ['signal'];
      this.checkOptions(call, 1, keys, signal, `fetch() without a signal waits as long as the server keeps the connection open. Undici's own limits are 300 s per phase, and a slow trickle of data resets them. Pass signal: AbortSignal.timeout(ms).`);
      return;
    }
    if (f.v === 'pkg' && f.type === 'axios') {
      // axios(config) or axios(url, config?): a lone argument that is neither a literal URL nor an object literal is unknown.
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      const literalUrl = !!first && (T.isStringLiteralLike(first) || T.isTemplateExpression(first));
      if (first && call.arguments.length === 1 && !literalUrl && !T.isObjectLiteralExpression(first)) return;
      const index = first && !T.isObjectLiteralExpression(first) ? 1 : 0;
      this.axiosFinding(this.checkOptions(call, index, ['timeout', 'signal'], `timeout: ${ms}`, 'This axios call has no timeout: axios waits forever by default. (timeout: 0 means no limit.) Set timeout (or a signal), or use an instance created with one.'));
      return;
    }
    if (f.v === 'pkgMember' && f.type === 'axios') {
      if (f.name === 'create') {
        if (this.instanceDefaultsTimeout(call)) return;
        this.checkOptions(call, 0, ['timeout', 'signal'], `timeout: ${ms}`, 'axios.create() without a timeout: every request of this instance can hang forever (axios has no default timeout). Set a default timeout here.');
      } else if (f.name in AXIOS_CONFIG_INDEX) {
        this.axiosFinding(this.checkOptions(call, AXIOS_CONFIG_INDEX[f.name]!, ['timeout', 'signal'], `timeout: ${ms}`, `axios.${f.name}() has no timeout: axios waits forever by default. Pass { timeout } (or a signal), or use an instance created with one.`));
      }
      return;
    }
    if (f.v === 'pkg' && f.type === 'got') {
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      this.checkOptions(call, first && T.isObjectLiteralExpression(first) ? 0 : 1, ['timeout', 'signal'], `timeout: { request: ${ms} }`, 'This got call has no timeout: got waits indefinitely by default. Pass { timeout: { request: ms } }.');
      return;
    }
    if (f.v === 'pkgMember' && f.type === 'got') {
      if (f.name === 'extend') this.checkOptions(call, 0, ['timeout', 'signal'], `timeout: { request: ${ms} }`, 'got.extend() without a timeout: every request of this instance can hang forever. Set timeout: { request: ms } here.');
      else if (GOT_METHODS.has(f.name)) this.checkOptions(call, 1, ['timeout', 'signal'], `timeout: { request: ${ms} }`, `got.${f.name}() has no timeout: got waits indefinitely by default. Pass { timeout: { request: ms } }.`);
      return;
    }
    if (f.v === 'pkgMember' && (f.type === 'http' || f.type === 'https') && (f.name === 'request' || f.name === 'get')) this.httpRequest(call, f.type, f.name);
  }

  private axiosFinding(r: Raw | undefined): void {
    if (r) r.axios = true;
  }

  /** `const api = axios.create(); api.defaults.timeout = 5000;` in the same file. */
  private instanceDefaultsTimeout(call: ts.CallExpression): boolean {
    const parent = call.parent;
    if (!T.isVariableDeclaration(parent) || !T.isIdentifier(parent.name)) return false;
    const name = parent.name.text.replace(/[$]/g, '\\$');
    return new RegExp(`\\b${name}\\s*\\.\\s*defaults\\s*\\.\\s*timeout\\s*=\\s*(?!0\\b)`).test(this.ctx.sf.text);
  }

  private httpRequest(call: ts.CallExpression, module: string, fn: string): void {
    const args = call.arguments.map((a) => unwrap(a));
    const objects = args.filter(T.isObjectLiteralExpression);
    const known = (a: ts.Expression) => T.isObjectLiteralExpression(a) || T.isStringLiteralLike(a) || T.isTemplateExpression(a) || isFunctionLikeExpr(a) || (T.isNewExpression(a) && T.isIdentifier(a.expression) && a.expression.text === 'URL');
    if (args.some((a) => !known(a))) return; // options built elsewhere: cannot know statically
    if (args.some((a) => this.isLocalArg(a)) || objects.some((o) => this.hasLocalProp(o, ['hostname', 'host']))) return;
    const verdicts = objects.map((o) => this.objectHas(o, ['timeout', 'signal']));
    if (verdicts.includes('yes') || verdicts.includes('unknown')) return;
    if (this.setTimeoutLater(call)) return;
    const ms = this.ctx.config.timeoutMs;
    const fixes = objects[0] ? [this.addPropertyFix(objects[0], `timeout: ${ms}`)] : [];
    this.ctx.report('missing-timeout', call.expression, `${module}.${fn}() has no timeout or signal: a stalled server holds this socket forever. Pass { timeout } (and destroy the request on 'timeout') or { signal: AbortSignal.timeout(ms) }.`, fixes);
  }

  /** `const req = http.request(…); req.setTimeout(…)` counts as a timeout. */
  private setTimeoutLater(call: ts.CallExpression): boolean {
    const parent = call.parent;
    if (T.isPropertyAccessExpression(parent) && parent.name.text === 'setTimeout') return true;
    if (T.isVariableDeclaration(parent) && T.isIdentifier(parent.name)) {
      const scope = this.ctx.scopes.enclosingScope(parent);
      if (!scope) return false;
      const name = parent.name.text.replace(/[$]/g, '\\$');
      return new RegExp(`\\b${name}\\s*\\.\\s*setTimeout\\s*\\(`).test(this.ctx.sf.text.slice(scope.getStart(this.ctx.sf), scope.getEnd()));
    }
    return false;
  }

  /** Reports a call whose options argument (at `index`) lacks all of `keys`; returns the finding. */
  private checkOptions(call: ts.CallExpression, index: number, keys: readonly string[], fixProp: string, message: string): Raw | undefined {
    if (call.arguments.some((a) => T.isSpreadElement(a))) return undefined;
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    if (this.isLocalArg(first)) return undefined;
    const opts = call.arguments[index] && unwrap(call.arguments[index]!);
    if (opts) {
      if (!T.isObjectLiteralExpression(opts)) return undefined; // built elsewhere: cannot know statically
      if (this.objectHas(opts, keys) !== 'no') return undefined;
      if (this.hasLocalProp(opts, ['url', 'baseURL', 'prefixUrl'])) return undefined;
      return this.ctx.report('missing-timeout', call.expression, message, [this.addPropertyFix(opts, fixProp)]);
    }
    if (index > 0 && call.arguments.length === 0) return undefined; // no URL either: not a real request
    const fixes: RawFix[] = [];
    if (call.arguments.length === 0) {
      const open = this.ctx.sf.text.indexOf('(', call.expression.getEnd());
      if (open >= 0) fixes.push({ title: `Add ${fixProp}`, preferred: true, edits: [this.ctx.insertAt(open + 1, `{ ${fixProp} }`)] });
    } else {
      const last = call.arguments[call.arguments.length - 1]!;
      const padding = ', undefined'.repeat(index - call.arguments.length);
      fixes.push({ title: `Add ${fixProp}`, preferred: true, edits: [this.ctx.insertAt(last.getEnd(), `${padding}, { ${fixProp} }`)] });
    }
    return this.ctx.report('missing-timeout', call.expression, message, fixes);
  }

  pgPool(e: ts.NewExpression): void {
    if (!this.pgClient) return;
    const c = unwrap(e.expression);
    if (!T.isIdentifier(c) && !T.isPropertyAccessExpression(c)) return;
    const v = this.ctx.evaluator.eval(c);
    if (v?.v !== 'pkgMember' || v.type !== 'pg' || (v.name !== 'Pool' && v.name !== 'Client')) return;
    const arg = e.arguments?.[0] && unwrap(e.arguments[0]);
    const ms = this.ctx.config.timeoutMs;
    const fixes: RawFix[] = [];
    if (arg) {
      if (!T.isObjectLiteralExpression(arg)) return;
      if (this.objectHas(arg, ['statement_timeout', 'query_timeout']) !== 'no') return;
      if (this.hasLocalProp(arg, ['host', 'connectionString'])) return;
      const cs = arg.properties.find((p) => propertyKey(p) === 'connectionString');
      if (cs && T.isPropertyAssignment(cs) && /statement_timeout/.test(cs.initializer.getText(this.ctx.sf))) return;
      fixes.push(this.addPropertyFix(arg, `statement_timeout: ${ms}`));
    } else {
      const open = this.ctx.sf.text.indexOf('(', c.getEnd());
      if (open >= 0 && e.arguments) fixes.push({ title: `Add statement_timeout: ${ms}`, preferred: true, edits: [this.ctx.insertAt(open + 1, `{ statement_timeout: ${ms} }`)] });
    }
    this.ctx.report('missing-timeout', c, `pg ${v.name} has no statement_timeout or query_timeout. One slow query holds a connection until the database gives up, and the pool drains. Set statement_timeout (server side) or query_timeout (client side).`, fixes);
  }
}
