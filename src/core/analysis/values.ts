import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';
import { canonicalModule, methodResult, propType, TYPES, type Result } from './apis';
import { esc, MAX_CHAIN, memberName, type Binding, type ScopeResolver, unwrap, hasModifier } from './scope';
import { returnsPromise, typeRefOfNode, type SignatureFacts, type ExportFact, type MemberFact, type ProjectFacts, type TypeRef } from './facts';

/** What an expression denotes, as far as imports, declarations, declared types and the workspace index tell. */
/** A value computed only when asked (and then kept): what the package's own declarations say about a value. */
export type Lazy = () => Val | undefined;

export type Val =
  /** An instance or namespace of a known package type (see apis.ts); `lib`: the same value in the package's .d.ts, for what apis.ts does not know. */
  | { v: 'pkg'; type: string; lib?: Lazy }
  /** A method, function or class of a package type, not yet called. */
  | { v: 'pkgMember'; type: string; name: string; lib?: Lazy }
  | { v: 'projClass'; file: string; name: string }
  | { v: 'projInstance'; file: string; name: string }
  | { v: 'projModule'; file: string }
  /**
   * A function or method (of project code, or declared in a dependency's .d.ts), not yet called:
   * `returns` is its declared result type (for a promise: what it resolves to) as written in `file`;
   * `awaitsCallback`: a callback parameter is declared to return a promise (the callee handles it).
   */
  | { v: 'fn'; async: boolean; returns?: { file: string; ref: TypeRef }; awaitsCallback?: boolean; unlessCallback?: boolean }
  | { v: 'object'; members: Map<string, MemberFact> }
  | { v: 'this'; cls: ts.ClassLikeDeclaration }
  /** An undeclared global: console, fetch, Promise, process, setTimeout, globalThis… */
  | { v: 'global'; name: string }
  | { v: 'globalMember'; name: string; member: string };

export interface CallInfo {
  promise?: 'eager' | 'lazy';
  /** The value the call gives (for promises: what it resolves to). */
  type?: Val;
  callee?: Val;
}

const PROMISE_STATICS = new Set(['all', 'allSettled', 'race', 'any', 'reject', 'resolve']);

function once(f: () => Val | undefined): Lazy {
  let done = false;
  let v: Val | undefined;
  return () => {
    if (!done) {
      done = true; // a cycle sees undefined
      v = f();
    }
    return v;
  };
}

const withLib = <V extends Val & { v: 'pkg' | 'pkgMember' }>(v: V, lib: Lazy | undefined): V => (lib ? { ...v, lib } : v);

function fnVal(file: string | undefined, fact: SignatureFacts): Val {
  const v: Val = { v: 'fn', async: fact.async };
  if (fact.returns && file !== undefined) v.returns = { file, ref: fact.returns };
  if (fact.awaitsCallback) v.awaitsCallback = true;
  if (fact.unlessCallback) v.unlessCallback = true;
  return v;
}

function isFunctionArg(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return T.isArrowFunction(u) || T.isFunctionExpression(u);
}


/**
 * Evaluates expressions to values without a type checker. Works on one file; with `project`, follows
 * imports of project files through the workspace index. Recursion is bounded (MAX_CHAIN) so long
 * chains and self-referencing declarations end.
 */
export class Evaluator {
  private readonly bindingCache = new Map<Binding, Val | null>();
  private readonly thisCache = new Map<ts.ClassLikeDeclaration, Map<string, Val | null>>();
  private readonly callCache = new Map<ts.Node, CallInfo>();

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly scopes: ScopeResolver,
    private readonly project?: { index: ProjectFacts; file: string },
  ) {}

  eval(e: ts.Expression): Val | undefined {
    return this.evalAt(e, 0);
  }

  /** What calling this gives: a promise (eager or lazy) and/or a typed value. */
  call(call: ts.CallExpression): CallInfo {
    return this.callAt(call, 0);
  }

  construct(e: ts.NewExpression): Val | undefined {
    return this.constructAt(e, 0);
  }

  /** The value a type annotation denotes (an instance of that class/interface). */
  typeVal(type: ts.TypeNode | undefined): Val | undefined {
    const ref = this.typeRef(type);
    return ref && this.refVal(this.project?.file, ref, false);
  }

  typeRef(type: ts.TypeNode | ts.Expression | undefined): TypeRef | undefined {
    if (!type) return undefined;
    return typeRefOfNode(type, (name) => {
      const b = this.scopes.resolve(name, type);
      return b?.kind === 'import' ? { module: b.module, path: b.path } : undefined;
    });
  }

  private evalAt(expr: ts.Expression, depth: number): Val | undefined {
    if (depth > MAX_CHAIN) return undefined;
    const e = unwrap(expr);
    switch (e.kind) {
      case K.Identifier:
        return this.ident(e as ts.Identifier, depth);
      case K.ThisKeyword: {
        const cls = this.scopes.enclosingClass(e);
        return cls ? { v: 'this', cls } : undefined;
      }
      case K.PropertyAccessExpression: {
        const p = e as ts.PropertyAccessExpression;
        return this.member(this.evalAt(p.expression, depth + 1), p.name.text, depth);
      }
      case K.ElementAccessExpression: {
        const p = e as ts.ElementAccessExpression;
        return T.isStringLiteralLike(p.argumentExpression) ? this.member(this.evalAt(p.expression, depth + 1), p.argumentExpression.text, depth) : undefined;
      }
      case K.CallExpression:
        return this.callAt(e as ts.CallExpression, depth + 1).type;
      case K.NewExpression:
        return this.constructAt(e as ts.NewExpression, depth + 1);
      case K.AwaitExpression:
        return this.evalAt((e as ts.AwaitExpression).expression, depth + 1);
      case K.ArrowFunction:
      case K.FunctionExpression:
        return { v: 'fn', async: returnsPromise(e as ts.ArrowFunction) };
      default:
        return undefined;
    }
  }

  private ident(id: ts.Identifier, depth: number): Val | undefined {
    const b = this.scopes.resolveId(id);
    if (!b) {
      const name = id.text;
      return name === 'undefined' ? undefined : { v: 'global', name };
    }
    const cached = this.bindingCache.get(b);
    if (cached !== undefined) return cached ?? undefined;
    this.bindingCache.set(b, null); // cycles end here
    let v: Val | undefined;
    switch (b.kind) {
      case 'import':
        v = b.path.includes('?') ? undefined : this.moduleVal(b.module, b.path, depth);
        break;
      case 'function':
        v = { v: 'fn', async: returnsPromise(b.node) };
        break;
      case 'class':
        v = this.project && b.node.name && T.isClassDeclaration(b.node) && b.node.parent === this.sf ? { v: 'projClass', file: this.project.file, name: b.node.name.text } : undefined;
        break;
      case 'variable': {
        const d = b.node;
        if (d.type && T.isFunctionTypeNode(d.type)) v = { v: 'fn', async: isPromiseTypeNode(d.type.type) };
        else v = this.typeVal(d.type) ?? (b.init ? this.initVal(b.init, depth) : undefined);
        break;
      }
      case 'parameter':
        v = this.typeVal(b.node.type);
        break;
    }
    this.bindingCache.set(b, v ?? null);
    return v;
  }

  private initVal(init: ts.Expression, depth: number): Val | undefined {
    const u = unwrap(init);
    if (T.isObjectLiteralExpression(u)) return { v: 'object', members: objectMembers(u) };
    return this.evalAt(u, depth + 1);
  }

  private moduleVal(module: string, path: readonly string[], depth: number): Val | undefined {
    const p = this.project;
    if (p && p.index.isProjectSpecifier(module, p.file)) {
      if (path.length === 0) {
        const target = p.index.lookup(p.file, module);
        return target ? { v: 'projModule', file: target.file } : undefined;
      }
      let v = this.exportVal(p.file, module, path[0]!);
      for (const name of path.slice(1)) v = this.member(v, name, depth);
      return v;
    }
    const c = canonicalModule(module, path);
    // The package's own declarations (node_modules): what apis.ts does not know about it.
    const lib = p?.index.packageEntry ? once(() => this.libModule(module)) : undefined;
    if (!TYPES[c.module]) {
      let v = lib?.();
      for (const name of path) v = this.member(v, name, depth);
      return v;
    }
    let v: Val | undefined = withLib({ v: 'pkg', type: c.module }, lib);
    for (const name of c.path) v = this.member(v, name, depth);
    return v;
  }

  /** The namespace of a dependency as its entry .d.ts declares it. */
  private libModule(module: string): Val | undefined {
    const p = this.project;
    const entry = p?.index.packageEntry?.(p.file, module);
    return entry ? { v: 'projModule', file: entry } : undefined;
  }

  /** A class exported by a dependency's declarations, seen from `fromFile`: its instance (or, with `statics`, the class). */
  private libClass(fromFile: string | undefined, module: string, path: readonly string[], statics: boolean): Val | undefined {
    const entry = fromFile !== undefined ? this.project?.index.packageEntry?.(fromFile, module) : undefined;
    if (!entry) return undefined;
    let v = this.exportValFromFile(entry, path[0] ?? 'default');
    for (const name of path.slice(1)) v = this.member(v, name);
    if (v?.v !== 'projClass') return undefined;
    return statics ? v : { v: 'projInstance', file: v.file, name: v.name };
  }

  private exportVal(fromFile: string, specifier: string, name: string): Val | undefined {
    const hit = this.project?.index.resolveExport(fromFile, specifier, name);
    if (!hit) return undefined;
    if ('namespace' in hit) return { v: 'projModule', file: hit.file };
    return this.factVal(hit.file, hit.fact);
  }

  private factVal(file: string, fact: ExportFact): Val | undefined {
    switch (fact.k) {
      case 'fn':
        return fnVal(file, fact);
      case 'class':
        return { v: 'projClass', file, name: fact.local };
      case 'value':
        if (fact.pkg) return { v: 'pkg', type: fact.pkg };
        if (fact.object) return { v: 'object', members: fact.object };
        return fact.type ? this.refVal(file, fact.type, false) : undefined;
      case 'reexport':
        return undefined;
    }
  }

  /** A type reference written in `file` → an instance (or, with `statics`, the class itself). */
  private refVal(file: string | undefined, ref: TypeRef, statics: boolean): Val | undefined {
    const index = this.project?.index;
    if ('module' in ref && !index?.isProjectSpecifier(ref.module, file)) return pkgClass(ref.module, ref.path, statics) ?? this.libClass(file, ref.module, ref.path, statics);
    if (!index || !file) return undefined;
    const cls = index.resolveClass(file, ref);
    if (!cls) return undefined;
    if ('pkg' in cls) return pkgClass(cls.pkg.module, cls.pkg.path, statics) ?? this.libClass(file, cls.pkg.module, cls.pkg.path, statics);
    return statics ? { v: 'projClass', file: cls.file, name: cls.name } : { v: 'projInstance', file: cls.file, name: cls.name };
  }

  private memberFactVal(file: string | undefined, fact: MemberFact): Val | undefined {
    if (fact.k === 'method') return fnVal(file, fact);
    if (fact.pkg) return { v: 'pkg', type: fact.pkg };
    return fact.type ? this.refVal(file, fact.type, false) : undefined;
  }

  /** The package type of a value: itself, or the package class a project class (or its instance) extends. */
  pkgType(v: Val | undefined): string | undefined {
    if (!v) return undefined;
    if (v.v === 'pkg') return v.type;
    if ((v.v === 'projClass' || v.v === 'projInstance') && this.project) {
      const base = this.project.index.packageBase(v.file, v.name);
      const t = base && pkgClass(base.module, base.path, v.v === 'projClass');
      return t?.v === 'pkg' ? t.type : undefined;
    }
    if (v.v === 'this') {
      const heritage = v.cls.heritageClauses?.find((h) => h.token === K.ExtendsKeyword)?.types[0];
      const base = heritage && this.eval(heritage.expression);
      if (base?.v === 'pkgMember') return TYPES[base.type]?.classes?.[base.name]?.instance;
      if (base?.v === 'projClass') return this.pkgType({ v: 'projInstance', file: base.file, name: base.name });
    }
    return undefined;
  }

  member(of: Val | undefined, name: string, depth = 0): Val | undefined {
    if (!of) return undefined;
    switch (of.v) {
      case 'pkg': {
        const from = of.lib;
        const lib = from && once(() => this.member(from(), name, depth));
        const pt = propType(of.type, name);
        if (pt) return withLib({ v: 'pkg', type: pt }, lib);
        const info = TYPES[of.type]!;
        if (info.methods?.[name] || info.classes?.[name] || (info.otherMethods && !info.except?.includes(name))) return withLib({ v: 'pkgMember', type: of.type, name }, lib);
        return lib?.();
      }
      case 'projModule':
        return this.project ? this.exportValFromFile(of.file, name) : undefined;
      case 'projClass':
      case 'projInstance': {
        const hit = this.project?.index.member(of.file, of.name, name, of.v === 'projClass');
        if (!hit) return undefined;
        if ('pkgBase' in hit) return this.member(pkgClass(hit.pkgBase.module, hit.pkgBase.path, of.v === 'projClass') ?? this.libClass(hit.file, hit.pkgBase.module, hit.pkgBase.path, of.v === 'projClass'), name, depth);
        return this.memberFactVal(hit.file, hit.fact);
      }
      case 'object': {
        const f = of.members.get(name);
        return f && this.memberFactVal(this.project?.file, f);
      }
      case 'this':
        return this.thisMember(of.cls, name, depth);
      case 'global':
        if (of.name === 'globalThis' || of.name === 'window' || of.name === 'global') return { v: 'global', name };
        return { v: 'globalMember', name: of.name, member: name };
      default:
        return undefined;
    }
  }

  private exportValFromFile(file: string, name: string): Val | undefined {
    const entry = this.project?.index.get(file);
    const fact = entry?.facts.exports.get(name);
    if (!entry) return undefined;
    if (fact?.k === 'reexport') return this.exportVal(file, fact.module, fact.name);
    if (fact) return this.factVal(file, fact);
    for (const s of entry.facts.star) {
      const v = this.exportVal(file, s, name);
      if (v) return v;
    }
    return undefined;
  }

  /** `this.name` inside a class: a method, a field (declared type or initializer), a constructor parameter property, a `this.x = …` in the constructor, or the base class's member. */
  private thisMember(cls: ts.ClassLikeDeclaration, name: string, depth: number): Val | undefined {
    let byName = this.thisCache.get(cls);
    if (!byName) this.thisCache.set(cls, (byName = new Map()));
    const cached = byName.get(name);
    if (cached !== undefined) return cached ?? undefined;
    byName.set(name, null);
    const v = this.thisMemberUncached(cls, name, depth);
    byName.set(name, v ?? null);
    return v;
  }

  private thisMemberUncached(cls: ts.ClassLikeDeclaration, name: string, depth: number): Val | undefined {
    let found = false;
    for (const m of cls.members) {
      if (T.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          if (T.isParameterPropertyDeclaration(p, m) && T.isIdentifier(p.name) && p.name.text === name) return this.typeVal(p.type);
        }
        continue;
      }
      if (memberName(m.name) !== name || hasModifier(m, K.StaticKeyword)) continue;
      found = true;
      if (T.isMethodDeclaration(m)) return { v: 'fn', async: returnsPromise(m) };
      if (T.isPropertyDeclaration(m)) {
        if (m.type && T.isFunctionTypeNode(m.type)) return { v: 'fn', async: isPromiseTypeNode(m.type.type) };
        const typed = this.typeVal(m.type);
        if (typed) return typed;
        if (m.initializer) return this.initVal(m.initializer, depth);
      }
      if (T.isGetAccessorDeclaration(m)) return this.typeVal(m.type);
    }
    // `this.name = …` in the constructor (plain JavaScript classes, untyped fields)
    const ctor = cls.members.find(T.isConstructorDeclaration);
    if (ctor?.body) {
      for (const s of ctor.body.statements) {
        if (!T.isExpressionStatement(s) || !T.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== K.EqualsToken) continue;
        const left = s.expression.left;
        if (T.isPropertyAccessExpression(left) && left.expression.kind === K.ThisKeyword && left.name.text === name) return this.initVal(s.expression.right, depth);
      }
    }
    if (found) return undefined;
    const heritage = cls.heritageClauses?.find((h) => h.token === K.ExtendsKeyword)?.types[0];
    if (!heritage) return undefined;
    const base = this.evalAt(heritage.expression, depth + 1);
    if (base?.v === 'projClass') return this.member({ v: 'projInstance', file: base.file, name: base.name }, name, depth);
    if (base?.v === 'pkgMember') {
      const inst = TYPES[base.type]?.classes?.[base.name]?.instance;
      if (inst) return this.member(withLib({ v: 'pkg', type: inst }, base.lib && this.libInstance(base.lib)), name, depth);
      const l = base.lib?.();
      return l?.v === 'projClass' ? this.member({ v: 'projInstance', file: l.file, name: l.name }, name, depth) : undefined;
    }
    if (base?.v === 'pkg' && TYPES[base.type]?.construct) return this.member({ v: 'pkg', type: TYPES[base.type]!.construct! }, name, depth);
    return undefined;
  }

  /** Cached per call: chains (`db('t').where().orderBy().limit()`) are evaluated once per link, not once per link per call. */
  private callAt(call: ts.CallExpression, depth: number): CallInfo {
    const cached = this.callCache.get(call);
    if (cached) return cached;
    const info = this.callUncached(call, depth);
    if (depth <= MAX_CHAIN) this.callCache.set(call, info);
    return info;
  }

  private callUncached(call: ts.CallExpression, depth: number): CallInfo {
    if (depth > MAX_CHAIN) return {};
    const callee = unwrap(call.expression);
    // require('m') / import('m')
    if ((callee.kind === K.ImportKeyword || (T.isIdentifier(callee) && esc(callee) === 'require' && !this.scopes.resolveId(callee))) && call.arguments[0] && T.isStringLiteralLike(call.arguments[0])) {
      const type = this.moduleVal(call.arguments[0].text, [], depth);
      return type ? { type } : {};
    }
    const f = this.evalAt(callee, depth + 1);
    if (!f) return {};
    return this.callVal(f, call, depth);
  }

  /** Calling the value `f` (with `call`'s arguments). */
  private callVal(f: Val, call: ts.CallExpression, depth: number): CallInfo {
    if (depth > MAX_CHAIN) return {};
    const withResult = (r: Result | undefined, lib: Lazy | undefined): CallInfo => {
      // Unknown to apis.ts: what the package's declarations say.
      if (!r) {
        const l = lib?.();
        return l ? { ...this.callVal(l, call, depth + 1), callee: f } : { callee: f };
      }
      const last = call.arguments[call.arguments.length - 1];
      const promise = r.unlessCallback && isFunctionArg(last) ? undefined : r.promise;
      const libResult = lib && once(() => {
        const l = lib();
        return l && this.callVal(l, call, depth + 1).type;
      });
      return { ...(promise ? { promise } : {}), ...(r.type ? { type: withLib({ v: 'pkg', type: r.type }, libResult) } : {}), callee: f };
    };
    switch (f.v) {
      case 'pkg':
        return withResult(TYPES[f.type]?.call, f.lib);
      case 'pkgMember':
        return withResult(methodResult(f.type, f.name), f.lib);
      case 'fn': {
        const type = f.returns && this.refVal(f.returns.file, f.returns.ref, false);
        // A declared thenable (a class or interface with a then method) is awaited like a promise.
        if (f.unlessCallback && isFunctionArg(call.arguments[call.arguments.length - 1])) return type ? { type, callee: f } : { callee: f };
        const promise = f.async || (type?.v === 'projInstance' && this.project?.index.member(type.file, type.name, 'then', false)) ? 'eager' : undefined;
        return { ...(promise ? { promise } : {}), ...(type ? { type } : {}), callee: f };
      }
      case 'projModule': {
        const d = this.exportValFromFile(f.file, 'default');
        return d?.v === 'fn' ? this.callVal(d, call, depth + 1) : { callee: f };
      }
      case 'global':
        if (f.name === 'fetch') return { promise: 'eager', callee: f };
        return { callee: f };
      case 'globalMember':
        if (f.name === 'Promise' && PROMISE_STATICS.has(f.member)) return { promise: 'eager', callee: f };
        return { callee: f };
      default:
        return { callee: f };
    }
  }

  /** `new X()` of a class the declarations know. */
  private libInstance(cls: Lazy): Lazy {
    return once(() => {
      const c = cls();
      return c?.v === 'projClass' ? { v: 'projInstance', file: c.file, name: c.name } : undefined;
    });
  }

  private constructAt(e: ts.NewExpression, depth: number): Val | undefined {
    const c = this.evalAt(e.expression, depth + 1);
    if (!c) return undefined;
    if (c.v === 'pkg') return TYPES[c.type]?.construct ? withLib({ v: 'pkg', type: TYPES[c.type]!.construct! }, c.lib && this.libInstance(c.lib)) : c.lib && this.libInstance(c.lib)();
    if (c.v === 'pkgMember') {
      const inst = TYPES[c.type]?.classes?.[c.name]?.instance;
      return inst ? withLib({ v: 'pkg', type: inst }, c.lib && this.libInstance(c.lib)) : c.lib && this.libInstance(c.lib)();
    }
    if (c.v === 'projClass') return { v: 'projInstance', file: c.file, name: c.name };
    return undefined;
  }
}

function isPromiseTypeNode(t: ts.TypeNode | undefined): boolean {
  return !!t && T.isTypeReferenceNode(t) && T.isIdentifier(t.typeName) && (t.typeName.text === 'Promise' || t.typeName.text === 'PromiseLike');
}

/** A package class → its instance type (or statics type). */
export function pkgClass(module: string, path: readonly string[], statics: boolean): Val | undefined {
  const c = canonicalModule(module, path);
  if (!TYPES[c.module]) return undefined;
  if (c.path.length === 0) {
    const ctor = TYPES[c.module]!.construct;
    return ctor && !statics ? { v: 'pkg', type: ctor } : undefined;
  }
  let owner = c.module;
  for (const p of c.path.slice(0, -1)) {
    const next = propType(owner, p);
    if (!next) return undefined;
    owner = next;
  }
  const cls = TYPES[owner]?.classes?.[c.path[c.path.length - 1]!];
  const t = statics ? cls?.statics : cls?.instance;
  return t ? { v: 'pkg', type: t } : undefined;
}

function objectMembers(o: ts.ObjectLiteralExpression): Map<string, MemberFact> {
  const out = new Map<string, MemberFact>();
  for (const p of o.properties) {
    const name = memberName(p.name);
    if (name === undefined) continue;
    if (T.isMethodDeclaration(p)) out.set(name, { k: 'method', async: returnsPromise(p) });
    else if (T.isPropertyAssignment(p)) {
      const u = unwrap(p.initializer);
      if (T.isArrowFunction(u) || T.isFunctionExpression(u)) out.set(name, { k: 'method', async: returnsPromise(u) });
    }
  }
  return out;
}
