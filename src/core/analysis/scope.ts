import ts from 'typescript';

/** Where a name was declared, as far as a single file can tell. */
export type Binding =
  | { kind: 'import'; module: string; imported: string; node: ts.Node }
  | { kind: 'require'; module: string; imported: string; node: ts.Node }
  | { kind: 'function'; node: ts.FunctionLikeDeclaration }
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  | { kind: 'variable'; node: ts.VariableDeclaration; init?: ts.Expression }
  | { kind: 'parameter'; node: ts.ParameterDeclaration }
  | { kind: 'other'; node: ts.Node };

function isScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isFunctionLike(node) || ts.isForStatement(node) ||
    ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isCatchClause(node) || ts.isCaseBlock(node) || ts.isClassLike(node);
}

function requireCall(init: ts.Expression | undefined): string | undefined {
  let e = init;
  while (e && (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  if (e && ts.isPropertyAccessExpression(e)) return requireCall(e.expression); // require('fs').promises
  return undefined;
}

function addBindingName(name: ts.BindingName, binding: (leaf: ts.Identifier, path: string[]) => Binding, out: Map<string, Binding>, path: string[] = []): void {
  if (ts.isIdentifier(name)) {
    out.set(name.text, binding(name, path));
    return;
  }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    const key = el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : '';
    addBindingName(el.name, binding, out, [...path, key]);
  }
}

function declareStatements(statements: readonly ts.Statement[], out: Map<string, Binding>): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) declareVariables(s.declarationList, out);
    else if (ts.isFunctionDeclaration(s) && s.name) out.set(s.name.text, { kind: 'function', node: s });
    else if (ts.isClassDeclaration(s) && s.name) out.set(s.name.text, { kind: 'class', node: s });
    else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name)) out.set(s.name.text, { kind: 'other', node: s });
    else if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const module = s.moduleSpecifier.text;
      const clause = s.importClause;
      if (clause.name) out.set(clause.name.text, { kind: 'import', module, imported: 'default', node: clause });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, { kind: 'import', module, imported: '*', node: nb });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) out.set(el.name.text, { kind: 'import', module, imported: (el.propertyName ?? el.name).text, node: el });
      }
    } else if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) && ts.isStringLiteral(s.moduleReference.expression)) {
      out.set(s.name.text, { kind: 'require', module: s.moduleReference.expression.text, imported: '*', node: s });
    }
  }
}

function declareVariables(list: ts.VariableDeclarationList, out: Map<string, Binding>): void {
  for (const d of list.declarations) {
    const module = requireCall(d.initializer);
    if (module !== undefined) {
      const viaProperty = d.initializer && !ts.isCallExpression(d.initializer) && ts.isPropertyAccessExpression(d.initializer) ? d.initializer.name.text : undefined;
      addBindingName(d.name, (_leaf, path) => ({ kind: 'require', module: viaProperty ? `${module}/${viaProperty}` : module, imported: path.length ? path[path.length - 1]! : '*', node: d }), out);
    } else {
      addBindingName(d.name, () => ({ kind: 'variable', node: d, ...(d.initializer && ts.isIdentifier(d.name) ? { init: d.initializer } : {}) }), out);
    }
  }
}

/** Resolves identifiers to their declarations by walking the enclosing scopes; caches each scope's table. */
export class ScopeResolver {
  private readonly tables = new Map<ts.Node, Map<string, Binding>>();

  private table(scope: ts.Node): Map<string, Binding> {
    let t = this.tables.get(scope);
    if (t) return t;
    t = new Map();
    if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) declareStatements(scope.statements, t);
    else if (ts.isCaseBlock(scope)) for (const c of scope.clauses) declareStatements(c.statements, t);
    else if (ts.isFunctionLike(scope)) {
      for (const p of scope.parameters) addBindingName(p.name, () => ({ kind: 'parameter', node: p }), t);
      if (ts.isFunctionExpression(scope) && scope.name) t.set(scope.name.text, { kind: 'function', node: scope });
    } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
      const init = ts.isForStatement(scope) ? scope.initializer : scope.initializer;
      if (init && ts.isVariableDeclarationList(init)) declareVariables(init, t);
    } else if (ts.isCatchClause(scope) && scope.variableDeclaration) {
      addBindingName(scope.variableDeclaration.name, () => ({ kind: 'other', node: scope }), t);
    } else if (ts.isClassExpression(scope) && scope.name) t.set(scope.name.text, { kind: 'class', node: scope });
    this.tables.set(scope, t);
    return t;
  }

  resolve(name: string, from: ts.Node): Binding | undefined {
    for (let n: ts.Node | undefined = from; n; n = n.parent) {
      if (!isScope(n)) continue;
      const b = this.table(n).get(name);
      if (b) return b;
    }
    return undefined;
  }
}

/** `a.b.c` → ['a', 'b', 'c'] for plain identifier/`this` chains; undefined for anything else. */
export function accessPath(e: ts.Expression): string[] | undefined {
  const parts: string[] = [];
  let cur: ts.Expression = e;
  for (;;) {
    if (ts.isPropertyAccessExpression(cur)) {
      parts.unshift(cur.name.text);
      cur = cur.expression;
    } else if (ts.isNonNullExpression(cur) || ts.isParenthesizedExpression(cur)) {
      cur = cur.expression;
    } else if (ts.isIdentifier(cur)) {
      parts.unshift(cur.text);
      return parts;
    } else if (cur.kind === ts.SyntaxKind.ThisKeyword) {
      parts.unshift('this');
      return parts;
    } else return undefined;
  }
}

/** The leftmost expression of a call/property chain: `knex('t').where().offset()` → the `knex('t')` call's callee `knex`. */
export function chainRoot(e: ts.Expression): ts.Expression {
  let cur = e;
  for (;;) {
    if (ts.isCallExpression(cur) || ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur) || ts.isNonNullExpression(cur) || ts.isParenthesizedExpression(cur) || ts.isAwaitExpression(cur)) cur = cur.expression;
    else return cur;
  }
}

/** Names of the methods called along a chain, outermost last: `a.find().skip()` → ['find', 'skip']. */
export function chainMethods(e: ts.Expression): string[] {
  const names: string[] = [];
  let cur: ts.Expression = e;
  for (;;) {
    if (ts.isCallExpression(cur)) {
      if (ts.isPropertyAccessExpression(cur.expression)) names.unshift(cur.expression.name.text);
      else if (ts.isIdentifier(cur.expression)) names.unshift(cur.expression.text);
      cur = cur.expression;
    } else if (ts.isPropertyAccessExpression(cur) || ts.isNonNullExpression(cur) || ts.isParenthesizedExpression(cur)) cur = cur.expression;
    else return names;
  }
}
