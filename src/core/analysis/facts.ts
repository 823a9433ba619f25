/**
 * What the workspace index records about a file (exports, classes, loggers) and the syntax-only
 * helpers both the index and the evaluator use to read declared types. No imports of either, so
 * neither depends on the other through this file.
 */
import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';
import { hasModifier } from './scope';

/** A type as written in one file: a class/interface of that file, or something imported (`module` is the specifier as written). */
export type ModuleRef = { module: string; path: string[] };
export type TypeRef = { local: string } | ModuleRef;

/**
 * A method: whether calling it gives a promise, the declared type it gives (for a promise: what it
 * resolves to), and whether it declares a callback parameter that may return a promise (so the callee
 * handles an async callback).
 */
export type MethodFact = { k: 'method' } & SignatureFacts;

/** See signatureFacts. */
export interface SignatureFacts {
  async: boolean;
  returns?: TypeRef;
  awaitsCallback?: true;
  /** Not a promise, and the last parameter is a callback (the callback overload of a promise API). */
  callbackLast?: true;
  /** Overloads: a promise only when no callback is passed (`close()` vs `close(cb)`). */
  unlessCallback?: true;
}
export type MemberFact = MethodFact | { k: 'prop'; type?: TypeRef; pkg?: string };

export interface ClassFacts {
  members: Map<string, MemberFact>;
  statics: Map<string, MemberFact>;
  /** What it extends: a class has one base; an interface may have several (`extends A, B`), searched in order. */
  base?: TypeRef;
  more?: TypeRef[];
}

export type ExportFact =
  | ({ k: 'fn' } & SignatureFacts)
  | { k: 'class'; local: string }
  /** A value: of a declared or constructed type, made by a package factory (`pkg` type), or an object literal with methods. */
  | { k: 'value'; type?: TypeRef; pkg?: string; object?: Map<string, MemberFact> }
  /** Re-export of another module's export (`export { a } from './a'`, or an imported binding exported again); name '*' is the namespace. */
  | { k: 'reexport'; module: string; name: string };

/** What other files need to know about one file. */
export interface FileFacts {
  exports: Map<string, ExportFact>;
  /** `export * from '…'` */
  star: string[];
  /** Classes and interfaces declared at top level, by local name. */
  classes: Map<string, ClassFacts>;
  /** Exported loggers (pino, winston, bunyan…): export name → flavour. */
  loggers: Map<string, string>;
  /** `axios.defaults.timeout = n` (n > 0) at top level. */
  axiosDefaultTimeout: boolean;
}

export interface Alias {
  /** `@app/*` or `#db` */
  pattern: string;
  /** Absolute targets with at most one `*`. */
  targets: string[];
}

/** `async` functions, and functions declared to return a Promise. Async generators return iterators, not promises. */
export function returnsPromise(fn: ts.SignatureDeclaration): boolean {
  if ((T.isFunctionDeclaration(fn) || T.isFunctionExpression(fn) || T.isMethodDeclaration(fn)) && fn.asteriskToken) return false;
  if (hasModifier(fn, K.AsyncKeyword)) return true;
  return isPromiseType(fn.type);
}

export function isPromiseType(t: ts.TypeNode | undefined): boolean {
  return !!t && T.isTypeReferenceNode(t) && T.isIdentifier(t.typeName) && (t.typeName.text === 'Promise' || t.typeName.text === 'PromiseLike');
}

type Imports = (name: string) => { module: string; path: string[] } | undefined;

/**
 * What a function or method declares about calling it: a promise (async, or a declared Promise/
 * PromiseLike), the declared result (for Promise<T>: T; a type parameter stands for its default or
 * constraint), and whether a callback parameter may return a promise.
 */
export function signatureFacts(sig: ts.SignatureDeclaration, imports: Imports): SignatureFacts {
  const out: SignatureFacts = { async: returnsPromise(sig) };
  let t = sig.type;
  if (t && isPromiseType(t)) t = (t as ts.TypeReferenceNode).typeArguments?.[0];
  if (t && T.isTypeReferenceNode(t) && T.isIdentifier(t.typeName) && !t.typeArguments) {
    const name = t.typeName.text;
    const tp = sig.typeParameters?.find((p) => p.name.text === name);
    if (tp) t = tp.default ?? tp.constraint;
  }
  const returns = t && t.kind !== K.VoidKeyword && t.kind !== K.AnyKeyword ? typeRefOfNode(t, imports) : undefined;
  if (returns) out.returns = returns;
  if (sig.parameters.some((p) => p.type && callbackMayReturnPromise(p.type))) out.awaitsCallback = true;
  const last = sig.parameters[sig.parameters.length - 1]?.type;
  if (!out.async && last && (T.isFunctionTypeNode(last) || (T.isUnionTypeNode(last) && last.types.some((x) => T.isFunctionTypeNode(x))))) out.callbackLast = true;
  return out;
}

/** Two overloads of one method or function → one fact: a promise if one overload gives one (only without a callback if the other takes one). */
export function mergeOverloads<F extends SignatureFacts>(prev: F, next: F): F {
  const [p, other] = prev.async || !next.async ? [prev, next] : [next, prev];
  const out = { ...p };
  if (prev.awaitsCallback || next.awaitsCallback) out.awaitsCallback = true;
  if (p.async && (other.callbackLast || p.unlessCallback)) out.unlessCallback = true;
  return out;
}

/** `() => Promise<void>`, `(x) => void | Promise<void>`, `Handler | ((…) => PromiseLike<T>)`. */
function callbackMayReturnPromise(t: ts.TypeNode, depth = 0): boolean {
  if (depth > 4) return false;
  if (T.isParenthesizedTypeNode(t)) return callbackMayReturnPromise(t.type, depth + 1);
  if (T.isUnionTypeNode(t)) return t.types.some((x) => callbackMayReturnPromise(x, depth + 1));
  if (!T.isFunctionTypeNode(t)) return false;
  const r = t.type;
  return isPromiseType(r) || (T.isUnionTypeNode(r) && r.types.some((x) => isPromiseType(x)));
}

/** `Foo`, `Foo<T>`, `ns.Foo`, `Foo | undefined`, `Foo & PromiseLike<Foo>` → a type reference relative to the file (`imports` resolves the first name). */
export function typeRefOfNode(node: ts.TypeNode | ts.Expression, imports: Imports): TypeRef | undefined {
  if (T.isParenthesizedTypeNode(node)) return typeRefOfNode(node.type, imports);
  if (T.isIntersectionTypeNode(node)) {
    const first = node.types.find((t) => T.isTypeReferenceNode(t) && !isPromiseType(t));
    return first && typeRefOfNode(first, imports);
  }
  if (T.isUnionTypeNode(node)) {
    const real = node.types.filter((t) => !(t.kind === K.UndefinedKeyword || (T.isLiteralTypeNode(t) && t.literal.kind === K.NullKeyword)));
    return real.length === 1 ? typeRefOfNode(real[0]!, imports) : undefined;
  }
  const parts: string[] = [];
  let cur: ts.Node | undefined = T.isTypeReferenceNode(node) ? node.typeName : T.isExpressionWithTypeArguments(node) ? node.expression : node;
  for (let i = 0; cur && i < 16; i++) {
    if (T.isIdentifier(cur)) {
      parts.unshift(cur.text);
      cur = undefined;
      break;
    }
    if (T.isQualifiedName(cur)) {
      parts.unshift(cur.right.text);
      cur = cur.left;
    } else if (T.isPropertyAccessExpression(cur)) {
      parts.unshift(cur.name.text);
      cur = cur.expression;
    } else return undefined;
  }
  if (cur || !parts.length) return undefined;
  const imp = imports(parts[0]!);
  if (imp) return { module: imp.module, path: [...imp.path, ...parts.slice(1)] };
  return parts.length === 1 ? { local: parts[0]! } : undefined;
}

export interface IndexedFile {
  file: string;
  facts: FileFacts;
}

/** What the evaluator asks of the workspace index (implemented by WorkspaceIndex). */
export interface ProjectFacts {
  get(file: string): IndexedFile | undefined;
  lookup(fromFile: string, specifier: string): IndexedFile | undefined;
  isProjectSpecifier(specifier: string, fromFile?: string): boolean;
  resolveExport(fromFile: string, specifier: string, name: string): { file: string; fact: ExportFact } | { file: string; namespace: true } | undefined;
  member(file: string, cls: string, name: string, statics: boolean): { fact: MemberFact; file: string } | { pkgBase: ModuleRef; file: string } | undefined;
  packageBase(file: string, cls: string): ModuleRef | undefined;
  resolveClass(file: string, ref: TypeRef): { file: string; name: string } | { pkg: ModuleRef } | undefined;
  /** The entry declaration file (.d.ts) of a dependency, when node_modules has it with types. */
  packageEntry?(fromFile: string, specifier: string): string | undefined;
  /** The installed version of a dependency, else the range a package.json declares for it. */
  packageVersion?(fromFile: string, name: string): string | undefined;
}
