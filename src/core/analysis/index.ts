import ts from 'typescript';
import { dirname, join, normalize } from 'node:path';

/** What other files need to know about one file: which exports are async, which class methods are. */
export interface FileFacts {
  asyncExports: Set<string>;
  /** Class name → its async (or Promise-returning) methods, for every class in the file. */
  classes: Map<string, Set<string>>;
  /** Local names of exported classes, by export name. */
  exportedClasses: Map<string, string>;
}

export interface Alias {
  /** `@app/*` or `#db` */
  pattern: string;
  /** Absolute targets with at most one `*`. */
  targets: string[];
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function returnsPromise(fn: ts.SignatureDeclaration): boolean {
  if (ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  const t = fn.type;
  return !!t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && (t.typeName.text === 'Promise' || t.typeName.text === 'PromiseLike');
}

function asyncInitializer(e: ts.Expression | undefined): boolean {
  return !!e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) && returnsPromise(e);
}

function classFacts(node: ts.ClassLikeDeclaration): Set<string> {
  const methods = new Set<string>();
  for (const m of node.members) {
    if (ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && returnsPromise(m)) methods.add(m.name.text);
    if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && asyncInitializer(m.initializer)) methods.add(m.name.text);
  }
  return methods;
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

export function collectFacts(sf: ts.SourceFile): FileFacts {
  const facts: FileFacts = { asyncExports: new Set(), classes: new Map(), exportedClasses: new Map() };
  const localAsync = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && returnsPromise(s)) {
      if (s.name) localAsync.add(s.name.text);
      if (hasExport(s)) facts.asyncExports.add(hasDefault(s) ? 'default' : s.name?.text ?? 'default');
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && asyncInitializer(d.initializer)) {
          localAsync.add(d.name.text);
          if (hasExport(s)) facts.asyncExports.add(d.name.text);
        }
      }
    } else if (ts.isClassDeclaration(s)) {
      const name = s.name?.text ?? 'default';
      facts.classes.set(name, classFacts(s));
      if (hasExport(s)) facts.exportedClasses.set(hasDefault(s) ? 'default' : name, name);
    }
  }
  // export { a, b as c }; export default a; module.exports = { a }; exports.a = a
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        if (localAsync.has(local)) facts.asyncExports.add(el.name.text);
        if (facts.classes.has(local)) facts.exportedClasses.set(el.name.text, local);
      }
    } else if (ts.isExportAssignment(s) && ts.isIdentifier(s.expression)) {
      if (localAsync.has(s.expression.text)) facts.asyncExports.add('default');
      if (facts.classes.has(s.expression.text)) facts.exportedClasses.set('default', s.expression.text);
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = s.expression.left;
      const right = s.expression.right;
      if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === 'exports') {
        if ((ts.isIdentifier(right) && localAsync.has(right.text)) || asyncInitializer(right)) facts.asyncExports.add(left.name.text);
      } else if (ts.isPropertyAccessExpression(left) && left.getText(sf) === 'module.exports' && ts.isObjectLiteralExpression(right)) {
        for (const p of right.properties) {
          if (ts.isShorthandPropertyAssignment(p) && localAsync.has(p.name.text)) facts.asyncExports.add(p.name.text);
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && ((ts.isIdentifier(p.initializer) && localAsync.has(p.initializer.text)) || asyncInitializer(p.initializer))) facts.asyncExports.add(p.name.text);
          if (ts.isMethodDeclaration(p) && ts.isIdentifier(p.name) && returnsPromise(p)) facts.asyncExports.add(p.name.text);
        }
      }
    }
  }
  return facts;
}

const stripExt = (p: string): string => p.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');

/** Facts for every file of the workspace, updated one file at a time as files change. */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileFacts>();

  constructor(private readonly aliases: readonly Alias[] = []) {}

  get size(): number {
    return this.files.size;
  }

  set(file: string, facts: FileFacts): void {
    this.files.set(stripExt(normalize(file)), facts);
  }

  update(file: string, sf: ts.SourceFile): void {
    this.set(file, collectFacts(sf));
  }

  remove(file: string): void {
    this.files.delete(stripExt(normalize(file)));
  }

  /** Facts of the file a specifier points to, for relative specifiers and configured aliases. */
  lookup(fromFile: string, specifier: string): FileFacts | undefined {
    for (const base of this.candidates(fromFile, specifier)) {
      const key = stripExt(normalize(base));
      const hit = this.files.get(key) ?? this.files.get(join(key, 'index'));
      if (hit) return hit;
    }
    return undefined;
  }

  private candidates(fromFile: string, specifier: string): string[] {
    if (specifier.startsWith('.')) return [join(dirname(fromFile), specifier)];
    const out: string[] = [];
    for (const a of this.aliases) {
      const star = a.pattern.indexOf('*');
      if (star < 0) {
        if (a.pattern === specifier) out.push(...a.targets);
        continue;
      }
      const prefix = a.pattern.slice(0, star);
      const suffix = a.pattern.slice(star + 1);
      if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
        const mid = specifier.slice(prefix.length, specifier.length - suffix.length);
        out.push(...a.targets.map((t) => t.replace('*', mid)));
      }
    }
    return out;
  }

  /** A class's async methods: through the importing file's binding if known, else any class of that name. */
  classMethods(name: string, fromModule?: { fromFile: string; specifier: string; imported: string }): Set<string> | undefined {
    if (fromModule) {
      const facts = this.lookup(fromModule.fromFile, fromModule.specifier);
      const local = facts?.exportedClasses.get(fromModule.imported);
      if (facts && local) return facts.classes.get(local);
    }
    let found: Set<string> | undefined;
    for (const f of this.files.values()) {
      const c = f.classes.get(name);
      if (c) {
        if (found) return undefined; // ambiguous: two classes share the name
        found = c;
      }
    }
    return found;
  }
}

export { EXTENSIONS };
