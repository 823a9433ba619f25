/**
 * Small helpers the security, runtime and data rules of issue #15 share: what module member an
 * expression names (through the file's imports, never by a method name alone), literal values of
 * constants, and which files count as back-end code that runs in production.
 */
import type ts from 'typescript';
import * as T from '../tsfast';
import { canonicalModule } from '../apis';
import { esc, MAX_CHAIN, unwrap } from '../scope';
import type { RuleContext } from '../context';

/** Scripts, migrations, seeds, CLIs and tooling: code that never serves a request. */
const NOT_RUNTIME = /(^|\/)(scripts?|migrations?|seeds?|seeders?|seeding|bin|cli|tools?|benchmarks?|bench|examples?|docs?|e2e)\/|(^|\/)(seed|seeds|migrate|cli)\.[cm]?[jt]s$|\.(seed|seeder|migration|stories|story)\.[cm]?[jt]sx?$|(^|\/)[^/]*\.config\.[cm]?[jt]s$/i;

/**
 * Back-end code that runs in production: not tests, frontend, scripts, migrations, seeds or command-line tools.
 * Folders are judged inside the file's own package, so a service kept under `examples/` (with its own
 * package.json) gets the same verdict whether the analysis starts at the repository or in that package.
 */
export function isRuntimeBackend(ctx: RuleContext): boolean {
  return !ctx.isTest && !ctx.frontend && !ctx.sf.text.startsWith('#!') && !ctx.pkg.tool && !NOT_RUNTIME.test(ctx.pkg.rel);
}

export interface ModuleRef {
  /** Canonical module (`fs`, `crypto`, `jsonwebtoken`…). */
  module: string;
  /** Member path from the module namespace (`['promises', 'readFile']`). */
  path: string[];
}

/**
 * `crypto.createHash`, `createHash` (named import), `require('fs').readFileSync`, `jwt.sign` → the
 * module and member path the expression names, when its root is an import or require of this file.
 */
export function moduleRef(ctx: RuleContext, e: ts.Expression): ModuleRef | undefined {
  const props: string[] = [];
  let cur = unwrap(e);
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (T.isPropertyAccessExpression(cur)) {
      props.unshift(esc(cur.name));
      cur = unwrap(cur.expression);
    } else if (T.isElementAccessExpression(cur) && T.isStringLiteralLike(cur.argumentExpression)) {
      props.unshift(cur.argumentExpression.text);
      cur = unwrap(cur.expression);
    } else break;
  }
  if (!T.isIdentifier(cur)) return undefined;
  const b = ctx.scopes.resolveId(cur);
  if (!b || b.kind !== 'import' || b.path.includes('?')) return undefined;
  return canonicalModule(b.module, [...b.path, ...props]);
}

/** The number a literal or a `const` bound to a literal denotes (`10`, `1e5`, `2 ** 17`, `ROUNDS`). */
export function numberValue(ctx: RuleContext, e: ts.Expression | undefined, depth = 0): number | undefined {
  if (!e || depth > 4) return undefined;
  const u = unwrap(e);
  if (T.isNumericLiteral(u)) return Number(u.text.replace(/_/g, ''));
  if (T.isBinaryExpression(u)) {
    const l = numberValue(ctx, u.left, depth + 1);
    const r = numberValue(ctx, u.right, depth + 1);
    if (l === undefined || r === undefined) return undefined;
    switch (u.operatorToken.getText(ctx.sf)) {
      case '**': return l ** r;
      case '*': return l * r;
      case '<<': return l << r;
      case '+': return l + r;
      default: return undefined;
    }
  }
  if (T.isIdentifier(u)) {
    const b = ctx.scopes.resolveId(u);
    if (b?.kind === 'variable' && b.init && (b.node.parent.flags & T.NodeFlags.Const)) return numberValue(ctx, b.init, depth + 1);
  }
  return undefined;
}

/** The object literal an argument is, or the `const` object literal it names. */
export function objectArg(ctx: RuleContext, e: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (T.isObjectLiteralExpression(u)) return u;
  if (T.isIdentifier(u)) {
    const b = ctx.scopes.resolveId(u);
    if (b?.kind === 'variable' && b.init && T.isObjectLiteralExpression(unwrap(b.init))) return unwrap(b.init) as ts.ObjectLiteralExpression;
  }
  return undefined;
}

/** The initializer of the property `key` of an object literal; 'spread' when a spread may set it. */
export function propertyValue(o: ts.ObjectLiteralExpression, key: string): ts.Expression | 'spread' | 'shorthand' | undefined {
  let spread = false;
  for (const p of o.properties) {
    if (T.isSpreadAssignment(p)) spread = true;
    else if (p.name && (T.isIdentifier(p.name) || T.isStringLiteral(p.name)) && p.name.text === key) {
      if (T.isPropertyAssignment(p)) return p.initializer;
      return 'shorthand';
    }
  }
  return spread ? 'spread' : undefined;
}
