/**
 * jwt-without-expiry: tokens that never expire, secrets written into the source, and verification that
 * lets the token's header choose the algorithm.
 *
 * How it decides (calls are resolved through the file's imports — default, named, namespace, `require` —
 * of `jsonwebtoken` and `jose`, never by a method name alone):
 * - `jwt.sign(payload, secret, options?, callback?)` with no `expiresIn` in its options and no `exp` in its
 *   payload. Options that are an identifier we cannot read, or an object with a spread, may set it: not
 *   flagged. An unreadable payload is not flagged when the enclosing function mentions an `exp` claim.
 * - jose's `new SignJWT(payload)…sign(key)` chain with no `.setExpirationTime(…)` and no `exp` in the
 *   payload (only when the whole chain is one expression).
 * - The secret of `jwt.sign`/`jwt.verify`, of jose's `.sign(key)` and `jwtVerify(token, key)`, written as
 *   a string literal (directly, through a `const`, `new TextEncoder().encode('…')`, `Buffer.from('…')`,
 *   or as the fallback of `process.env.X || '…'`). A PEM public key or certificate in the source is fine.
 * - `jwt.verify(token, key, options?)` whose options do not pin `algorithms`. jose is not flagged: it
 *   checks the algorithm against the key's type, so a header cannot switch HMAC and RSA.
 * Not in tests, fixtures, scripts, seeds or frontend code.
 * Quick fix (not preferred — the lifetime is a product decision): add `expiresIn: '15m'` when the options
 * argument is absent or an object literal, or `.setExpirationTime('15m')` in a jose chain. None for
 * secrets or algorithms: the right value is not in the code.
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { K } from '../tsfast';
import { esc, unwrap } from '../scope';
import type { RawFix, RuleContext } from '../context';
import { defineRule } from '../rule';
import { isRuntimeBackend, moduleRef, objectArg, propertyValue } from './support';

const PUBLIC_PEM = /^\s*-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/;
const EXP_IN_FUNCTION = /\bexp\s*[:=]|\.exp\b|['"]exp['"]|setExpirationTime|expiresIn/;

export default defineRule({
  meta: {
    id: 'jwt-without-expiry',
    title: 'JWT without expiry or pinned algorithm',
    description: 'A JWT without `exp` stays valid forever once leaked, a secret in the source lets anyone who reads the code mint tokens, and verification without `algorithms` lets the token header choose how it is checked. Set a short expiry, load the secret from the environment, pin the algorithms.',
    lesson: { phaseId: 'security', topicId: 'authn' },
    defaultSeverity: 'warning',
  },
  appliesTo: (ctx) => ctx.imports.some((m) => m === 'jsonwebtoken' || m === 'jose') && isRuntimeBackend(ctx),
  create(ctx) {
    return {
      call: (n) => call(ctx, n),
      newExpression: (n) => signJwt(ctx, n),
    };
  },
});

function call(ctx: RuleContext, c: ts.CallExpression): void {
  const callee = unwrap(c.expression);
  const name = T.isPropertyAccessExpression(callee) ? esc(callee.name) : T.isIdentifier(callee) ? esc(callee) : '';
  if (name !== 'sign' && name !== 'verify' && name !== 'jwtVerify') return;
  if (name === 'sign' && T.isPropertyAccessExpression(callee) && joseSignChain(ctx, callee.expression)) {
    secret(ctx, c.arguments[0]);
    return;
  }
  const ref = moduleRef(ctx, callee);
  if (!ref) return;
  const fn = ref.path.join('.');
  if (ref.module === 'jose' && fn === 'jwtVerify') return void secret(ctx, c.arguments[1]);
  if (ref.module !== 'jsonwebtoken') return;
  if (fn === 'sign') {
    secret(ctx, c.arguments[1]);
    signExpiry(ctx, c);
  } else if (fn === 'verify') {
    secret(ctx, c.arguments[1]);
    verifyAlgorithms(ctx, c);
  }
}

/** `jwt.sign(payload, secret, options?, callback?)` without `expiresIn` or `exp`. */
function signExpiry(ctx: RuleContext, c: ts.CallExpression): void {
  const [payload, , third] = c.arguments;
  if (!payload) return;
  const claims = payloadClaims(ctx, payload);
  if (claims === 'has-exp' || claims === 'string') return;
  if (claims === 'unknown') {
    // A payload we cannot read: its `exp` may be set nearby.
    const fn = ctx.scopes.enclosingFunction(c);
    if (EXP_IN_FUNCTION.test(fn ? fn.getText(ctx.sf) : ctx.sf.text)) return;
  }
  const optionsArg = third && !isFunction(third) ? third : undefined;
  let fix: RawFix | undefined;
  if (optionsArg) {
    const opts = objectArg(ctx, optionsArg);
    if (!opts) return; // options we cannot read may set expiresIn
    const exp = propertyValue(opts, 'expiresIn');
    if (exp !== undefined) return; // set, spread or shorthand
    if (T.isObjectLiteralExpression(unwrap(optionsArg)) && claims === 'object') fix = addProperty(ctx, opts, "expiresIn: '15m'", "Add expiresIn: '15m' (choose the lifetime)");
  } else {
    const secretArg = c.arguments[1];
    if (secretArg && claims === 'object') {
      fix = { title: "Add { expiresIn: '15m' } (choose the lifetime)", preferred: false, edits: [ctx.insertAt(secretArg.getEnd(), ", { expiresIn: '15m' }")] };
    }
  }
  ctx.report('jwt-without-expiry', c.expression, 'This JWT never expires: a leaked copy works forever. A JWT cannot be revoked once issued, and `exp` is the only thing that ends it. Add `expiresIn` (minutes for an access token) and keep long sessions in a refresh token you can revoke.', fix ? [fix] : []);
}

/** What the payload says about `exp`: an object literal with or without it, a string, or unknown. */
function payloadClaims(ctx: RuleContext, e: ts.Expression): 'has-exp' | 'object' | 'string' | 'unknown' {
  const u = unwrap(e);
  if (T.isStringLiteralLike(u) || T.isTemplateExpression(u)) return 'string';
  const o = objectArg(ctx, u);
  if (!o) return 'unknown';
  const exp = propertyValue(o, 'exp');
  return exp === undefined ? 'object' : 'has-exp';
}

function isFunction(e: ts.Expression): boolean {
  const u = unwrap(e);
  return T.isArrowFunction(u) || T.isFunctionExpression(u);
}

function addProperty(ctx: RuleContext, o: ts.ObjectLiteralExpression, prop: string, title: string): RawFix {
  const last = o.properties[o.properties.length - 1];
  if (!last) return { title, preferred: false, edits: [ctx.replaceNode(o, `{ ${prop} }`)] };
  return { title, preferred: false, edits: [ctx.insertAt(last.getEnd(), `, ${prop}`)] };
}

/** `jwt.verify(token, key, options?)` without `algorithms`. */
function verifyAlgorithms(ctx: RuleContext, c: ts.CallExpression): void {
  const [, key, third] = c.arguments;
  if (!key) return;
  if (isFunction(key)) return; // a key-lookup callback (JWKS): the options are usually built with it; stay quiet
  const optionsArg = third && !isFunction(third) ? third : undefined;
  if (optionsArg) {
    const opts = objectArg(ctx, optionsArg);
    if (!opts || propertyValue(opts, 'algorithms') !== undefined) return;
  }
  ctx.report('jwt-without-expiry', c.expression, "jwt.verify without `algorithms`: the token's header picks how it is checked. Pin what you sign with (`{ algorithms: ['HS256'] }`, or RS256/ES256 for key pairs) so a forged header (`alg: none`, an RS256 token re-signed as HS256 with the public key) can never select another algorithm.");
}

/** The literal a key argument is built from, with how it is written; undefined when it is not in the source. */
function literalSecret(ctx: RuleContext, e: ts.Expression | undefined, depth = 0): { node: ts.Expression; fallback: boolean } | undefined {
  if (!e || depth > 3) return undefined;
  const u = unwrap(e);
  if (T.isStringLiteralLike(u)) return u.text.length > 0 && !PUBLIC_PEM.test(u.text) ? { node: u, fallback: false } : undefined;
  if (T.isBinaryExpression(u) && (u.operatorToken.kind === K.BarBarToken || u.operatorToken.kind === K.QuestionQuestionToken)) {
    const r = literalSecret(ctx, u.right, depth + 1);
    return r ? { node: r.node, fallback: true } : undefined;
  }
  if (T.isCallExpression(u) && u.arguments.length >= 1) {
    // new TextEncoder().encode('…'), Buffer.from('…'), createSecretKey(Buffer.from('…'))
    const c = unwrap(u.expression);
    const n = T.isPropertyAccessExpression(c) ? esc(c.name) : T.isIdentifier(c) ? esc(c) : '';
    if (n === 'encode' || n === 'from' || n === 'createSecretKey') return literalSecret(ctx, u.arguments[0], depth + 1);
    return undefined;
  }
  if (T.isIdentifier(u)) {
    const b = ctx.scopes.resolveId(u);
    if (b?.kind === 'variable' && b.init && b.node.parent.flags & T.NodeFlags.Const) return literalSecret(ctx, b.init, depth + 1);
  }
  return undefined;
}

/**
 * Reported on the argument (a constant's literal is shown in the message): a finding stays inside the
 * call, so re-analysing one edited function body never duplicates one reported elsewhere.
 */
function secret(ctx: RuleContext, e: ts.Expression | undefined): void {
  const lit = literalSecret(ctx, e);
  if (!lit || !e) return;
  const message = lit.fallback
    ? 'The JWT secret falls back to a literal in the source: a missing env var makes it public. Anyone who can read the code (or this default) can then mint valid tokens. Fail at start-up when the variable is missing instead of falling back.'
    : 'JWT secret written in the source: anyone who can read the code can mint tokens. It also lands in every clone, fork and build artefact. Load it from the environment or a secret manager at start-up, and rotate the leaked value.';
  const inline = lit.node.pos >= e.pos && lit.node.end <= e.end;
  const where = inline ? '' : ` The literal is on line ${ctx.sf.getLineAndCharacterOfPosition(lit.node.getStart(ctx.sf)).line + 1}.`;
  ctx.report('jwt-without-expiry', inline ? lit.node : e, message + where);
}

/** Whether `e` is a `new SignJWT(…)` chain of jose (through builder calls), with no `exp` set along the way. */
function joseSignChain(ctx: RuleContext, e: ts.Expression): boolean {
  let cur = unwrap(e);
  for (let i = 0; i < 16; i++) {
    if (T.isCallExpression(cur) && T.isPropertyAccessExpression(cur.expression)) cur = unwrap(cur.expression.expression);
    else break;
  }
  if (!T.isNewExpression(cur)) return false;
  const ref = moduleRef(ctx, cur.expression);
  return ref?.module === 'jose' && ref.path.join('.') === 'SignJWT';
}

/** `new SignJWT(payload).setProtectedHeader(…)…sign(key)` without `setExpirationTime`. */
function signJwt(ctx: RuleContext, n: ts.NewExpression): void {
  const ref = moduleRef(ctx, n.expression);
  if (ref?.module !== 'jose' || ref.path.join('.') !== 'SignJWT') return;
  const payload = n.arguments?.[0];
  if (payload && payloadClaims(ctx, payload) !== 'object') return;
  // Walk up the builder chain to `.sign(…)`.
  let top: ts.Expression = n;
  for (let i = 0; i < 16; i++) {
    let p = top.parent;
    while (p && T.isParenthesizedExpression(p)) p = p.parent;
    if (!p || !T.isPropertyAccessExpression(p) || !p.parent || !T.isCallExpression(p.parent) || p.parent.expression !== p) return;
    const method = esc(p.name);
    if (method === 'setExpirationTime') return;
    if (method === 'sign') {
      const fix: RawFix = { title: "Add .setExpirationTime('15m') (choose the lifetime)", preferred: false, edits: [ctx.insertAt(p.expression.getEnd(), ".setExpirationTime('15m')")] };
      ctx.report('jwt-without-expiry', n, "This JWT never expires: a leaked copy works forever. A JWT cannot be revoked once issued, and `exp` is the only thing that ends it. Add `.setExpirationTime('15m')` (minutes for an access token) and keep long sessions in a refresh token you can revoke.", [fix]);
      return;
    }
    top = p.parent;
  }
}
