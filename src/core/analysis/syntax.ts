/** Small syntax predicates the rules share (no scopes, no evaluation). */
import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';
import { memberName, unwrap } from './scope';
import { returnsPromise } from './facts';

export function isNumber(e: ts.Expression | undefined, pred: (n: number) => boolean): boolean {
  if (!e) return false;
  const u = unwrap(e);
  if (T.isNumericLiteral(u)) return pred(Number(u.text.replace(/_/g, '')));
  if (T.isPrefixUnaryExpression(u) && u.operator === K.MinusToken && T.isNumericLiteral(u.operand)) return pred(-Number(u.operand.text.replace(/_/g, '')));
  return false;
}

export function isNullish(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return u.kind === K.NullKeyword || (T.isIdentifier(u) && u.text === 'undefined') || T.isVoidExpression(u);
}

export const isZero = (e: ts.Expression | undefined) => isNumber(e, (n) => n === 0);

export function isFunctionLikeExpr(e: ts.Expression | undefined): e is ts.ArrowFunction | ts.FunctionExpression {
  if (!e) return false;
  return T.isArrowFunction(e) || T.isFunctionExpression(e);
}

export function isAsyncCallback(e: ts.Expression | undefined): e is ts.ArrowFunction | ts.FunctionExpression {
  return isFunctionLikeExpr(e) && returnsPromise(e);
}

/** The async function's body is one try/catch: its promise cannot reject. */
export function catchesEverything(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!T.isBlock(fn.body)) return false;
  const stmts = fn.body.statements;
  return stmts.length > 0 && stmts.every((s, i) => (T.isTryStatement(s) && !!s.catchClause) || (i < stmts.length - 1 && T.isVariableStatement(s) && !s.getText().includes('await')));
}

export function propertyKey(p: ts.ObjectLiteralElementLike): string | undefined {
  return memberName(p.name);
}

/** Module specifiers of a file's top-level imports, re-exports and `require`s. */
export function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const s of sf.statements) {
    if ((T.isImportDeclaration(s) || T.isExportDeclaration(s)) && s.moduleSpecifier && T.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
    else if (T.isImportEqualsDeclaration(s) && T.isExternalModuleReference(s.moduleReference) && T.isStringLiteral(s.moduleReference.expression)) out.push(s.moduleReference.expression.text);
    else if (T.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        let init = d.initializer;
        for (let i = 0; init && i < 8 && (T.isPropertyAccessExpression(init) || T.isAwaitExpression(init) || (T.isCallExpression(init) && T.isCallExpression(init.expression))); i++) init = init.expression;
        if (init && T.isCallExpression(init) && T.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && T.isStringLiteralLike(init.arguments[0])) out.push(init.arguments[0].text);
      }
    }
  }
  return out;
}
