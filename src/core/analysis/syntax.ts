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

/**
 * The async function's promise cannot reject: every `await` (and `for await`), `throw` and returned
 * call sits inside the try block of a try/catch of this function, or there is none at all (no await:
 * a listener that only starts work). Nested functions are their own business.
 */
export function catchesEverything(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!T.isBlock(fn.body)) return !T.isAwaitExpression(unwrap(fn.body)) && !T.isCallExpression(unwrap(fn.body));
  const work: { node: ts.Node; guarded: boolean }[] = [{ node: fn.body, guarded: false }];
  for (let i = 0; work.length && i < 100_000; i++) {
    const { node, guarded } = work.pop()!;
    if (!guarded) {
      if (T.isAwaitExpression(node) || T.isThrowStatement(node)) return false;
      if (T.isForOfStatement(node) && node.awaitModifier) return false;
      if (T.isReturnStatement(node) && node.expression && !T.isIdentifier(node.expression) && !T.isLiteralExpression(node.expression)) return false;
    }
    if (T.isTryStatement(node)) {
      work.push({ node: node.tryBlock, guarded: guarded || !!node.catchClause });
      if (node.catchClause) work.push({ node: node.catchClause.block, guarded });
      if (node.finallyBlock) work.push({ node: node.finallyBlock, guarded });
      continue;
    }
    T.forEachChild(node, (c) => {
      if (!T.isFunctionLike(c) && !T.isClassLike(c)) work.push({ node: c, guarded });
    });
  }
  return !work.length;
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
