import ts from 'typescript';
import { relative, sep } from 'node:path';
import { accessPath, chainMethods, chainRoot, ScopeResolver, type Binding } from './scope';
import { collectFacts, returnsPromise, WorkspaceIndex, type Alias } from './index';
import { isFrontend, isLocalUrl, isServiceCode, isTestPath, matchesAny } from './classify';
import { DEFAULT_CONFIG, RULES, type AnalysisConfig, type FileResult, type Finding, type Fix, type Range, type RuleId, type TextEdit } from './types';

export { SOURCE_EXTENSIONS } from './types';

const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);
const LOGGER_METHOD: Record<string, string> = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'trace' };
const QUERY_METHODS = new Set(['findMany', 'findAll', 'findAndCountAll', 'findAndCount', 'find', 'findBy', 'findFirst', 'aggregate', 'groupBy', 'findManyAndCount', 'paginate']);
const CHAIN_QUERY_METHODS = new Set(['find', 'select', 'selectFrom', 'selectAll', 'from', 'where', 'orderBy', 'sort', 'limit', 'take', 'createQueryBuilder', 'table', 'query', 'leftJoin', 'innerJoin', 'andWhere', 'whereIn', 'lean', 'populate', 'getMany', 'findMany']);
const DATA_MODULES = new Set(['@prisma/client', 'typeorm', 'sequelize', 'mongoose', 'mongodb', 'knex', 'kysely', 'drizzle-orm', 'pg', 'mysql2', '@nestjs/typeorm', '@nestjs/mongoose', '@mikro-orm/core']);
const FS_PROMISES = new Set(['fs/promises', 'node:fs/promises', 'fs/promises/promises', 'node:fs/promises/promises', 'fs/promises', 'node:fs/promises']);
const PROMISE_MODULES = new Set(['node:timers/promises', 'timers/promises', 'node:dns/promises', 'dns/promises', 'node:stream/promises', 'stream/promises', 'node:readline/promises', 'readline/promises', 'node-fetch', 'got', 'axios', 'undici']);
const TEST_CALLS = new Set(['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'context']);
const AXIOS_CONFIG_INDEX: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, request: 0, postForm: 2, putForm: 2, patchForm: 2 };
const HTTP_MODULES = new Set(['http', 'https', 'node:http', 'node:https']);
const LAZY_QUERY_MODULES = new Set(['mongoose', '@prisma/client', 'knex']);
const KNEX_WRITES = new Set(['insert', 'update', 'del', 'delete', 'increment', 'decrement', 'truncate', 'upsert']);

export interface AnalyzerOptions {
  config?: Partial<AnalysisConfig>;
  aliases?: Alias[];
}

/** Parses a file for analysis. Throws nothing: a file that cannot be parsed comes back as `undefined` with a reason. */
export function parse(file: string, text: string): { sf?: ts.SourceFile; reason?: string } {
  const lower = file.toLowerCase();
  const kind = lower.endsWith('.tsx') ? ts.ScriptKind.TSX : lower.endsWith('.jsx') ? ts.ScriptKind.JSX
    : /\.[cm]?ts$/.test(lower) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  try {
    return { sf: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind) };
  } catch (e) {
    return { reason: e instanceof RangeError ? 'nested too deeply to analyse' : `could not be parsed (${(e as Error).message})` };
  }
}

/** Why a file is not analysed, or undefined when it should be. */
export function skipReason(text: string, maxBytes: number): string | undefined {
  if (text.length > maxBytes) return `larger than ${Math.round(maxBytes / 1024)} KB (roadmapCoach.diagnostics.maxFileSizeKB)`;
  if (text.slice(0, 8000).includes('\u0000')) return 'binary content';
  const lines = text.split('\n', 200);
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  if (text.length > 5000 && longest > 2000 && lines.length < 50) return 'minified';
  if (text.includes('\uFFFD\uFFFD\uFFFD')) return 'not UTF-8 text';
  return undefined;
}

export class Analyzer {
  readonly index: WorkspaceIndex;
  readonly config: AnalysisConfig;

  constructor(readonly root: string, options: AnalyzerOptions = {}) {
    this.config = { ...DEFAULT_CONFIG, ...options.config, rules: { ...DEFAULT_CONFIG.rules, ...options.config?.rules } };
    this.index = new WorkspaceIndex(options.aliases ?? []);
  }

  relativePath(file: string): string {
    return relative(this.root, file).split(sep).join('/');
  }

  /** Updates the workspace index for one file (cheap: top-level statements only). */
  indexFile(file: string, text: string): ts.SourceFile | undefined {
    if (skipReason(text, this.config.maxFileBytes)) {
      this.index.remove(file);
      return undefined;
    }
    const { sf } = parse(file, text);
    if (sf) this.index.set(file, collectFacts(sf));
    return sf;
  }

  analyze(file: string, text: string, parsed?: ts.SourceFile): FileResult {
    const reason = skipReason(text, this.config.maxFileBytes);
    if (reason) return { file, findings: [], skipped: reason };
    let sf = parsed;
    if (!sf) {
      const p = parse(file, text);
      if (!p.sf) return { file, findings: [], skipped: p.reason };
      sf = p.sf;
      this.index.set(file, collectFacts(sf));
    }
    try {
      return { file, findings: new FileAnalysis(this, file, sf).run() };
    } catch (e) {
      return { file, findings: [], skipped: e instanceof RangeError ? 'nested too deeply to analyse' : `analysis failed (${(e as Error).message})` };
    }
  }
}

interface Ignores {
  file: Set<string>;
  /** 0-based line → rules ignored on it (empty set = all rules). */
  lines: Map<number, Set<string>>;
}

function readIgnores(sf: ts.SourceFile): Ignores {
  const ignores: Ignores = { file: new Set(), lines: new Map() };
  const text = sf.text;
  if (!text.includes('roadmap-coach-ignore')) return ignores;
  const re = /roadmap-coach-ignore-(next-line|file)\b([^\n*]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const rules = new Set(m[2]!.split(/[\s,]+/).map((r) => r.trim()).filter((r) => /^[a-z-]+$/.test(r) && r !== '--'));
    if (m[1] === 'file') {
      if (rules.size === 0) ignores.file.add('*');
      for (const r of rules) ignores.file.add(r);
    } else {
      const line = sf.getLineAndCharacterOfPosition(m.index).line + 1;
      ignores.lines.set(line, rules);
    }
  }
  return ignores;
}

class FileAnalysis {
  private readonly findings: Finding[] = [];
  private readonly scopes = new ScopeResolver();
  private readonly rel: string;
  private readonly imports: string[];
  private readonly ignores: Ignores;
  private readonly isTest: boolean;
  private readonly frontend: boolean;
  private readonly service: boolean;
  private readonly hasDataImport: boolean;

  constructor(private readonly analyzer: Analyzer, private readonly file: string, private readonly sf: ts.SourceFile) {
    this.rel = analyzer.relativePath(file);
    this.imports = moduleSpecifiers(sf);
    this.ignores = readIgnores(sf);
    this.isTest = isTestPath(this.rel);
    this.frontend = isFrontend(this.rel, this.imports, sf.text);
    this.service = !this.isTest && !this.frontend && isServiceCode(this.rel, this.imports, matchesAny(this.rel, analyzer.config.servicePaths));
    this.hasDataImport = this.imports.some((m) => DATA_MODULES.has(m) || m.startsWith('@prisma/') || m.startsWith('drizzle-orm'));
  }

  private enabled(rule: RuleId): boolean {
    return this.analyzer.config.rules[rule] !== 'off' && !this.ignores.file.has(rule) && !this.ignores.file.has('*');
  }

  run(): Finding[] {
    const checkConsole = this.service && this.enabled('console-in-service');
    const checkOffset = !this.isTest && this.enabled('offset-pagination');
    const checkFloating = this.enabled('floating-promise');
    const checkTimeout = !this.isTest && !this.frontend && this.enabled('missing-timeout');
    // Iterative walk: deeply nested input must not overflow our stack.
    const stack: ts.Node[] = [this.sf];
    while (stack.length) {
      const node = stack.pop()!;
      switch (node.kind) {
        case ts.SyntaxKind.CallExpression: {
          const call = node as ts.CallExpression;
          if (checkConsole) this.consoleCall(call);
          if (checkOffset) this.offsetCall(call);
          if (checkTimeout) this.timeoutCall(call);
          if (checkFloating) this.asyncCallback(call);
          break;
        }
        case ts.SyntaxKind.NewExpression:
          if (checkTimeout) this.pgPool(node as ts.NewExpression);
          break;
        case ts.SyntaxKind.ExpressionStatement:
          if (checkFloating) this.floating(node as ts.ExpressionStatement);
          break;
        case ts.SyntaxKind.StringLiteral:
        case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        case ts.SyntaxKind.TemplateExpression:
          if (checkOffset) this.rawSql(node);
          break;
        case ts.SyntaxKind.PropertyAssignment:
          if (checkOffset) this.mongoSkipStage(node as ts.PropertyAssignment);
          break;
      }
      const children: ts.Node[] = [];
      ts.forEachChild(node, (c) => { children.push(c); });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return this.findings.filter((f) => {
      const rules = this.ignores.lines.get(f.range.start.line);
      return !rules || (rules.size > 0 && !rules.has(f.rule));
    });
  }

  // ---------- helpers ----------

  private range(node: ts.Node): Range {
    const s = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const e = this.sf.getLineAndCharacterOfPosition(node.getEnd());
    return { start: s, end: e };
  }

  private pos(offset: number) {
    return this.sf.getLineAndCharacterOfPosition(offset);
  }

  private insertAt(offset: number, text: string): TextEdit {
    const p = this.pos(offset);
    return { range: { start: p, end: p }, newText: text };
  }

  private report(rule: RuleId, node: ts.Node, message: string, fixes: Fix[] = []): void {
    const range = this.range(node);
    const line = range.start.line;
    const indent = /^\s*/.exec(this.sf.text.slice(this.sf.getLineStarts()[line], this.sf.getLineStarts()[line + 1] ?? this.sf.text.length))![0];
    const lineStart = { line, character: 0 };
    const ignoreFixes: Fix[] = [
      { title: `Ignore ${rule} on this line`, preferred: false, edits: [{ range: { start: lineStart, end: lineStart }, newText: `${indent}// roadmap-coach-ignore-next-line ${rule}\n` }] },
      { title: `Ignore ${rule} in this file`, preferred: false, edits: [{ range: { start: this.fileCommentPosition(), end: this.fileCommentPosition() }, newText: `/* roadmap-coach-ignore-file ${rule} */\n` }] },
    ];
    this.findings.push({
      file: this.file,
      rule,
      severity: this.analyzer.config.rules[rule] as Finding['severity'],
      range,
      message,
      lesson: RULES[rule].lesson,
      fixes: [...fixes, ...ignoreFixes],
    });
  }

  private fileCommentPosition() {
    // After a shebang, if any.
    return this.sf.text.startsWith('#!') ? { line: 1, character: 0 } : { line: 0, character: 0 };
  }

  private resolve(id: ts.Identifier): Binding | undefined {
    return this.scopes.resolve(id.text, id);
  }

  /** The module an identifier was imported or required from, with the imported name. */
  private importOf(id: ts.Identifier): { module: string; imported: string } | undefined {
    const b = this.resolve(id);
    if (b && (b.kind === 'import' || b.kind === 'require')) return { module: b.module, imported: b.imported };
    return undefined;
  }

  private isGlobal(id: ts.Identifier): boolean {
    return this.resolve(id) === undefined;
  }

  private enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
    for (let n = node.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) return n;
    }
    return undefined;
  }

  private enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
    for (let n = node.parent; n; n = n.parent) if (ts.isClassLike(n)) return n;
    return undefined;
  }

  // ---------- console-in-service ----------

  private consoleCall(call: ts.CallExpression): void {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'console') return;
    const method = callee.name.text;
    if (!CONSOLE_METHODS.has(method) || !this.isGlobal(callee.expression)) return;
    const logger = this.loggerInScope(call);
    const fixes: Fix[] = [];
    const mapped = LOGGER_METHOD[method];
    if (logger && mapped) {
      fixes.push({ title: `Use ${logger.expr}.${mapped}(…) instead`, preferred: true, edits: [{ range: this.range(callee), newText: `${logger.expr}.${mapped}` }] });
    }
    const which = logger ? ` Use ${logger.expr} (${logger.kind}) instead.` : this.projectLoggerHint();
    this.report('console-in-service', callee, `console.${method} in service code has no level, structure or request context, and writes synchronously in some environments.${which}`, fixes);
  }

  private projectLoggerHint(): string {
    if (this.imports.includes('pino') || this.imports.includes('nestjs-pino')) return ' This file already imports pino: log through a pino logger.';
    if (this.imports.includes('winston')) return ' This file already imports winston: log through a winston logger.';
    if (this.imports.some((m) => m === '@nestjs/common')) return ' Use NestJS\'s Logger (new Logger(MyService.name)).';
    if (this.imports.includes('fastify')) return ' In a Fastify handler use request.log.';
    return ' Use a structured logger such as pino.';
  }

  /** A logger the fix can use: `this.logger`, a `logger`/`log` binding, or Fastify's `request.log`. */
  private loggerInScope(node: ts.Node): { expr: string; kind: string } | undefined {
    const cls = this.enclosingClass(node);
    if (cls) {
      for (const m of cls.members) {
        const name = m.name && ts.isIdentifier(m.name) ? m.name.text : undefined;
        if (name === 'logger' || name === 'log') return { expr: `this.${name}`, kind: 'the class logger' };
        if (ts.isConstructorDeclaration(m)) {
          for (const p of m.parameters) {
            if (ts.isIdentifier(p.name) && (p.name.text === 'logger') && ts.getModifiers(p)?.length) return { expr: `this.${p.name.text}`, kind: 'the injected logger' };
          }
        }
      }
    }
    for (const name of ['logger', 'log']) {
      const b = this.scopes.resolve(name, node);
      if (b && b.kind !== 'function' && b.kind !== 'class') return { expr: name, kind: b.kind === 'import' || b.kind === 'require' ? `imported from ${b.module}` : 'in scope' };
    }
    for (const name of ['request', 'req']) {
      const b = this.scopes.resolve(name, node);
      if (b?.kind === 'parameter' && this.imports.includes('fastify')) return { expr: `${name}.log`, kind: 'Fastify\'s request logger' };
    }
    return undefined;
  }

  // ---------- offset-pagination ----------

  private isZero(e: ts.Expression | undefined): boolean {
    return !!e && ts.isNumericLiteral(e) && Number(e.text) === 0;
  }

  private offsetCall(call: ts.CallExpression): void {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    // Options object: prisma.user.findMany({ skip, take }), repo.find({ skip, take }), Model.findAll({ offset, limit })
    if (QUERY_METHODS.has(method)) {
      const arg = call.arguments[0];
      if (arg && ts.isObjectLiteralExpression(arg) && this.looksLikeDataAccess(callee.expression)) {
        const props = new Map<string, ts.ObjectLiteralElementLike>();
        for (const p of arg.properties) if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) props.set(p.name.text, p);
        for (const key of ['skip', 'offset']) {
          const p = props.get(key);
          if (!p) continue;
          const value = ts.isPropertyAssignment(p) ? p.initializer : undefined;
          if (this.isZero(value)) continue;
          if (key === 'skip' && props.has('cursor') && value && ts.isNumericLiteral(value) && value.text === '1') continue; // Prisma's cursor idiom
          if (!props.has('take') && !props.has('limit') && !props.has('orderBy') && !props.has('order') && !props.has('where') && !props.has('sort')) continue;
          this.report('offset-pagination', p, `Offset pagination (${key}) makes the database read and discard every skipped row, and pages shift when rows are inserted. Page with a cursor (a WHERE on the sort key) instead.`);
        }
      }
    }
    // Builder chains: .skip(n) / .offset(n) on a query chain
    if ((method === 'skip' || method === 'offset') && call.arguments.length === 1 && !this.isZero(call.arguments[0])) {
      const receiverMethods = chainMethods(callee.expression);
      const root = chainRoot(callee.expression);
      const rootImport = ts.isIdentifier(root) ? this.importOf(root) : undefined;
      const fromDataModule = rootImport && (DATA_MODULES.has(rootImport.module) || rootImport.module.startsWith('drizzle-orm'));
      const chainLooksLikeQuery = receiverMethods.some((m) => CHAIN_QUERY_METHODS.has(m));
      if (chainLooksLikeQuery && (this.hasDataImport || fromDataModule || this.looksLikeDataAccess(callee.expression))) {
        this.report('offset-pagination', callee.name, `.${method}() pages by offset: the database still reads every skipped row and pages shift under inserts. Use a cursor (keyset) condition instead.`);
      }
    }
  }

  /** Receivers that are data access: prisma.x, this.repo, a Model, a query builder — judged by names and imports. */
  private looksLikeDataAccess(e: ts.Expression): boolean {
    if (this.hasDataImport) return true;
    const path = accessPath(e) ?? chainMethods(e);
    return path.some((p) => /prisma|repo(sitory)?$|model$|^db$|knex|collection|queryBuilder|manager/i.test(p));
  }

  private rawSql(node: ts.Node): void {
    const text = ts.isTemplateExpression(node) ? node.getText(this.sf) : (node as ts.StringLiteral).text;
    if (text.length < 20 || !/\bselect\b[\s\S]*\bfrom\b/i.test(text)) return;
    const offset = /\boffset\s+(\$\d+|\?|:\w+|@\w+|\$\{[^}]*\}|[1-9]\d*)/i.exec(text);
    const mysql = /\blimit\s+(\?|\d+|\$\{[^}]*\}|:\w+)\s*,\s*(\?|\d+|\$\{[^}]*\}|:\w+)/i.exec(text);
    if (!offset && !mysql) return;
    if (mysql && /^0$/.test(mysql[1]!)) return;
    this.report('offset-pagination', node, `This SQL pages with ${offset ? 'OFFSET' : 'LIMIT offset, count'}: the database reads and throws away every skipped row, so deep pages get slower and shift under inserts. Use a keyset condition such as WHERE (created_at, id) < ($1, $2).`);
  }

  private mongoSkipStage(p: ts.PropertyAssignment): void {
    if (!p.name || !(ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) || p.name.text !== '$skip' || this.isZero(p.initializer)) return;
    this.report('offset-pagination', p, 'A $skip stage pages by offset: MongoDB still walks every skipped document. Match on the last seen sort key instead.');
  }

  // ---------- floating-promise ----------

  private floating(stmt: ts.ExpressionStatement): void {
    let e = stmt.expression;
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return;
    const verdict = this.promiseVerdict(e);
    if (!verdict) return;
    const fn = this.enclosingFunction(stmt);
    const inAsync = !!fn && returnsPromise(fn) && !ts.isConstructorDeclaration(fn);
    const start = stmt.expression.getStart(this.sf);
    const fixes: Fix[] = [];
    if (inAsync) fixes.push({ title: 'Add await', preferred: true, edits: [this.insertAt(start, 'await ')] });
    // `void` silences a lazy query without running it, so it is only offered for eager promises.
    if (!verdict.lazy) fixes.push({ title: 'Mark as intentionally not awaited (void)', preferred: !inAsync, edits: [this.insertAt(start, 'void ')] });
    this.report('floating-promise', stmt.expression, verdict.message, fixes);
  }

  /** Why an expression produces a promise nobody handles, or undefined when it does not (or is handled). */
  private promiseVerdict(e: ts.CallExpression | ts.NewExpression): { message: string; lazy?: boolean } | undefined {
    if (ts.isNewExpression(e)) {
      return ts.isIdentifier(e.expression) && e.expression.text === 'Promise' && this.isGlobal(e.expression)
        ? { message: 'This new Promise is neither awaited nor returned: a rejection inside it is unhandled and crashes Node (since v15).' }
        : undefined;
    }
    const callee = e.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const name = callee.name.text;
      if (name === 'catch' && e.arguments.length >= 1) return undefined;
      if (name === 'then' && e.arguments.length >= 2) return undefined;
      if (name === 'then' || name === 'finally') {
        return { message: `.${name}() without a rejection handler: if the promise rejects, nothing catches it. Add .catch(…), await it in a try/catch, or return it.` };
      }
    }
    if (this.isTest && ts.isIdentifier(callee) && TEST_CALLS.has(callee.text)) return undefined;
    const source = this.promiseSource(e);
    if (!source) return undefined;
    if (source.lazy) return { message: `${source.what} builds a query that only runs when awaited or .then()-ed: as written it never executes. Await it.`, lazy: true };
    return { message: `${source.what} returns a promise that nobody awaits, returns or catches: its errors are lost (or crash the process) and callers cannot know when it finished.` };
  }

  private promiseSource(call: ts.CallExpression): { what: string; lazy?: boolean } | undefined {
    const callee = call.expression;
    if (ts.isIdentifier(callee)) {
      const b = this.resolve(callee);
      if (!b) return callee.text === 'fetch' ? { what: 'fetch()' } : undefined;
      if (b.kind === 'function' && returnsPromise(b.node)) return { what: `${callee.text}() (async)` };
      if (b.kind === 'variable' && b.init && (ts.isArrowFunction(b.init) || ts.isFunctionExpression(b.init)) && returnsPromise(b.init)) return { what: `${callee.text}() (async)` };
      if (b.kind === 'import' || b.kind === 'require') {
        if (FS_PROMISES.has(b.module) || PROMISE_MODULES.has(b.module)) return { what: `${callee.text}() from ${b.module}` };
        if (b.module.startsWith('.') || !b.module.includes(':')) {
          const facts = this.analyzer.index.lookup(this.file, b.module);
          if (facts?.asyncExports.has(b.imported)) return { what: `${callee.text}() (async, from ${b.module})` };
        }
      }
      return undefined;
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const path = accessPath(callee.expression);
    const root = chainRoot(callee.expression);
    // this.method() on the enclosing class
    if (path && path.length === 1 && path[0] === 'this') {
      const cls = this.enclosingClass(call);
      if (cls) {
        for (const m of cls.members) {
          if (ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === method && returnsPromise(m)) return { what: `this.${method}() (async)` };
        }
      }
      return undefined;
    }
    // this.dep.method() or dep.method() where dep has a declared class type
    if (path && (path.length === 2 && path[0] === 'this' || path.length === 1)) {
      const typeName = this.declaredTypeOf(path, call);
      if (typeName) {
        const methods = this.analyzer.index.classMethods(typeName.name, typeName.from);
        if (methods?.has(method)) return { what: `${path.join('.')}.${method}() (async ${typeName.name}.${method})` };
      }
    }
    if (ts.isIdentifier(root)) {
      const b = this.resolve(root);
      if (b && (b.kind === 'import' || b.kind === 'require')) {
        const m = b.module;
        if (FS_PROMISES.has(m) || ((m === 'fs' || m === 'node:fs') && path?.[1] === 'promises')) return { what: `${path?.join('.') ?? root.text}.${method}()` };
        if ((m === 'axios' || m === 'got' || m === 'node-fetch' || m === 'undici') && path && path.length === 1 && method !== 'create' && method !== 'extend' && !method.startsWith('is')) return { what: `${root.text}.${method}()` };
        if (m === 'mongoose' && LAZY_QUERY_MODULES.has(m)) return undefined;
        if (m === 'knex' && KNEX_WRITES.has(method)) return { what: `The Knex ${method}()`, lazy: true };
        if (m.startsWith('.')) {
          const facts = this.analyzer.index.lookup(this.file, m);
          if (path && path.length === 2 && facts?.asyncExports.has(method) && b.imported === '*') return { what: `${path.join('.')}.${method}() (async)` };
        }
      }
      // Prisma: prisma.user.create(...) where prisma = new PrismaClient() or an injected PrismaClient
      if (path && path.length >= 2 && this.isPrismaClient(path, call)) return { what: `The Prisma ${path.slice(1).join('.')}.${method}()`, lazy: true };
      // Mongoose model: a class/const model imported or created with mongoose.model(...)
      if (path && path.length === 1 && b?.kind === 'variable' && b.init && this.isMongooseModelInit(b.init) && ['updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findByIdAndUpdate', 'findByIdAndDelete', 'replaceOne'].includes(method)) {
        return { what: `The Mongoose ${root.text}.${method}() query`, lazy: true };
      }
    }
    return undefined;
  }

  private isMongooseModelInit(init: ts.Expression): boolean {
    if (!ts.isCallExpression(init)) return false;
    const p = accessPath(init.expression);
    if (!p || p[p.length - 1] !== 'model') return false;
    const first = init.expression;
    const root = chainRoot(first);
    return ts.isIdentifier(root) && (this.importOf(root)?.module === 'mongoose' || p.length === 1 && this.importOf(root)?.module === 'mongoose');
  }

  private isPrismaClient(path: string[], from: ts.Node): boolean {
    const typeName = this.declaredTypeOf(path[0] === 'this' ? path.slice(0, 2) : path.slice(0, 1), from);
    if (typeName?.name === 'PrismaClient' || typeName?.name === 'PrismaService') return true;
    if (path[0] === 'this') return false;
    const b = this.scopes.resolve(path[0]!, from);
    if (b?.kind === 'variable' && b.init && ts.isNewExpression(b.init) && ts.isIdentifier(b.init.expression)) {
      return this.importOf(b.init.expression)?.module === '@prisma/client';
    }
    if (b && (b.kind === 'import' || b.kind === 'require') && /prisma/i.test(b.module + b.imported)) return true;
    return false;
  }

  /** The declared class type of `x` (a parameter or variable) or `this.x` (a field or constructor parameter property). */
  private declaredTypeOf(path: string[], from: ts.Node): { name: string; from?: { fromFile: string; specifier: string; imported: string } } | undefined {
    let typeNode: ts.TypeNode | undefined;
    let newExpr: ts.Expression | undefined;
    if (path[0] === 'this' && path.length === 2) {
      const cls = this.enclosingClass(from);
      if (!cls) return undefined;
      for (const m of cls.members) {
        if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === path[1]) {
          typeNode = m.type;
          newExpr = m.initializer;
        }
        if (ts.isConstructorDeclaration(m)) {
          for (const p of m.parameters) if (ts.isIdentifier(p.name) && p.name.text === path[1] && ts.getModifiers(p)?.length) typeNode = p.type;
        }
      }
    } else if (path.length === 1) {
      const b = this.scopes.resolve(path[0]!, from);
      if (b?.kind === 'parameter') typeNode = b.node.type;
      if (b?.kind === 'variable') {
        typeNode = b.node.type;
        newExpr = b.init;
      }
    }
    let nameNode: ts.Identifier | undefined;
    if (typeNode && ts.isTypeReferenceNode(typeNode) && ts.isIdentifier(typeNode.typeName)) nameNode = typeNode.typeName;
    else if (newExpr && ts.isNewExpression(newExpr) && ts.isIdentifier(newExpr.expression)) nameNode = newExpr.expression;
    if (!nameNode) return undefined;
    const imp = this.importOf(nameNode);
    return { name: nameNode.text, ...(imp ? { from: { fromFile: this.file, specifier: imp.module, imported: imp.imported } } : {}) };
  }

  private asyncCallback(call: ts.CallExpression): void {
    const callee = call.expression;
    const asyncFn = call.arguments.find((a): a is ts.ArrowFunction | ts.FunctionExpression => (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) && returnsPromise(a));
    if (!asyncFn) return;
    let where: string | undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      if (m === 'forEach' && call.arguments[0] === asyncFn) where = 'forEach() ignores the promise an async callback returns: iterations overlap and their errors are unhandled. Use for…of with await, or await Promise.all(items.map(…)).';
      else if ((m === 'on' || m === 'once' || m === 'addListener' || m === 'prependListener') && call.arguments.length === 2 && call.arguments[1] === asyncFn && call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) && !this.isRouterCall(callee)) {
        where = `An EventEmitter does not await async listeners: a rejection in this '${call.arguments[0].text}' handler is unhandled. Catch errors inside the handler (try/catch) or use captureRejections.`;
      }
    } else if (ts.isIdentifier(callee) && ['setTimeout', 'setInterval', 'setImmediate'].includes(callee.text) && this.isGlobal(callee) && call.arguments[0] === asyncFn) {
      where = `${callee.text}() drops the promise of an async callback: its rejection is unhandled. Wrap the body in try/catch.`;
    }
    if (where) this.report('floating-promise', asyncFn.modifiers?.[0] ?? asyncFn, where);
  }

  private isRouterCall(callee: ts.PropertyAccessExpression): boolean {
    const root = chainRoot(callee.expression);
    return ts.isIdentifier(root) && /^(app|router|server|fastify)$/i.test(root.text);
  }

  // ---------- missing-timeout ----------

  private objectHas(o: ts.ObjectLiteralExpression, keys: string[]): 'yes' | 'no' | 'unknown' {
    let unknown = false;
    for (const p of o.properties) {
      if (ts.isSpreadAssignment(p)) unknown = true;
      else if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && keys.includes(p.name.text)) {
        if (ts.isPropertyAssignment(p) && keys.includes('timeout') && p.name.text === 'timeout' && this.isZero(p.initializer)) return 'no';
        return 'yes';
      }
    }
    return unknown ? 'unknown' : 'no';
  }

  private addPropertyFix(o: ts.ObjectLiteralExpression, prop: string, title: string): Fix {
    const open = o.getStart(this.sf) + 1;
    const empty = o.properties.length === 0;
    return { title, preferred: true, edits: [this.insertAt(open, empty ? ` ${prop} ` : ` ${prop},`)] };
  }

  private timeoutCall(call: ts.CallExpression): void {
    const callee = call.expression;
    const ms = this.analyzer.config.timeoutMs;
    // fetch(url, init)
    if (ts.isIdentifier(callee) && callee.text === 'fetch') {
      const b = this.resolve(callee);
      const isFetch = !b || ((b.kind === 'import' || b.kind === 'require') && (b.module === 'node-fetch' || b.module === 'undici'));
      if (!isFetch) return;
      this.checkOptions(call, 1, ['signal'], `signal: AbortSignal.timeout(${ms})`, 'fetch() has no signal, so it waits as long as the server wants (undici\'s own limits are 300 s per phase). Pass signal: AbortSignal.timeout(ms).');
      return;
    }
    const path = accessPath(callee);
    const root = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? chainRoot(callee) : undefined;
    if (!root || !ts.isIdentifier(root)) return;
    const imp = this.importOf(root);
    if (imp?.module === 'axios') {
      const isDefault = imp.imported === 'default' || imp.imported === '*';
      if (!isDefault) return;
      if (ts.isIdentifier(callee)) {
        this.checkOptions(call, 0, ['timeout', 'signal'], `timeout: ${ms}`, 'This axios call has no timeout (axios waits forever by default, and timeout: 0 means no limit). Set timeout or signal.');
      } else if (path && path.length === 2) {
        const method = path[1]!;
        if (method === 'create') {
          this.checkOptions(call, 0, ['timeout', 'signal'], `timeout: ${ms}`, 'axios.create() without a timeout: every request of this instance can hang forever. Set a default timeout here.');
        } else if (method in AXIOS_CONFIG_INDEX) {
          this.checkOptions(call, AXIOS_CONFIG_INDEX[method]!, ['timeout', 'signal'], `timeout: ${ms}`, `axios.${method}() has no timeout: axios waits forever by default. Pass { timeout } (or a signal), or use an instance created with one.`);
        }
      }
      return;
    }
    if (imp?.module === 'got' && (imp.imported === 'default' || imp.imported === '*')) {
      if (ts.isIdentifier(callee) || (path && path.length === 2 && ['get', 'post', 'put', 'patch', 'delete', 'head'].includes(path[1]!))) {
        this.checkOptions(call, 1, ['timeout', 'signal'], `timeout: { request: ${ms} }`, 'This got call has no timeout: got waits indefinitely by default. Pass { timeout: { request: ms } }.');
      }
      return;
    }
    if (imp && HTTP_MODULES.has(imp.module)) {
      const fn = ts.isIdentifier(callee) ? imp.imported : path?.[1];
      if (fn !== 'request' && fn !== 'get') return;
      if (path && path.length > 2) return;
      const objects = call.arguments.filter(ts.isObjectLiteralExpression);
      const unknownArg = call.arguments.some((a) => !ts.isObjectLiteralExpression(a) && !ts.isStringLiteralLike(a) && !ts.isTemplateExpression(a) && !ts.isArrowFunction(a) && !ts.isFunctionExpression(a) && !(ts.isNewExpression(a) && ts.isIdentifier(a.expression) && a.expression.text === 'URL'));
      if (unknownArg) return;
      if (call.arguments.some((a) => isLocalUrl(a.getText(this.sf))) || objects.some((o) => o.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText(this.sf).replace(/['"]/g, '') === 'hostname' || ts.isPropertyAssignment(p) && p.name.getText(this.sf) === 'host' ? isLocalUrl(p.initializer.getText(this.sf)) : false))) return;
      const verdicts = objects.map((o) => this.objectHas(o, ['timeout', 'signal']));
      if (verdicts.includes('yes') || verdicts.includes('unknown')) return;
      if (this.setTimeoutLater(call)) return;
      const fixes = objects[0] ? [this.addPropertyFix(objects[0], `timeout: ${ms}`, `Add timeout: ${ms}`)] : [];
      this.report('missing-timeout', callee, `${imp.module}.${fn}() without timeout or signal: a stalled server holds this socket forever. Pass { timeout } (and handle 'timeout' by destroying the request) or { signal }.`, fixes);
    }
  }

  /** `const req = http.request(...); req.setTimeout(...)` counts as a timeout. */
  private setTimeoutLater(call: ts.CallExpression): boolean {
    const parent = call.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'setTimeout') return true;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      const name = parent.name.text;
      const block = parent.parent?.parent?.parent;
      return !!block && new RegExp(`\\b${name}\\s*\\.\\s*setTimeout\\s*\\(`).test(block.getText(this.sf));
    }
    return false;
  }

  private checkOptions(call: ts.CallExpression, index: number, keys: string[], fixProp: string, message: string): void {
    const first = call.arguments[0];
    if (first && isLocalUrl(first.getText(this.sf))) return;
    if (call.arguments.some((a) => ts.isSpreadElement(a))) return;
    const opts = call.arguments[index];
    if (opts) {
      if (!ts.isObjectLiteralExpression(opts)) return; // built elsewhere: cannot know statically
      if (this.objectHas(opts, keys) !== 'no') return;
      if (index === 0 && opts.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText(this.sf) === 'url' && isLocalUrl(p.initializer.getText(this.sf)))) return;
      this.report('missing-timeout', call.expression, message, [this.addPropertyFix(opts, fixProp, `Add ${fixProp}`)]);
      return;
    }
    // Missing options argument: only fixable when every earlier argument is present.
    const fixes: Fix[] = [];
    if (call.arguments.length === index && index > 0) {
      const last = call.arguments[index - 1]!;
      fixes.push({ title: `Add ${fixProp}`, preferred: true, edits: [this.insertAt(last.getEnd(), `, { ${fixProp} }`)] });
    } else if (index === 0 && call.arguments.length === 0) {
      fixes.push({ title: `Add ${fixProp}`, preferred: true, edits: [this.insertAt(call.arguments.pos, `{ ${fixProp} }`)] });
    }
    if (call.arguments.length === 0 && index > 0) return; // no URL either: not a real call site
    this.report('missing-timeout', call.expression, message, fixes);
  }

  private pgPool(e: ts.NewExpression): void {
    if (!ts.isIdentifier(e.expression) && !ts.isPropertyAccessExpression(e.expression)) return;
    const root = chainRoot(e.expression);
    if (!ts.isIdentifier(root)) return;
    const imp = this.importOf(root);
    if (imp?.module !== 'pg') return;
    const cls = ts.isIdentifier(e.expression) ? imp.imported : e.expression.name.text;
    if (cls !== 'Pool' && cls !== 'Client') return;
    const arg = e.arguments?.[0];
    if (arg && !ts.isObjectLiteralExpression(arg)) return;
    if (arg && this.objectHas(arg, ['statement_timeout', 'query_timeout']) !== 'no') return;
    if (arg && arg.properties.some((p) => ts.isPropertyAssignment(p) && /^(host|connectionString)$/.test(p.name.getText(this.sf)) && isLocalUrl(p.initializer.getText(this.sf).replace(/^[`'"]postgres(ql)?:\/\/[^@]*@/, '\'')))) return;
    const ms = this.analyzer.config.timeoutMs;
    const fixes = arg ? [this.addPropertyFix(arg, `statement_timeout: ${ms}`, `Add statement_timeout: ${ms}`)] : [];
    this.report('missing-timeout', e.expression, `pg ${cls} without statement_timeout or query_timeout: one slow query holds a connection until the database gives up, and the pool drains. Set statement_timeout (server side) or query_timeout.`, fixes);
  }
}

function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const s of sf.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
    else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        let init = d.initializer;
        while (init && (ts.isPropertyAccessExpression(init) || ts.isAwaitExpression(init))) init = init.expression;
        if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && ts.isStringLiteralLike(init.arguments[0])) out.push(init.arguments[0].text);
      }
    }
  }
  return out;
}
