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

export type MemberFact = { k: 'method'; async: boolean } | { k: 'prop'; type?: TypeRef; pkg?: string };

export interface ClassFacts {
  members: Map<string, MemberFact>;
  statics: Map<string, MemberFact>;
  base?: TypeRef;
}

export type ExportFact =
  | { k: 'fn'; async: boolean }
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

/** `Foo`, `Foo<T>`, `ns.Foo`, `Foo | undefined` → a type reference relative to the file (`imports` resolves the first name). */
export function typeRefOfNode(node: ts.TypeNode | ts.Expression, imports: (name: string) => { module: string; path: string[] } | undefined): TypeRef | undefined {
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
}
