/**
 * weak-password-hash: a password stored with a fast hash or a too-cheap slow one.
 *
 * How it decides:
 * - `crypto.createHash(<md5|sha1|sha256|sha512…>)` (the `crypto` module, through imports or require)
 *   whose `.update(…)` input, or the variable/function it is assigned to, is named like a password
 *   (`password`, `passwd`, `pwd`, `passphrase`; not `…Token`, `reset…`, `otp`, `code`). Hashes of
 *   anything else (ETags, cache keys, checksums, API tokens — high-entropy values) are not flagged.
 * - `bcrypt`/`bcryptjs` `hash`/`hashSync`/`genSalt`/`genSaltSync` with a literal (or `const`) cost below 10.
 * - `argon2.hash(…, { memoryCost, timeCost })` below OWASP's argon2id pairs (19 MiB × 2 passes down to
 *   7 MiB × 5; the library defaults are above them), or `type: argon2.argon2d`.
 * - `crypto.pbkdf2`/`pbkdf2Sync` on a password with fewer iterations than OWASP's minimum for the digest
 *   (sha1 1,300,000; sha256 600,000; sha512 210,000), and `crypto.scrypt`/`scryptSync` with an explicit
 *   `N`/`cost` below 2^17.
 * Quick fix: only for a bcrypt cost written as a literal (raising it to 12 is safe: the cost is stored in
 * each hash, so existing hashes still verify).
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { esc, unwrap } from '../scope';
import type { RawFix, RuleContext } from '../context';
import { defineRule } from '../rule';
import { isRuntimeBackend, moduleRef, numberValue, objectArg, propertyValue } from './support';

const FAST = /^(md4|md5|sha-?1|sha-?224|sha-?256|sha-?384|sha-?512|sha3-\d+|ripemd160|sha512-256)$/i;
const PASSWORD = /pass(word|wd|phrase)?(?![a-z])|pwd|passwd|password/i;
const NOT_PASSWORD = /token|reset|otp|code|nonce|hint|policy|length|expire|salt$|file|url/i;
const BCRYPT_FNS = new Set(['hash', 'hashSync', 'genSalt', 'genSaltSync']);
const PBKDF2_MIN: Record<string, number> = { sha1: 1_300_000, sha256: 600_000, sha512: 210_000 };
/** OWASP argon2id: [memory KiB, minimum passes]. */
const ARGON2_PAIRS: [number, number][] = [[47104, 1], [19456, 2], [12288, 3], [9216, 4], [7168, 5]];

export default defineRule({
  meta: {
    id: 'weak-password-hash',
    title: 'weak password hash',
    description: 'A fast or cheap hash lets a leaked password table be cracked at billions of guesses per second. Use argon2id, scrypt or bcrypt (cost ≥ 10) with OWASP parameters.',
    lesson: { phaseId: 'security', topicId: 'password-hashing' },
    defaultSeverity: 'error',
  },
  appliesTo: (ctx) => isRuntimeBackend(ctx) && /crypto|bcrypt|argon2/.test(ctx.sf.text),
  create(ctx) {
    return { call: (n) => check(ctx, n) };
  },
});

function check(ctx: RuleContext, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  const name = T.isPropertyAccessExpression(callee) ? esc(callee.name) : T.isIdentifier(callee) ? esc(callee) : '';
  if (name !== 'createHash' && !BCRYPT_FNS.has(name) && !/^(pbkdf2|pbkdf2Sync|scrypt|scryptSync)$/.test(name)) return;
  const ref = moduleRef(ctx, callee);
  if (!ref) return;
  const fn = ref.path.join('.');
  if (ref.module === 'crypto' && fn === 'createHash') return fastHash(ctx, call);
  if ((ref.module === 'bcrypt' || ref.module === 'bcryptjs') && BCRYPT_FNS.has(fn)) return bcryptCost(ctx, call, fn);
  if (ref.module === 'argon2' && fn === 'hash') return argon2(ctx, call);
  if (ref.module === 'crypto' && (fn === 'pbkdf2' || fn === 'pbkdf2Sync')) return pbkdf2(ctx, call);
  if (ref.module === 'crypto' && (fn === 'scrypt' || fn === 'scryptSync')) return scrypt(ctx, call);
}

function isPasswordName(text: string): boolean {
  return PASSWORD.test(text) && !NOT_PASSWORD.test(text);
}

function fastHash(ctx: RuleContext, call: ts.CallExpression): void {
  const alg = call.arguments[0] && unwrap(call.arguments[0]);
  if (!alg || !T.isStringLiteralLike(alg) || !FAST.test(alg.text)) return;
  // Walk the chain `createHash(a).update(x).digest()` and what it is assigned to.
  let input: ts.Expression | undefined;
  let top: ts.Expression = call;
  for (let i = 0; i < 8; i++) {
    const p = top.parent;
    if (p && T.isPropertyAccessExpression(p) && p.parent && T.isCallExpression(p.parent) && p.parent.expression === p) {
      if (esc(p.name) === 'update' && p.parent.arguments[0]) input = p.parent.arguments[0];
      top = p.parent;
    } else break;
  }
  const inputText = input ? input.getText(ctx.sf) : '';
  let target = '';
  const holder = top.parent;
  if (holder && T.isVariableDeclaration(holder)) target = holder.name.getText(ctx.sf);
  else if (holder && T.isBinaryExpression(holder)) target = holder.left.getText(ctx.sf);
  else if (holder && T.isPropertyAssignment(holder)) target = holder.name.getText(ctx.sf);
  const fn = ctx.scopes.enclosingFunction(call);
  const fnName = fn?.name && (T.isIdentifier(fn.name) || T.isStringLiteral(fn.name)) ? fn.name.text : fn && T.isVariableDeclaration(fn.parent) ? fn.parent.name.getText(ctx.sf) : '';
  const inputIsPassword = !!input && isPasswordName(inputText);
  const storedAsPassword = /hash|digest|encrypt/i.test(target + fnName) && isPasswordName(target + ' ' + fnName) && (!input || !NOT_PASSWORD.test(inputText));
  if (!inputIsPassword && !storedAsPassword) return;
  ctx.report('weak-password-hash', alg, `Password hashed with ${alg.text}, a fast hash: a leaked table cracks in hours. GPUs try billions of guesses per second. Use argon2id (argon2.hash), crypto.scrypt or bcrypt with cost ≥ 10, and a per-user salt (they add one for you).`);
}

function bcryptCost(ctx: RuleContext, call: ts.CallExpression, fn: string): void {
  const costArg = fn.startsWith('genSalt') ? call.arguments[0] : call.arguments[1];
  if (!costArg) return;
  const cost = numberValue(ctx, costArg);
  if (cost === undefined || cost >= 10) return;
  const u = unwrap(costArg);
  const fixes: RawFix[] = T.isNumericLiteral(u) ? [{ title: 'Raise the bcrypt cost to 12', preferred: true, edits: [ctx.replaceNode(u, '12')] }] : [];
  ctx.report('weak-password-hash', costArg, `bcrypt cost ${cost} is too cheap for passwords: use 10 or more. Each step down halves an attacker's work; 12 is a common choice, and existing hashes keep verifying because the cost is stored in each hash.`, fixes);
}

function argon2(ctx: RuleContext, call: ts.CallExpression): void {
  const opts = objectArg(ctx, call.arguments[1]);
  if (!opts) return;
  const type = propertyValue(opts, 'type');
  if (type && typeof type !== 'string' && /argon2d$/.test(type.getText(ctx.sf))) {
    ctx.report('weak-password-hash', type, 'argon2d leaks timing side channels when hashing passwords: use argon2id. It is the default of argon2.hash.');
    return;
  }
  const mem = propertyValue(opts, 'memoryCost');
  const time = propertyValue(opts, 'timeCost');
  if (mem === 'spread' || time === 'spread' || mem === 'shorthand' || time === 'shorthand') return;
  if (mem === undefined && time === undefined) return;
  const m = mem === undefined ? 65536 : numberValue(ctx, mem);
  const t = time === undefined ? 3 : numberValue(ctx, time);
  if (m === undefined || t === undefined) return;
  const need = ARGON2_PAIRS.find(([km]) => m >= km);
  if (need && t >= need[1]) return;
  const at = (mem !== undefined && (!need || m < 7168) ? mem : time ?? mem) as ts.Expression;
  ctx.report('weak-password-hash', at, `argon2 at ${m} KiB × ${t} passes is below OWASP's minimum: raise the cost. OWASP's argon2id floor is 19 MiB with 2 passes (or 7–47 MiB with 5–1 passes). Raise memoryCost or timeCost, or keep the library defaults.`);
}

function pbkdf2(ctx: RuleContext, call: ts.CallExpression): void {
  const [pw, , iterArg, , digestArg] = call.arguments;
  if (!pw || !iterArg || !isPasswordName(pw.getText(ctx.sf))) return;
  const iterations = numberValue(ctx, iterArg);
  const digest = digestArg && unwrap(digestArg);
  const alg = digest && T.isStringLiteralLike(digest) ? digest.text.toLowerCase().replace('-', '') : undefined;
  const min = alg ? PBKDF2_MIN[alg] : undefined;
  if (iterations === undefined || min === undefined || iterations >= min) return;
  ctx.report('weak-password-hash', iterArg, `PBKDF2-${alg} with ${iterations.toLocaleString('en-US')} iterations is below OWASP's minimum of ${min.toLocaleString('en-US')}. GPUs try candidates that much faster: raise the iterations, or move to argon2id or scrypt.`);
}

function scrypt(ctx: RuleContext, call: ts.CallExpression): void {
  const opts = objectArg(ctx, call.arguments[3]);
  if (!opts) return;
  const n = propertyValue(opts, 'N') ?? propertyValue(opts, 'cost');
  if (!n || typeof n === 'string') return;
  const value = numberValue(ctx, n);
  if (value === undefined || value >= 2 ** 17) return;
  ctx.report('weak-password-hash', n, `scrypt with N = ${value} is below OWASP's minimum of N = 2^17: raise N. OWASP's floor is N = 2^17, r = 8, p = 1; raise N (and maxmem to fit 128 × N × r bytes).`);
}
