import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';

/**
 * Where a name was declared, as far as a single file can tell.
 * For imports and requires, `path` is the member path from the module namespace:
 * `import x from 'm'` → ['default'], `import * as x` / `const x = require('m')` → [],
 * `import { a as b }` → ['a'], `const { c } = require('m').b` → ['b', 'c'].
 */
export type Binding =
  | { kind: 'import'; module: string; path: string[]; node: ts.Node }
  | { kind: 'function'; node: ts.FunctionLikeDeclaration }
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  | { kind: 'variable'; node: ts.VariableDeclaration; init?: ts.Expression }
  | { kind: 'parameter'; node: ts.ParameterDeclaration }
  | { kind: 'other'; node: ts.Node };

/**
 * An identifier's name as a table key. `escapedText` is a plain property (`text` is a getter); the two
 * differ only for names starting with `__`, and the engine uses this one function on both sides.
 */
export function esc(id: ts.Identifier | ts.PrivateIdentifier): string {
  return id.escapedText as string;
}

/** Longest chain (`a.b().c().d()…`) the helpers follow; longer chains are treated as unknown, which keeps every walk linear. */
export const MAX_CHAIN = 64;

const SCOPE_KINDS = new Set<ts.SyntaxKind>([
  K.SourceFile, K.Block, K.ModuleBlock, K.ForStatement, K.ForInStatement,
  K.ForOfStatement, K.CatchClause, K.CaseBlock, K.ClassDeclaration, K.ClassExpression,
  K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration,
  K.Constructor, K.GetAccessor, K.SetAccessor, K.ClassStaticBlockDeclaration,
]);

const IS_SCOPE: boolean[] = [];
for (const k of SCOPE_KINDS) IS_SCOPE[k] = true;

export function isScope(node: ts.Node): boolean {
  return IS_SCOPE[node.kind] === true;
}

export function isFunctionScope(node: ts.Node): node is ts.FunctionLikeDeclaration {
  switch (node.kind) {
    case K.FunctionDeclaration:
    case K.FunctionExpression:
    case K.ArrowFunction:
    case K.MethodDeclaration:
    case K.Constructor:
    case K.GetAccessor:
    case K.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** `require('m')`, `require('m').a.b`, `await import('m')` (through parentheses and `await`) → module and member path. */
export function moduleCall(init: ts.Expression | undefined): { module: string; path: string[] } | undefined {
  const path: string[] = [];
  let e = init;
  for (let i = 0; e && i < MAX_CHAIN; i++) {
    if (T.isAwaitExpression(e) || T.isParenthesizedExpression(e) || T.isNonNullExpression(e) || T.isAsExpression(e)) e = e.expression;
    else if (T.isPropertyAccessExpression(e)) {
      path.unshift(e.name.text);
      e = e.expression;
    } else break;
  }
  if (!e || !T.isCallExpression(e)) return undefined;
  const arg = e.arguments[0];
  if (!arg || !T.isStringLiteralLike(arg)) return undefined;
  if ((T.isIdentifier(e.expression) && e.expression.text === 'require') || e.expression.kind === K.ImportKeyword) {
    return { module: arg.text, path };
  }
  return undefined;
}

function addBindingName(name: ts.BindingName, binding: (path: string[]) => Binding, out: Map<string, Binding>, path: string[] = []): void {
  if (name.kind === K.Identifier) {
    out.set(esc(name as ts.Identifier), binding(path));
    return;
  }
  // Iterative: destructuring patterns can nest as deep as the parser allows.
  const work: { name: ts.BindingName; path: string[] }[] = [{ name, path }];
  while (work.length) {
    const { name: n, path: p } = work.pop()!;
    if (T.isIdentifier(n)) {
      out.set(esc(n), binding(p));
      continue;
    }
    for (const el of n.elements) {
      if (T.isOmittedExpression(el)) continue;
      const key = el.propertyName && (T.isIdentifier(el.propertyName) || T.isStringLiteral(el.propertyName)) ? el.propertyName.text : T.isIdentifier(el.name) ? el.name.text : '';
      work.push({ name: el.name, path: T.isArrayBindingPattern(n) || el.dotDotDotToken ? [...p, '?'] : [...p, key] });
    }
  }
}

function declareImport(s: ts.ImportDeclaration, out: Map<string, Binding>): void {
  if (!T.isStringLiteral(s.moduleSpecifier) || !s.importClause) return;
  const module = s.moduleSpecifier.text;
  const clause = s.importClause;
  if (clause.name) out.set(esc(clause.name), { kind: 'import', module, path: ['default'], node: clause });
  const nb = clause.namedBindings;
  if (nb && T.isNamespaceImport(nb)) out.set(esc(nb.name), { kind: 'import', module, path: [], node: nb });
  if (nb && T.isNamedImports(nb)) {
    for (const el of nb.elements) out.set(esc(el.name), { kind: 'import', module, path: [(el.propertyName ?? el.name).text], node: el });
  }
}

function declareVariables(list: ts.VariableDeclarationList, out: Map<string, Binding>): void {
  for (const d of list.declarations) {
    const init = d.initializer;
    if (init && d.name.kind === K.Identifier && init.kind !== K.CallExpression && init.kind !== K.AwaitExpression && init.kind !== K.PropertyAccessExpression && init.kind !== K.ParenthesizedExpression) {
      out.set(esc(d.name as ts.Identifier), { kind: 'variable', node: d, init }); // the common case, without allocations
      continue;
    }
    const req = moduleCall(init);
    if (req) {
      addBindingName(d.name, (p) => ({ kind: 'import', module: req.module, path: [...req.path, ...p], node: d }), out);
    } else {
      addBindingName(d.name, () => ({ kind: 'variable', node: d, ...(d.initializer && T.isIdentifier(d.name) ? { init: d.initializer } : {}) }), out);
    }
  }
}

function declareStatement(s: ts.Statement, out: Map<string, Binding>): void {
  if (T.isVariableStatement(s)) declareVariables(s.declarationList, out);
  else if (T.isFunctionDeclaration(s)) {
    if (s.name && (s.body || !out.has(esc(s.name)))) out.set(esc(s.name), { kind: 'function', node: s });
  } else if (T.isClassDeclaration(s) && s.name) out.set(esc(s.name), { kind: 'class', node: s });
  else if ((T.isEnumDeclaration(s) || T.isModuleDeclaration(s)) && T.isIdentifier(s.name)) out.set(esc(s.name), { kind: 'other', node: s });
  else if (T.isImportDeclaration(s)) declareImport(s, out);
  else if (T.isImportEqualsDeclaration(s)) {
    if (T.isExternalModuleReference(s.moduleReference) && T.isStringLiteral(s.moduleReference.expression)) {
      out.set(esc(s.name), { kind: 'import', module: s.moduleReference.expression.text, path: [], node: s });
    } else out.set(esc(s.name), { kind: 'other', node: s });
  }
}

/** `var` declarations anywhere in a function body (not in nested functions) belong to the function. */
function hoistVars(statements: readonly ts.Statement[], out: Map<string, Binding>): void {
  const work: ts.Node[] = [...statements];
  while (work.length) {
    const s = work.pop()!;
    switch (s.kind) {
      case K.VariableStatement: {
        const list = (s as ts.VariableStatement).declarationList;
        if (!(list.flags & T.NodeFlags.BlockScoped)) declareVariables(list, out);
        break;
      }
      case K.ForStatement:
      case K.ForInStatement:
      case K.ForOfStatement: {
        const init = (s as ts.ForStatement | ts.ForInStatement | ts.ForOfStatement).initializer;
        if (init && T.isVariableDeclarationList(init) && !(init.flags & T.NodeFlags.BlockScoped)) declareVariables(init, out);
        work.push((s as ts.IterationStatement).statement);
        break;
      }
      case K.Block:
        work.push(...(s as ts.Block).statements);
        break;
      case K.IfStatement: {
        const i = s as ts.IfStatement;
        work.push(i.thenStatement);
        if (i.elseStatement) work.push(i.elseStatement);
        break;
      }
      case K.WhileStatement:
      case K.DoStatement:
      case K.LabeledStatement:
        work.push((s as ts.WhileStatement | ts.DoStatement | ts.LabeledStatement).statement);
        break;
      case K.TryStatement: {
        const t = s as ts.TryStatement;
        work.push(t.tryBlock);
        if (t.catchClause) work.push(t.catchClause.block);
        if (t.finallyBlock) work.push(t.finallyBlock);
        break;
      }
      case K.SwitchStatement:
        for (const c of (s as ts.SwitchStatement).caseBlock.clauses) work.push(...c.statements);
        break;
    }
  }
}

/**
 * Resolves identifiers to their declarations by walking the enclosing scopes. Each scope's table is
 * built once; each node's nearest scope is cached, so resolving from deep inside long expression
 * chains stays linear overall.
 */
export class ScopeResolver {
  private readonly tables = new Map<ts.Node, Map<string, Binding>>();
  /** Non-scope node → the nearest scope above it (null: none). */
  private readonly nearest = new Map<ts.Node, ts.Node | null>();
  private varInFile: boolean | undefined;

  /** `var` hoisting only matters in files that use `var` at all (one text search per file). */
  private hasVar(scope: ts.Node): boolean {
    if (this.varInFile === undefined) this.varInFile = /\bvar\s/.test(scope.getSourceFile().text);
    return this.varInFile;
  }

  private table(scope: ts.Node): Map<string, Binding> {
    let t = this.tables.get(scope);
    if (t) return t;
    t = new Map();
    if (T.isSourceFile(scope) || T.isBlock(scope) || T.isModuleBlock(scope)) {
      const fnBody = T.isSourceFile(scope) || (T.isBlock(scope) && isFunctionScope(scope.parent));
      if (fnBody && this.hasVar(scope)) hoistVars(scope.statements, t);
      for (const s of scope.statements) declareStatement(s, t);
    } else if (T.isCaseBlock(scope)) for (const c of scope.clauses) for (const s of c.statements) declareStatement(s, t);
    else if (isFunctionScope(scope)) {
      for (const p of scope.parameters) addBindingName(p.name, () => ({ kind: 'parameter', node: p }), t);
      if (T.isFunctionExpression(scope) && scope.name) t.set(esc(scope.name), { kind: 'function', node: scope });
      if (T.isArrowFunction(scope) && !T.isBlock(scope.body)) { /* expression body: no declarations */ }
    } else if (T.isForStatement(scope) || T.isForInStatement(scope) || T.isForOfStatement(scope)) {
      const init = scope.initializer;
      if (init && T.isVariableDeclarationList(init)) declareVariables(init, t);
    } else if (T.isCatchClause(scope) && scope.variableDeclaration) {
      addBindingName(scope.variableDeclaration.name, () => ({ kind: 'other', node: scope }), t);
    } else if (T.isClassExpression(scope) && scope.name) t.set(esc(scope.name), { kind: 'class', node: scope });
    this.tables.set(scope, t);
    return t;
  }

  /** The nearest scope strictly above `node`. Short walks are not cached (caching every node costs more than walking); long ones are. */
  enclosingScope(node: ts.Node): ts.Node | undefined {
    let n = node.parent;
    for (let i = 0; n && i < 48; i++, n = n.parent) if (IS_SCOPE[n.kind]) return n;
    if (!n) return undefined;
    const path: ts.Node[] = [];
    let found: ts.Node | null = null;
    for (; n; n = n.parent) {
      const cached = this.nearest.get(n);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      if (IS_SCOPE[n.kind]) {
        found = n;
        break;
      }
      path.push(n);
    }
    for (const p of path) this.nearest.set(p, found);
    return found ?? undefined;
  }

  /** The declaration a name (as written) refers to at `from`; undefined for globals. */
  resolve(name: string, from: ts.Node): Binding | undefined {
    return this.lookup(name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95 ? `_${name}` : name, from);
  }

  /** Same as resolve(id.text, id), without the `text` getter. */
  resolveId(id: ts.Identifier): Binding | undefined {
    return this.lookup(esc(id), id);
  }

  private lookup(key: string, from: ts.Node): Binding | undefined {
    for (let s: ts.Node | undefined = IS_SCOPE[from.kind] ? from : this.enclosingScope(from); s; s = this.enclosingScope(s)) {
      const b = this.table(s).get(key);
      if (b) return b;
    }
    return undefined;
  }

  /** The nearest enclosing function (not counting `node` itself). */
  enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
    for (let s = this.enclosingScope(node); s; s = this.enclosingScope(s)) if (isFunctionScope(s)) return s;
    return undefined;
  }

  /** The nearest enclosing class; `this` inside a nested `function` does not reach it, inside arrows it does. */
  enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
    for (let s = this.enclosingScope(node); s; s = this.enclosingScope(s)) {
      if (T.isClassLike(s)) return s;
      if (T.isFunctionDeclaration(s) || T.isFunctionExpression(s)) return undefined;
    }
    return undefined;
  }
}

/** `a.b.c` → ['a', 'b', 'c'] for plain identifier/`this` chains; undefined for anything else. */
export function accessPath(e: ts.Expression): string[] | undefined {
  const parts: string[] = [];
  let cur: ts.Expression = e;
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (T.isPropertyAccessExpression(cur)) {
      parts.unshift(cur.name.text);
      cur = cur.expression;
    } else if (T.isElementAccessExpression(cur) && T.isStringLiteralLike(cur.argumentExpression)) {
      parts.unshift(cur.argumentExpression.text);
      cur = cur.expression;
    } else if (T.isNonNullExpression(cur) || T.isParenthesizedExpression(cur) || T.isAsExpression(cur) || T.isSatisfiesExpression(cur)) {
      cur = cur.expression;
    } else if (T.isIdentifier(cur)) {
      parts.unshift(cur.text);
      return parts;
    } else if (cur.kind === K.ThisKeyword) {
      parts.unshift('this');
      return parts;
    } else return undefined;
  }
  return undefined;
}

/** The leftmost expression of a call/property chain (`knex('t').where().offset()` → `knex`); undefined past MAX_CHAIN links. */
export function chainRoot(e: ts.Expression): ts.Expression | undefined {
  let cur = e;
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (T.isCallExpression(cur) || T.isPropertyAccessExpression(cur) || T.isElementAccessExpression(cur) || T.isNonNullExpression(cur) || T.isParenthesizedExpression(cur) || T.isAwaitExpression(cur) || T.isAsExpression(cur)) cur = cur.expression;
    else return cur;
  }
  return undefined;
}

/** Names of the methods called along a chain, outermost last: `a.find().skip()` → ['find', 'skip']; at most MAX_CHAIN. */
export function chainMethods(e: ts.Expression): string[] {
  const names: string[] = [];
  let cur: ts.Expression = e;
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (T.isCallExpression(cur)) {
      if (T.isPropertyAccessExpression(cur.expression)) names.unshift(cur.expression.name.text);
      else if (T.isIdentifier(cur.expression)) names.unshift(cur.expression.text);
      cur = cur.expression;
    } else if (T.isPropertyAccessExpression(cur) || T.isNonNullExpression(cur) || T.isParenthesizedExpression(cur) || T.isAsExpression(cur)) cur = cur.expression;
    else break;
  }
  return names;
}

export function unwrap(e: ts.Expression): ts.Expression {
  let cur = e;
  for (let i = 0; i < MAX_CHAIN; i++) {
    switch (cur.kind) {
      case K.ParenthesizedExpression:
      case K.NonNullExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.TypeAssertionExpression:
        cur = (cur as ts.ParenthesizedExpression).expression;
        continue;
      default:
        return cur;
    }
  }
  return cur;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return T.canHaveModifiers(node) && !!T.getModifiers(node)?.some((m) => m.kind === kind);
}

export function memberName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (T.isIdentifier(name) || T.isPrivateIdentifier(name) || T.isStringLiteral(name) || T.isNumericLiteral(name)) return name.text;
  return undefined;
}


/** The nodes the rules look at, collected in one walk that also sets every node's parent. */
export interface Prepared {
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  statements: ts.ExpressionStatement[];
  strings: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression)[];
  props: ts.PropertyAssignment[];
}

/**
 * The last prepared tree. Only one: keeping more would let trees survive young-generation GCs and be
 * promoted, which makes a scan several times slower (and a WeakMap costs ephemeron tracing).
 */
let lastPrepared: { sf: ts.SourceFile; p: Prepared } | undefined;

const LAST_TOKEN = T.SyntaxKind.LastToken;
/** Type annotations, interfaces and type aliases: the rules never look inside them. */
const NOT_ENTERED: boolean[] = [];
for (let k = T.SyntaxKind.FirstTypeNode; k <= T.SyntaxKind.LastTypeNode; k++) NOT_ENTERED[k] = true;
NOT_ENTERED[T.SyntaxKind.InterfaceDeclaration] = true;
NOT_ENTERED[T.SyntaxKind.TypeAliasDeclaration] = true;

/** Drops the cached walk of `sf` (once its analysis is done), so the tree can die young. */
export function releasePrepared(sf: ts.SourceFile): void {
  if (lastPrepared?.sf === sf) lastPrepared = undefined;
}

/**
 * One iterative walk (deep nesting cannot overflow the stack) that sets `parent` on every node —
 * cheaper than createSourceFile's own setParentNodes pass — and collects the nodes the rules need.
 */
export function prepare(sf: ts.SourceFile): Prepared {
  if (lastPrepared?.sf === sf) return lastPrepared.p;
  const p: Prepared = { calls: [], news: [], statements: [], strings: [], props: [] };
  const stack: ts.Node[] = [sf];
  let parent: ts.Node = sf;
  // Leaves (identifiers, literals, tokens) get their parent but are not pushed; type annotations are
  // not entered (nothing resolves from inside them): about half of all nodes never reach the stack.
  const push = (c: ts.Node) => {
    // Only write when needed: an incrementally updated tree already has parents, and writing into
    // old-generation nodes would fill the GC's remembered set.
    if (c.parent !== parent) (c as { parent: ts.Node }).parent = parent;
    const k = c.kind;
    if (k <= LAST_TOKEN) {
      if (k === K.StringLiteral || k === K.NoSubstitutionTemplateLiteral) p.strings.push(c as ts.StringLiteral);
      return;
    }
    if (!NOT_ENTERED[k]) stack.push(c);
  };
  while (stack.length) {
    const node = stack.pop()!;
    record(p, node);
    parent = node;
    T.forEachChild(node, push);
  }
  lastPrepared = { sf, p };
  return p;
}

/** Files a node under the list a rule reads (shared by the preparing walk, `collect` and the engine). */
export function record(p: Prepared, node: ts.Node): void {
  switch (node.kind) {
    case K.CallExpression: p.calls.push(node as ts.CallExpression); break;
    case K.NewExpression: p.news.push(node as ts.NewExpression); break;
    case K.ExpressionStatement: p.statements.push(node as ts.ExpressionStatement); break;
    case K.TemplateExpression: p.strings.push(node as ts.TemplateExpression); break;
    case K.PropertyAssignment: p.props.push(node as ts.PropertyAssignment); break;
  }
}

/** The nodes the rules need under `root`, whose parents are already set (a subtree of a prepared or updated tree). */
export function collect(root: ts.Node): Prepared {
  const p: Prepared = { calls: [], news: [], statements: [], strings: [], props: [] };
  const stack: ts.Node[] = [root];
  const push = (c: ts.Node) => {
    const k = c.kind;
    if (k <= LAST_TOKEN) {
      if (k === K.StringLiteral || k === K.NoSubstitutionTemplateLiteral) p.strings.push(c as ts.StringLiteral);
      return;
    }
    if (!NOT_ENTERED[k]) stack.push(c);
  };
  while (stack.length) {
    const node = stack.pop()!;
    record(p, node);
    T.forEachChild(node, push);
  }
  return p;
}

/** The innermost node containing [start, end] (offsets), descending from `root`; with `accept`, the innermost accepted one. */
export function innermost(root: ts.Node, sf: ts.SourceFile, start: number, end: number, accept: (n: ts.Node) => boolean): ts.Node | undefined {
  let found: ts.Node | undefined;
  let cur: ts.Node | undefined = root;
  for (let depth = 0; cur && depth < 10_000; depth++) {
    if (accept(cur)) found = cur;
    let next: ts.Node | undefined;
    T.forEachChild(cur, (c) => {
      if (c.pos <= start && end <= c.end && c.getStart(sf) <= start) {
        next = c;
        return true;
      }
      return undefined;
    });
    cur = next;
  }
  return found;
}

/**
 * The multi-line template literals of a file (outermost only), as sorted [start, end) pairs: one walk
 * per file, so asking "is this offset inside a template?" per finding stays linear in the file size.
 */
export function templateRanges(sf: ts.SourceFile): number[] {
  const out: number[] = [];
  const text = sf.text;
  // Only the parts of the tree that hold a backtick can hold a template: the walk skips the rest (most of a file).
  const ticks: number[] = [];
  for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i + 1)) ticks.push(i);
  if (!ticks.length) return out;
  const holdsTick = (pos: number, end: number) => {
    let lo = 0;
    let hi = ticks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ticks[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < ticks.length && ticks[lo]! < end;
  };
  const work: ts.Node[] = [sf];
  while (work.length) {
    const n = work.pop()!;
    if (!holdsTick(n.pos, n.end)) continue;
    if (n.kind === K.TemplateExpression || n.kind === K.NoSubstitutionTemplateLiteral) {
      const start = n.getStart(sf);
      const nl = text.indexOf('\n', start);
      if (nl >= 0 && nl < n.end) out.push(start, n.end);
      continue;
    }
    T.forEachChild(n, (c) => {
      work.push(c);
    });
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < out.length; i += 2) pairs.push([out[i]!, out[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}

/** Is `offset` strictly inside one of `ranges` (from templateRanges)? Binary search. */
export function insideRanges(ranges: readonly number[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = ranges[mid * 2]!;
    const end = ranges[mid * 2 + 1]!;
    if (offset <= start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}
