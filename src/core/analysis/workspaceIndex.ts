import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';
import { dirname, join, normalize } from 'node:path';
import { hasModifier, memberName, prepare, ScopeResolver, unwrap } from './scope';
import { Evaluator } from './values';
import { mergeOverloads, returnsPromise, signatureFacts, typeRefOfNode, type Alias, type ClassFacts, type ExportFact, type FileFacts, type IndexedFile, type MemberFact, type ModuleRef, type ProjectFacts, type TypeRef } from './facts';
import { TYPES } from './apis';
import type { LibraryTypes } from './libtypes';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function functionLike(e: ts.Expression | undefined): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const u = e && unwrap(e);
  return u && (T.isArrowFunction(u) || T.isFunctionExpression(u)) ? u : undefined;
}

/** `Foo`, `Foo<T>`, `ns.Foo`, `Foo | undefined` → a type reference relative to this file. */
export function typeRefOf(node: ts.TypeNode | ts.ExpressionWithTypeArguments | ts.Expression | undefined, imports: (name: string) => { module: string; path: string[] } | undefined): TypeRef | undefined {
  return node ? typeRefOfNode(node, imports) : undefined;
}

function memberFact(m: ts.ClassElement | ts.TypeElement | ts.ObjectLiteralElementLike, imports: Parameters<typeof typeRefOf>[1]): MemberFact | undefined {
  if (T.isMethodDeclaration(m) || T.isMethodSignature(m)) return { k: 'method', ...signatureFacts(m, imports) };
  if (T.isGetAccessorDeclaration(m)) return { k: 'prop', ...withType(typeRefOf(m.type, imports)) };
  if (T.isPropertyDeclaration(m) || T.isPropertySignature(m) || T.isPropertyAssignment(m)) {
    const init = T.isPropertySignature(m) ? undefined : m.initializer;
    const fn = functionLike(init);
    if (fn) return { k: 'method', ...signatureFacts(fn, imports) };
    const type = T.isPropertyAssignment(m) ? undefined : m.type;
    if (type && T.isFunctionTypeNode(type)) return { k: 'method', ...signatureFacts(type, imports) };
    const newed = init && T.isNewExpression(unwrap(init)) ? typeRefOf((unwrap(init) as ts.NewExpression).expression, imports) : undefined;
    return { k: 'prop', ...withType(typeRefOf(type, imports) ?? newed) };
  }
  return undefined;
}

const withType = (type: TypeRef | undefined) => (type ? { type } : {});

function classFacts(node: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, imports: Parameters<typeof typeRefOf>[1]): ClassFacts {
  const facts: ClassFacts = { members: new Map(), statics: new Map() };
  for (const m of node.members) {
    const name = memberName(m.name);
    if (T.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (T.isParameterPropertyDeclaration(p, m) && T.isIdentifier(p.name)) facts.members.set(p.name.text, { k: 'prop', ...withType(typeRefOf(p.type, imports)) });
      }
      continue;
    }
    if (name === undefined) continue;
    const f = memberFact(m, imports);
    if (!f) continue;
    const into = hasModifier(m, K.StaticKeyword) ? facts.statics : facts.members;
    // Overloads and accessor pairs: an async signature wins.
    const prev = into.get(name);
    if (prev?.k === 'method' && f.k === 'method') into.set(name, mergeOverloads(prev, f));
    else if (!(prev?.k === 'method' && prev.async)) into.set(name, f);
  }
  const [first, ...rest] = (node.heritageClauses?.find((h) => h.token === K.ExtendsKeyword)?.types ?? []).map((t) => typeRefOf(t, imports));
  if (first) facts.base = first;
  const more = rest.filter((r): r is TypeRef => !!r);
  if (more.length) facts.more = more;
  return facts;
}

function objectFacts(o: ts.ObjectLiteralExpression, imports: Parameters<typeof typeRefOf>[1]): Map<string, MemberFact> {
  const out = new Map<string, MemberFact>();
  for (const p of o.properties) {
    const name = memberName(p.name);
    const f = name !== undefined ? memberFact(p, imports) : undefined;
    if (name !== undefined && f) out.set(name, f);
  }
  return out;
}

/** Exports, classes and loggers of one file: top-level statements only, so indexing stays cheap. */
export function collectFacts(sf: ts.SourceFile): FileFacts {
  if (sf.statements.length && sf.statements[0]!.parent !== sf) prepare(sf); // parents (set by prepare, or by an incremental update)
  const facts: FileFacts = { exports: new Map(), star: [], classes: new Map(), loggers: new Map(), axiosDefaultTimeout: false };
  const scopes = new ScopeResolver();
  // Type names → import specifiers: the top-level scope table (built lazily, once, and only if a type is looked at).
  const imports = (name: string) => {
    const b = scopes.resolve(name, sf);
    return b?.kind === 'import' ? { module: b.module, path: b.path } : undefined;
  };
  let evaluator: Evaluator | undefined;
  const evaluate = (e: ts.Expression) => (evaluator ??= new Evaluator(sf, scopes)).eval(e);
  /** Local name → what exporting it would export. */
  const locals = new Map<string, () => ExportFact | undefined>();
  const valueFact = (d: ts.VariableDeclaration): ExportFact | undefined => {
    const fn = functionLike(d.initializer);
    if (fn) return { k: 'fn', ...signatureFacts(fn, imports) };
    if (d.type && T.isFunctionTypeNode(d.type)) return { k: 'fn', ...signatureFacts(d.type, imports) };
    const init = d.initializer && unwrap(d.initializer);
    if (init && T.isObjectLiteralExpression(init)) return { k: 'value', object: objectFacts(init, imports) };
    if (init && T.isIdentifier(init)) {
      const imp = imports(init.text);
      if (imp && imp.path.length <= 1 && !imp.path.includes('?')) return { k: 'reexport', module: imp.module, name: imp.path[0] ?? '*' };
      return locals.get(init.text)?.();
    }
    const fact: ExportFact = { k: 'value' };
    const declared = typeRefOf(d.type, imports);
    if (declared) fact.type = declared;
    else if (init && T.isNewExpression(init)) {
      const t = typeRefOf(init.expression, imports);
      if (t) fact.type = t;
    }
    if (init) {
      const v = evaluate(init);
      if (v?.v === 'pkg') fact.pkg = v.type;
    }
    return fact;
  };
  const exportLocal = (exported: string, local: string) => {
    const imp = imports(local);
    const f = locals.get(local)?.() ?? (imp && imp.path.length <= 1 ? ({ k: 'reexport', module: imp.module, name: imp.path[0] ?? '*' } as const) : undefined);
    if (f) facts.exports.set(exported, f);
  };

  for (const s of sf.statements) {
    const exported = hasModifier(s, K.ExportKeyword);
    const isDefault = hasModifier(s, K.DefaultKeyword);
    if (T.isFunctionDeclaration(s)) {
      const f: ExportFact = { k: 'fn', ...signatureFacts(s, imports) };
      let merged = f;
      if (s.name) {
        const prev = locals.get(s.name.text)?.();
        if (prev?.k === 'fn') merged = mergeOverloads(prev, f);
        locals.set(s.name.text, () => merged);
      }
      if (exported) facts.exports.set(isDefault ? 'default' : s.name?.text ?? 'default', merged);
    } else if (T.isClassDeclaration(s) || T.isInterfaceDeclaration(s)) {
      const name = s.name?.text ?? 'default';
      const existing = facts.classes.get(name);
      const cf = classFacts(s, imports);
      if (existing) for (const [k, v] of cf.members) existing.members.set(k, v); // declaration merging
      else facts.classes.set(name, cf);
      const f: ExportFact = { k: 'class', local: name };
      locals.set(name, () => f);
      if (exported) facts.exports.set(isDefault ? 'default' : name, f);
    } else if (T.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (!T.isIdentifier(d.name)) continue;
        let memo: ExportFact | undefined | null = null;
        const get = () => (memo === null ? (memo = valueFact(d)) : memo);
        locals.set(d.name.text, get);
        if (exported) {
          const f = get();
          if (f) facts.exports.set(d.name.text, f);
        }
      }
    } else if (T.isExportDeclaration(s) && !s.isTypeOnly) {
      const from = s.moduleSpecifier && T.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      if (!s.exportClause) {
        if (from) facts.star.push(from);
      } else if (T.isNamespaceExport(s.exportClause)) {
        if (from) facts.exports.set(s.exportClause.name.text, { k: 'reexport', module: from, name: '*' });
      } else {
        for (const el of s.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (from) facts.exports.set(el.name.text, { k: 'reexport', module: from, name: local });
          else exportLocal(el.name.text, local);
        }
      }
    } else if (T.isExportAssignment(s)) {
      const e = unwrap(s.expression);
      if (T.isIdentifier(e)) exportLocal('default', e.text);
      else {
        const fn = functionLike(e);
        if (fn) facts.exports.set('default', { k: 'fn', async: returnsPromise(fn) });
        else if (T.isClassExpression(e)) {
          facts.classes.set('default', classFacts(e, imports));
          facts.exports.set('default', { k: 'class', local: 'default' });
        } else if (T.isObjectLiteralExpression(e)) facts.exports.set('default', { k: 'value', object: objectFacts(e, imports) });
        else {
          const v = evaluate(e); // export default pino()
          if (v?.v === 'pkg') facts.exports.set('default', { k: 'value', pkg: v.type });
        }
      }
    } else if (T.isExpressionStatement(s) && T.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === K.EqualsToken) {
      commonJsExport(s.expression, facts, locals, imports, evaluate);
    }
  }
  // Loggers: exported values of a logger type.
  for (const [name, f] of facts.exports) {
    if (f.k === 'value' && f.pkg && TYPES[f.pkg]?.logger) facts.loggers.set(name, TYPES[f.pkg]!.logger!);
  }
  if (sf.text.includes('defaults.timeout')) facts.axiosDefaultTimeout = sf.statements.some((s) => isAxiosDefaultTimeout(s, evaluate));
  return facts;
}

function isAxiosDefaultTimeout(s: ts.Statement, evaluate: (e: ts.Expression) => ReturnType<Evaluator['eval']>): boolean {
  if (!T.isExpressionStatement(s) || !T.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== K.EqualsToken) return false;
  const left = s.expression.left;
  const right = s.expression.right;
  if (!T.isPropertyAccessExpression(left) || left.name.text !== 'timeout' || !T.isPropertyAccessExpression(left.expression) || left.expression.name.text !== 'defaults') return false;
  const v = evaluate(left.expression.expression);
  return v?.v === 'pkg' && v.type === 'axios' && !(T.isNumericLiteral(right) && Number(right.text) <= 0);
}

function commonJsExport(e: ts.BinaryExpression, facts: FileFacts, locals: Map<string, () => ExportFact | undefined>, imports: Parameters<typeof typeRefOf>[1], evaluate: (e: ts.Expression) => ReturnType<Evaluator['eval']>): void {
  const left = e.left;
  const right = unwrap(e.right);
  const valueOf = (r: ts.Expression): ExportFact | undefined => {
    const fn = functionLike(r);
    if (fn) return { k: 'fn', async: returnsPromise(fn) };
    if (T.isIdentifier(r)) {
      const imp = imports(r.text);
      if (imp && imp.path.length <= 1) return { k: 'reexport', module: imp.module, name: imp.path[0] ?? '*' };
      return locals.get(r.text)?.();
    }
    if (T.isObjectLiteralExpression(r)) return { k: 'value', object: objectFacts(r, imports) };
    if (T.isClassExpression(r)) {
      const name = r.name?.text ?? 'default';
      facts.classes.set(name, classFacts(r, imports));
      return { k: 'class', local: name };
    }
    const v = evaluate(r); // module.exports = pino()
    return v?.v === 'pkg' ? { k: 'value', pkg: v.type } : undefined;
  };
  const isModuleExports = (x: ts.Expression) => T.isPropertyAccessExpression(x) && T.isIdentifier(x.expression) && x.expression.text === 'module' && x.name.text === 'exports';
  if (!T.isPropertyAccessExpression(left)) return;
  if (isModuleExports(left)) {
    // module.exports = { a, b: c, async d() {} } — each property is an export; module.exports = fn — the default.
    if (T.isObjectLiteralExpression(right)) {
      for (const p of right.properties) {
        if (T.isShorthandPropertyAssignment(p)) {
          const f = locals.get(p.name.text)?.() ?? valueOf(p.name);
          if (f) facts.exports.set(p.name.text, f);
        } else if (T.isPropertyAssignment(p) || T.isMethodDeclaration(p)) {
          const name = memberName(p.name);
          const f = T.isMethodDeclaration(p) ? ({ k: 'fn', async: returnsPromise(p) } as const) : valueOf(unwrap(p.initializer));
          if (name && f) facts.exports.set(name, f);
        }
      }
    } else {
      const f = valueOf(right);
      if (f) facts.exports.set('default', f);
    }
  } else if ((T.isIdentifier(left.expression) && left.expression.text === 'exports') || isModuleExports(left.expression)) {
    const f = valueOf(right);
    if (f) facts.exports.set(left.name.text, f);
  }
}

/** A canonical string of a file's facts, to tell whether an edit changed them. */
function factsKey(f: FileFacts): string {
  return JSON.stringify(f, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v));
}

const stripExt = (p: string): string => p.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');


/** Facts for every file of the workspace, updated one file at a time as files change. */
export class WorkspaceIndex implements ProjectFacts {
  private readonly files = new Map<string, IndexedFile>();
  /** Files that export a logger, and files that set axios.defaults.timeout: kept up to date on every change, so a scan stays linear. */
  private readonly loggerFiles = new Set<string>();
  private readonly axiosDefaultFiles = new Set<string>();
  private loggersCache: { file: string; name: string; kind: string }[] | undefined;
  /** Called on a lookup miss with the key (path without extension): lets a scan index a file the moment another file needs it. */
  loader: ((key: string) => void) | undefined;
  private readonly keyCache = new Map<string, string[]>();
  private changes = 0;
  /**
   * A nested project's own aliases (its tsconfig `paths`, package.json `imports`) for a folder, with the
   * folder that declares them; undefined where only the workspace's apply. Set by the scan.
   */
  scopedAliases: ((dir: string) => { scope: string; aliases: readonly Alias[] } | undefined) | undefined;
  private readonly aliasScopes = new Map<string, { scope: string; aliases: readonly Alias[] }>();
  /** Declarations of the dependencies: questions about their files are answered by their own index. */
  libraries: LibraryTypes | undefined;

  /** `loadOnGet`: a miss in get() asks the loader too (the declaration index, which loads files only when asked). */
  constructor(private readonly aliases: readonly Alias[] = [], private readonly loadOnGet = false) {}

  /** The aliases a file's imports go through: its nested project's own first, then the workspace's. */
  private aliasesFor(fromFile: string | undefined): { scope: string; aliases: readonly Alias[] } {
    if (fromFile === undefined || !this.scopedAliases) return { scope: '', aliases: this.aliases };
    const dir = dirname(fromFile);
    let hit = this.aliasScopes.get(dir);
    if (!hit) {
      const own = this.scopedAliases(dir);
      hit = own?.aliases.length ? { scope: own.scope, aliases: [...own.aliases, ...this.aliases] } : { scope: '', aliases: this.aliases };
      this.aliasScopes.set(dir, hit);
    }
    return hit;
  }

  /** The index of dependency declarations, when `file` is one of them. */
  private lib(file: string | undefined): WorkspaceIndex | undefined {
    return file !== undefined && this.libraries?.owns(file) ? this.libraries.index : undefined;
  }

  /** The entry declaration file of a package imported from `fromFile` (undefined without node_modules or types). */
  packageEntry(fromFile: string, specifier: string): string | undefined {
    return this.libraries?.entry(fromFile, specifier);
  }

  packageVersion(fromFile: string, name: string): string | undefined {
    return this.libraries?.version(fromFile, name);
  }

  get size(): number {
    return this.files.size;
  }

  static key(file: string): string {
    return stripExt(normalize(file));
  }

  /** Bumped whenever the facts of some file change (not when a file is re-indexed with the same facts). */
  get version(): number {
    return this.changes;
  }

  set(file: string, facts: FileFacts): void {
    const key = WorkspaceIndex.key(file);
    const prev = this.files.get(key);
    if (prev && prev.file === file && factsKey(prev.facts) === factsKey(facts)) return; // typing inside a function body
    this.changes++;
    this.forgetAggregates(key);
    this.files.set(key, { file, facts });
    if (facts.loggers.size) {
      this.loggerFiles.add(key);
      this.loggersCache = undefined;
    }
    if (facts.axiosDefaultTimeout) this.axiosDefaultFiles.add(key);
  }

  private forgetAggregates(key: string): void {
    if (this.loggerFiles.delete(key)) this.loggersCache = undefined;
    this.axiosDefaultFiles.delete(key);
  }

  update(file: string, sf: ts.SourceFile): void {
    this.set(file, collectFacts(sf));
  }

  remove(file: string): void {
    const key = WorkspaceIndex.key(file);
    this.forgetAggregates(key);
    if (this.files.delete(key)) this.changes++;
  }

  has(file: string): boolean {
    return this.files.has(WorkspaceIndex.key(file));
  }

  get(file: string): IndexedFile | undefined {
    const lib = this.lib(file);
    if (lib) return lib.get(file);
    const key = WorkspaceIndex.key(file);
    return this.files.get(key) ?? (this.loadOnGet ? this.byKey(key) : undefined);
  }

  private byKey(key: string): IndexedFile | undefined {
    let hit = this.files.get(key);
    if (!hit && this.loader) {
      this.loader(key);
      hit = this.files.get(key);
    }
    return hit;
  }

  /** The file a specifier points to (relative, tsconfig paths/baseUrl, package.json imports), if indexed. */
  lookup(fromFile: string, specifier: string): IndexedFile | undefined {
    const lib = this.lib(fromFile);
    if (lib) return lib.lookup(fromFile, specifier);
    for (const key of this.candidateKeys(fromFile, specifier)) {
      const hit = this.byKey(key);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Index keys a specifier may name, in order (the file, then the folder's index). Pure string work, cached. */
  private candidateKeys(fromFile: string, specifier: string): string[] {
    const cacheKey = `${specifier.startsWith('.') ? dirname(fromFile) : this.aliasesFor(fromFile).scope}\0${specifier}`;
    let keys = this.keyCache.get(cacheKey);
    if (!keys) {
      keys = [];
      for (const base of this.candidates(fromFile, specifier)) {
        const key = stripExt(normalize(base));
        keys.push(key, join(key, 'index'));
      }
      if (this.keyCache.size > 50_000) this.keyCache.clear();
      this.keyCache.set(cacheKey, keys);
    }
    return keys;
  }

  /**
   * True when a specifier names a project file rather than a package: relative, a `paths`/`imports`
   * alias, or (with a tsconfig baseUrl) a bare specifier that resolves to an indexed file.
   */
  isProjectSpecifier(specifier: string, fromFile?: string): boolean {
    const lib = this.lib(fromFile);
    if (lib) return lib.isProjectSpecifier(specifier, fromFile);
    if (specifier.startsWith('.') || specifier.startsWith('/')) return true;
    const { aliases } = this.aliasesFor(fromFile);
    if (aliases.some((a) => a.pattern !== '*' && (a.pattern.includes('*') ? specifier.startsWith(a.pattern.slice(0, a.pattern.indexOf('*'))) : a.pattern === specifier))) return true;
    return !!fromFile && aliases.some((a) => a.pattern === '*') && !!this.lookup(fromFile, specifier);
  }

  private candidates(fromFile: string, specifier: string): string[] {
    if (specifier.startsWith('.')) return [join(dirname(fromFile), specifier)];
    if (specifier.startsWith('/')) return [specifier];
    const out: string[] = [];
    for (const a of this.aliasesFor(fromFile).aliases) {
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

  /** Declaration index only (its files never change): resolved exports, so a name is searched through `export *` chains once. */
  private readonly exportCache = new Map<string, ReturnType<WorkspaceIndex['resolveExport']>>();

  /** Follows re-exports and `export *` to the fact for `name` exported by the module `specifier` seen from `fromFile`. */
  resolveExport(fromFile: string, specifier: string, name: string, depth = 0): { file: string; fact: ExportFact } | { file: string; namespace: true } | undefined {
    if (depth > 8) return undefined;
    const lib = this.lib(fromFile);
    if (lib) return lib.resolveExport(fromFile, specifier, name, depth);
    if (this.loadOnGet && depth === 0) {
      const key = `${fromFile}\0${specifier}\0${name}`;
      if (this.exportCache.has(key)) return this.exportCache.get(key);
      const hit = this.resolveExportUncached(fromFile, specifier, name, depth);
      this.exportCache.set(key, hit);
      return hit;
    }
    return this.resolveExportUncached(fromFile, specifier, name, depth);
  }

  private resolveExportUncached(fromFile: string, specifier: string, name: string, depth: number): ReturnType<WorkspaceIndex['resolveExport']> {
    const target = this.lookup(fromFile, specifier);
    if (!target) return undefined;
    if (name === '*') return { file: target.file, namespace: true };
    const fact = target.facts.exports.get(name);
    if (fact?.k === 'reexport') return this.resolveExport(target.file, fact.module, fact.name, depth + 1);
    if (fact) return { file: target.file, fact };
    if (name === 'default') return undefined;
    for (const s of target.facts.star) {
      const hit = this.resolveExport(target.file, s, name, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * A member of a class/interface of `file`, following `extends` through the index. Returns the member,
   * or the package type the chain ends in (a class extending PrismaClient, Repository, EventEmitter…).
   */
  member(file: string, cls: string, name: string, statics: boolean, depth = 0): { fact: MemberFact; file: string } | { pkgBase: ModuleRef; file: string } | undefined {
    if (depth > 8) return undefined;
    const lib = this.lib(file);
    if (lib) return lib.member(file, cls, name, statics, depth);
    const entry = this.get(file);
    const facts = entry?.facts.classes.get(cls);
    if (!entry || !facts) return undefined;
    const m = (statics ? facts.statics : facts.members).get(name);
    if (m) return { fact: m, file };
    // The first base decides as before; an interface's further bases are asked only for a member they declare.
    let found: { fact: MemberFact; file: string } | { pkgBase: ModuleRef; file: string } | undefined;
    for (const ref of facts.base ? [facts.base, ...(facts.more ?? [])] : []) {
      const base = this.resolveClass(file, ref);
      const hit = !base ? undefined : 'pkg' in base ? { pkgBase: base.pkg, file } : this.member(base.file, base.name, name, statics, depth + 1);
      if (hit && 'fact' in hit) return hit;
      found ??= hit;
      if (!facts.more) break;
    }
    return found;
  }

  /** The package class a project class extends, directly or through other project classes. */
  packageBase(file: string, cls: string, depth = 0): ModuleRef | undefined {
    if (depth > 8) return undefined;
    const lib = this.lib(file);
    if (lib) return lib.packageBase(file, cls, depth);
    const base = this.get(file)?.facts.classes.get(cls)?.base;
    if (!base) return undefined;
    const r = this.resolveClass(file, base);
    if (!r) return undefined;
    return 'pkg' in r ? r.pkg : this.packageBase(r.file, r.name, depth + 1);
  }

  /** A type reference written in `file` → a project class (file + local name), or the package it comes from. */
  resolveClass(file: string, ref: TypeRef): { file: string; name: string } | { pkg: ModuleRef } | undefined {
    const lib = this.lib(file);
    if (lib) return lib.resolveClass(file, ref);
    if ('local' in ref) return this.get(file)?.facts.classes.has(ref.local) ? { file, name: ref.local } : undefined;
    if (!this.isProjectSpecifier(ref.module, file)) return { pkg: ref };
    const name = ref.path[0] ?? 'default';
    const hit = this.resolveExport(file, ref.module, name);
    if (!hit) return undefined;
    if ('namespace' in hit) return undefined;
    return hit.fact.k === 'class' ? { file: hit.file, name: hit.fact.local } : undefined;
  }

  /** Loggers exported anywhere in the workspace (cached until the index changes). */
  projectLoggers(): { file: string; name: string; kind: string }[] {
    if (!this.loggersCache) {
      this.loggersCache = [];
      for (const key of this.loggerFiles) {
        const { file, facts } = this.files.get(key)!;
        for (const [name, kind] of facts.loggers) this.loggersCache.push({ file, name, kind });
      }
      this.loggersCache.sort((a, b) => Number(b.name === 'logger') - Number(a.name === 'logger') || a.file.length - b.file.length || a.file.localeCompare(b.file));
    }
    return this.loggersCache;
  }

  /** Some file sets `axios.defaults.timeout`: every call through the default instance has a timeout. */
  axiosDefaultTimeout(): boolean {
    return this.axiosDefaultFiles.size > 0;
  }
}

export { EXTENSIONS };
