import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';
import { dirname, relative, sep } from 'node:path';
import { accessPath, chainMethods, chainRoot, collect, esc, hasModifier, innermost, insideTemplate, isFunctionScope, memberName, moduleCall, prepare, record, releasePrepared, ScopeResolver, unwrap, type Prepared } from './scope';
import { collectFacts, WorkspaceIndex } from './workspaceIndex';
import { returnsPromise, type Alias } from './facts';
import { Evaluator, type Val } from './values';
import { TYPES } from './apis';
import { isDataModule, isFrontend, isLocalUrl, isServiceCode, isTestPath, matchesAny } from './classify';
import { DEFAULT_CONFIG, RULE_IDS, RULES, type AnalysisConfig, type FileResult, type Finding, type Fix, type Position, type RuleId } from './types';

export { SOURCE_EXTENSIONS } from './types';

const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);
/** console method → logger method, per logger flavour. */
const LOGGER_METHODS: Record<string, Record<string, string>> = {
  pino: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'trace' },
  bunyan: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'trace' },
  winston: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug', trace: 'debug' },
  'NestJS Logger': { log: 'log', info: 'log', warn: 'warn', error: 'error', debug: 'debug', trace: 'verbose' },
  unknown: { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' },
};
/** Fallback when a receiver's type is unknown: query methods that take an options object with skip/offset. */
const FALLBACK_QUERY_METHODS = new Set(['findMany', 'findAll', 'findAndCountAll', 'findAndCount', 'find', 'findBy', 'findFirst', 'aggregate', 'groupBy']);
const QUERY_OPTION_KEYS = ['take', 'limit', 'orderBy', 'order', 'where', 'sort', 'select', 'include', 'relations', 'attributes'];
const CHAIN_QUERY_METHODS = new Set(['find', 'select', 'selectFrom', 'selectAll', 'from', 'where', 'orderBy', 'sort', 'limit', 'take', 'createQueryBuilder', 'table', 'leftJoin', 'innerJoin', 'andWhere', 'whereIn', 'lean', 'populate', 'findMany', 'order']);
const DATA_NAME = /prisma|repo(sitory)?$|model$|^db$|knex|collection|querybuilder|^qb$|manager|datasource/i;
const TEST_CALLS = new Set(['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'context', 'specify']);
const TEST_MODULES = new Set(['node:test', 'mocha', 'vitest', '@jest/globals', 'bun:test']);
const AXIOS_CONFIG_INDEX: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, request: 0, postForm: 2, putForm: 2, patchForm: 2 };
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const HTTP_CLIENT_SPECIFIER = /['"`](node:)?(https?|axios|got|node-fetch|undici|cross-fetch|isomorphic-fetch)['"`]/;
const HTTP_CLIENT_SPECIFIER_G = new RegExp(HTTP_CLIENT_SPECIFIER.source, 'g');
/** Methods whose options object can page by offset (known types and the fallback). */
const OFFSET_OPTION_METHODS = new Set([...FALLBACK_QUERY_METHODS, ...Object.values(TYPES).flatMap((t) => Object.keys(t.offsetOptions ?? {}))]);
const NONE: readonly ts.Expression[] = [];
const LAZY_LABEL: [RegExp, string][] = [[/^prisma\./, 'Prisma query'], [/^mongoose\./, 'Mongoose query'], [/^knex\./, 'Knex query'], [/^drizzle\./, 'Drizzle query']];


/** A finding inside the engine: offsets into the text, so findings of unchanged code can be reused after an edit. */
interface RawEdit {
  start: number;
  end: number;
  newText: string;
}
interface RawFix {
  title: string;
  preferred: boolean;
  edits: RawEdit[];
}
interface Raw {
  rule: RuleId;
  start: number;
  end: number;
  message: string;
  fixes: RawFix[];
  /** The message ends with the project-logger hint, re-rendered when the index changes. */
  late?: (hint: string) => string;
  /** An axios call without timeout: dropped when some file sets axios.defaults.timeout. */
  axios?: boolean;
}

/** The edited function body, when an edit stayed inside one (see TreeCache.parse). */
interface Dirty {
  /** Offsets of the body in the old text: [start, oldEnd); in the new text it ends at oldEnd + delta. */
  start: number;
  oldEnd: number;
  delta: number;
  oldText: string;
  body: ts.Block;
}

export interface AnalyzerOptions {
  config?: Partial<AnalysisConfig>;
  aliases?: Alias[];
}

function scriptKind(file: string): ts.ScriptKind {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tsx')) return T.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return T.ScriptKind.JSX;
  if (/\.[cm]?ts$/.test(lower)) return T.ScriptKind.TS;
  return T.ScriptKind.JS;
}

/** Parses a file for analysis. Throws nothing: a file that cannot be parsed comes back without a tree and with a reason. */
export function parse(file: string, text: string): { sf?: ts.SourceFile; reason?: string } {
  let sf: ts.SourceFile;
  try {
    // Parents are set by prepare(), in the same walk that collects the nodes the rules need.
    // JSDoc is never looked at: not parsing it makes JSDoc-heavy files ~30% faster to parse.
    sf = T.createSourceFile(file, text, { languageVersion: T.ScriptTarget.Latest, jsDocParsingMode: T.JSDocParsingMode.ParseNone }, false, scriptKind(file));
    prepare(sf);
  } catch (e) {
    return { reason: e instanceof RangeError ? 'nested too deeply to analyse' : `could not be parsed (${(e as Error).message})` };
  }
  const broken = tooBroken(sf, text);
  return broken ? { reason: broken } : { sf };
}

/** Recently analysed trees, reparsed incrementally on the next edit (the editor re-analyses the same few files as you type). */
class TreeCache {
  private readonly entries = new Map<string, ts.SourceFile>();
  constructor(private readonly max: number) {}

  parse(file: string, text: string): { sf?: ts.SourceFile; reason?: string; dirty?: Dirty } {
    const old = this.entries.get(file);
    this.entries.delete(file);
    let sf: ts.SourceFile | undefined;
    let dirty: Dirty | undefined;
    if (old && old.text === text) sf = old;
    else if (old) {
      const a = old.text;
      const max = Math.min(a.length, text.length);
      let p = 0;
      while (p < max && a.charCodeAt(p) === text.charCodeAt(p)) p++;
      let q = 0;
      while (q < max - p && a.charCodeAt(a.length - 1 - q) === text.charCodeAt(text.length - 1 - q)) q++;
      const delta = text.length - a.length;
      // Before the update rewrites the old tree: the function body the edit is inside, if any.
      const before = editedBody(old, p, a.length - q, a, text.slice(p, text.length - q));
      try {
        // Sets parents itself; the node lists are collected only if the whole file has to be analysed.
        sf = T.updateSourceFile(old, text, { span: { start: p, length: a.length - p - q }, newLength: text.length - p - q });
      } catch {
        sf = undefined; // fall back to a full parse
      }
      if (sf) {
        const broken = tooBroken(sf, text);
        if (broken) return { reason: broken };
        if (before) {
          // The same body, with the same boundaries, in the new tree: everything outside it parsed the same.
          const after = editedBody(sf, p, text.length - q, text, '');
          if (after && after.start === before.start && after.end === before.end + delta && after.body.parent.kind === before.kind) {
            dirty = { start: before.start, oldEnd: before.end, delta, oldText: a, body: after.body };
          }
        }
      }
    }
    if (!sf) {
      const r = parse(file, text);
      if (!r.sf) return r;
      sf = r.sf;
    }
    this.entries.set(file, sf);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return dirty ? { sf, dirty } : { sf };
  }

  delete(file: string): void {
    this.entries.delete(file);
  }
}

/**
 * The innermost function body (not a constructor's: fields are inferred from it) that strictly contains
 * [start, end) — braces excluded — when the changed text cannot affect anything outside it.
 */
function editedBody(sf: ts.SourceFile, start: number, end: number, text: string, inserted: string): { body: ts.Block; start: number; end: number; kind: ts.SyntaxKind } | undefined {
  // Text that rules outside the body search for (`x.defaults.timeout =`, `req.setTimeout(`).
  if (/defaults|setTimeout/.test(text.slice(start, end)) || /defaults|setTimeout/.test(inserted)) return undefined;
  const body = innermost(sf, sf, start, end, (n) => n.kind === K.Block && !!n.parent && isFunctionScope(n.parent) && n.parent.kind !== K.Constructor) as ts.Block | undefined;
  if (!body) return undefined;
  const bodyStart = body.getStart(sf);
  if (!(bodyStart < start && end < body.end)) return undefined;
  return { body, start: bodyStart, end: body.end, kind: body.parent.kind };
}

function tooBroken(sf: ts.SourceFile, text: string): string | undefined {
  // TypeScript recovers from errors, so a file being edited still gets analysed; a file with an error every
  // few characters is not source code (a data file with a .js name, another language, garbage).
  const diags = (sf as ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diags.length >= 20 && diags.length * 40 > text.length) {
    const d = diags[0]!;
    const line = sf.getLineAndCharacterOfPosition(d.start).line + 1;
    return `could not be parsed (line ${line}: ${T.flattenDiagnosticMessageText(d.messageText, ' ')})`;
  }
  return undefined;
}

/** Why a file's text is not analysed, or undefined when it should be. */
export function skipReason(text: string, maxBytes: number, file = ''): string | undefined {
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) return `larger than ${Math.round(maxBytes / 1024)} KB (roadmapCoach.diagnostics.maxFileSizeKB)`;
  const head = text.length > 8000 ? text.slice(0, 8000) : text;
  if (head.includes('\u0000')) return 'binary content';
  if (text.includes('\uFFFD\uFFFD') || (head.match(/\uFFFD/g)?.length ?? 0) > 3) return 'not UTF-8 text';
  if (/\.min\.[cm]?js$/i.test(file)) return 'minified';
  if (text.length > 5000) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > 500) return 'minified';
  }
  return undefined;
}

export class Analyzer {
  readonly index: WorkspaceIndex;
  readonly config: AnalysisConfig;
  /** Findings whose message names the project's logger, re-computed when a scan ends (the index is complete only then). */
  private readonly lateLoggerHints = new WeakMap<Finding, (hint: string) => string>();
  /** axios calls without a timeout: dropped when some file sets axios.defaults.timeout. */
  private readonly axiosCallFindings = new WeakSet<Finding>();
  private readonly trees = new TreeCache(8);
  /** How re-analyses went: whole file, one edited function body, or nothing changed. */
  readonly stats = { full: 0, partial: 0, unchanged: 0 };
  /** The last analysis of recently edited files, reused for what an edit did not touch. */
  private readonly lastRuns = new Map<string, { text: string; raws: readonly Raw[]; version: number }>();

  constructor(readonly root: string, options: AnalyzerOptions = {}) {
    this.config = { ...DEFAULT_CONFIG, ...options.config, rules: { ...DEFAULT_CONFIG.rules, ...options.config?.rules } };
    this.index = new WorkspaceIndex(options.aliases ?? []);
  }

  relativePath(file: string): string {
    const prefix = this.root.endsWith(sep) ? this.root : this.root + sep;
    const rel = file.startsWith(prefix) ? file.slice(prefix.length) : relative(this.root, file);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  /** Updates the workspace index for one file; returns the parsed tree (or undefined when the file is skipped). */
  indexFile(file: string, text: string): ts.SourceFile | undefined {
    if (skipReason(text, this.config.maxFileBytes, file)) {
      this.index.remove(file);
      return undefined;
    }
    const { sf } = parse(file, text);
    if (!sf) {
      this.index.remove(file);
      return undefined;
    }
    try {
      this.index.set(file, collectFacts(sf));
    } catch {
      this.index.remove(file);
    }
    return sf;
  }

  /** Analyses one file (and updates its entry in the index). Never throws. */
  analyze(file: string, text: string, parsed?: ts.SourceFile): FileResult {
    const reason = skipReason(text, this.config.maxFileBytes, file);
    if (reason) {
      this.remove(file);
      return { file, findings: [], skipped: reason };
    }
    let sf = parsed;
    let dirty: Dirty | undefined;
    if (!sf) {
      const p = this.trees.parse(file, text);
      if (!p.sf) {
        this.remove(file);
        return { file, findings: [], skipped: p.reason! };
      }
      sf = p.sf;
      dirty = p.dirty;
      try {
        this.index.set(file, collectFacts(sf));
      } catch {
        this.index.remove(file);
      }
    }
    try {
      const fa = new FileAnalysis(this, file, sf);
      let raws: readonly Raw[];
      if (parsed) {
        raws = fa.run();
        releasePrepared(sf); // a scan's tree: nothing will look at it again
      } else {
        // Editor path: nothing changed → reuse; an edit inside one function body → analyse that body only.
        const last = this.lastRuns.get(file);
        this.lastRuns.delete(file);
        const version = this.index.version;
        if (last && last.version === version && last.text === text) {
          raws = last.raws;
          this.stats.unchanged++;
        } else if (last && dirty && last.version === version && last.text === dirty.oldText) {
          raws = fa.runPartial(dirty, last.raws);
          this.stats.partial++;
        } else {
          raws = fa.run();
          this.stats.full++;
        }
        this.lastRuns.set(file, { text, raws, version });
        if (this.lastRuns.size > 8) this.lastRuns.delete(this.lastRuns.keys().next().value!);
      }
      return { file, findings: fa.finish(raws) };
    } catch (e) {
      this.lastRuns.delete(file);
      return { file, findings: [], skipped: e instanceof RangeError ? 'nested too deeply to analyse' : `analysis failed (${(e as Error).message})` };
    }
  }

  /** Forgets a deleted file: its index entry and its cached tree. */
  remove(file: string): void {
    this.index.remove(file);
    this.trees.delete(file);
    this.lastRuns.delete(file);
  }

  /** @internal */
  noteLateHint(f: Finding, render: (hint: string) => string): void {
    this.lateLoggerHints.set(f, render);
  }

  /** @internal */
  noteAxiosCall(f: Finding): void {
    this.axiosCallFindings.add(f);
  }

  /** @internal The console hint naming the project's logger, from the index. */
  projectLoggerHint(fromFile: string): string {
    const l = this.index.projectLoggers()[0];
    if (!l) return ' Use a structured logger such as pino.';
    let spec = relative(dirname(fromFile), l.file).split(sep).join('/').replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
    if (!spec.startsWith('.')) spec = `./${spec}`;
    const binding = l.name === 'default' ? 'logger' : `{ ${l.name} }`;
    return ` This project already has a ${l.kind} logger: import ${binding} from '${spec}'.`;
  }

  /**
   * After a full scan: the index is complete, so messages that name the project's logger are
   * brought up to date and axios calls are dropped if some file sets axios.defaults.timeout.
   */
  finishScan(results: FileResult[]): FileResult[] {
    const axiosDefault = this.index.axiosDefaultTimeout();
    const changed: FileResult[] = [];
    for (const r of results) {
      if (!r.findings.length) continue;
      let touched = false;
      if (axiosDefault) {
        const kept = r.findings.filter((f) => !this.axiosCallFindings.has(f));
        if (kept.length !== r.findings.length) {
          r.findings = kept;
          touched = true;
        }
      }
      for (const f of r.findings) {
        const render = this.lateLoggerHints.get(f);
        if (!render) continue;
        const message = render(this.projectLoggerHint(r.file));
        if (message !== f.message) {
          f.message = message;
          touched = true;
        }
      }
      if (touched) changed.push(r);
    }
    return changed;
  }
}

interface Ignores {
  file: Set<string>;
  /** 0-based line → rules ignored on it (empty set = all rules). */
  lines: Map<number, Set<string>>;
}

const IGNORE_RE = /roadmap-coach-ignore-(next-line|file)\b([^\n]*)/g;

function readIgnores(sf: ts.SourceFile): Ignores {
  const ignores: Ignores = { file: new Set(), lines: new Map() };
  const text = sf.text;
  if (!text.includes('roadmap-coach-ignore')) return ignores;
  IGNORE_RE.lastIndex = 0;
  for (let m = IGNORE_RE.exec(text); m; m = IGNORE_RE.exec(text)) {
    // Only in comments: `//` or `/*` earlier on the same line.
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(lineStart, m.index);
    if (!before.includes('//') && !before.includes('/*') && !/^\s*\*/.test(before)) continue;
    const listed = m[2]!.split('*/')[0]!.split('--')[0]!;
    const rules = new Set(listed.split(/[\s,]+/).filter((r) => (RULE_IDS as string[]).includes(r)));
    if (m[1] === 'file') {
      if (rules.size === 0) ignores.file.add('*');
      for (const r of rules) ignores.file.add(r);
    } else {
      const line = sf.getLineAndCharacterOfPosition(m.index).line + 1;
      const prev = ignores.lines.get(line);
      if (prev && (prev.size === 0 || rules.size === 0)) ignores.lines.set(line, new Set());
      else ignores.lines.set(line, new Set([...(prev ?? []), ...rules]));
    }
  }
  return ignores;
}

function moduleSpecifiers(sf: ts.SourceFile): string[] {
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

function isNumber(e: ts.Expression | undefined, pred: (n: number) => boolean): boolean {
  if (!e) return false;
  const u = unwrap(e);
  if (T.isNumericLiteral(u)) return pred(Number(u.text.replace(/_/g, '')));
  if (T.isPrefixUnaryExpression(u) && u.operator === K.MinusToken && T.isNumericLiteral(u.operand)) return pred(-Number(u.operand.text.replace(/_/g, '')));
  return false;
}

function isNullish(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return u.kind === K.NullKeyword || (T.isIdentifier(u) && u.text === 'undefined') || T.isVoidExpression(u);
}

const isZero = (e: ts.Expression | undefined) => isNumber(e, (n) => n === 0);

function isFunctionLikeExpr(e: ts.Expression | undefined): e is ts.ArrowFunction | ts.FunctionExpression {
  if (!e) return false;
  return T.isArrowFunction(e) || T.isFunctionExpression(e);
}

function isAsyncCallback(e: ts.Expression | undefined): e is ts.ArrowFunction | ts.FunctionExpression {
  return isFunctionLikeExpr(e) && returnsPromise(e);
}

/** The async function's body is one try/catch: its promise cannot reject. */
function catchesEverything(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!T.isBlock(fn.body)) return false;
  const stmts = fn.body.statements;
  return stmts.length > 0 && stmts.every((s, i) => (T.isTryStatement(s) && !!s.catchClause) || (i < stmts.length - 1 && T.isVariableStatement(s) && !s.getText().includes('await')));
}

function propertyKey(p: ts.ObjectLiteralElementLike): string | undefined {
  return memberName(p.name);
}

/** `{ …, cursor: x }`, including inside spread object literals and conditional spreads. */
function hasKeyDeep(o: ts.ObjectLiteralExpression, key: string, depth = 0): boolean {
  if (depth > 4) return false;
  for (const p of o.properties) {
    if (propertyKey(p) === key) return true;
    if (T.isSpreadAssignment(p)) {
      const stack: ts.Expression[] = [p.expression];
      for (let i = 0; stack.length && i < 16; i++) {
        const e = unwrap(stack.pop()!);
        if (T.isObjectLiteralExpression(e) && hasKeyDeep(e, key, depth + 1)) return true;
        if (T.isConditionalExpression(e)) stack.push(e.whenTrue, e.whenFalse);
        if (T.isBinaryExpression(e)) stack.push(e.right);
      }
    }
  }
  return false;
}

/** Values that the Prisma cursor idiom uses for skip: 1, or `cursor ? 1 : 0/undefined`. */
function isCursorSkipValue(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (isNumber(u, (n) => n === 1)) return true;
  if (T.isConditionalExpression(u)) return [u.whenTrue, u.whenFalse].every((b) => isNumber(b, (n) => n === 0 || n === 1) || isNullish(b));
  return false;
}

class FileAnalysis {
  readonly raws: Raw[] = [];
  private readonly scopes = new ScopeResolver();
  private readonly evaluator: Evaluator;
  private readonly rel: string;
  private readonly imports: string[];
  private readonly ignores: Ignores;
  private readonly isTest: boolean;
  private readonly frontend: boolean;
  private readonly service: boolean;
  private readonly hasDataImport: boolean;
  /** The file names an HTTP client module (import, require or dynamic import): only then are non-fetch calls checked for timeouts. */
  private readonly httpClients: boolean;
  /** Local names bound to HTTP client modules (`axios`, `http`, `got`…) anywhere in the file. */
  private httpNames: Set<string> | null | undefined;
  private readonly eol: string;
  private readonly pgClient: boolean;
  private fileLogger: { expr: string; kind: string } | null | undefined;
  private readonly classLoggers = new Map<ts.ClassLikeDeclaration, { expr: string; kind: string; known: boolean } | null>();

  constructor(private readonly analyzer: Analyzer, private readonly file: string, private readonly sf: ts.SourceFile) {
    this.rel = analyzer.relativePath(file);
    this.imports = moduleSpecifiers(sf);
    this.ignores = readIgnores(sf);
    this.isTest = isTestPath(this.rel);
    this.frontend = isFrontend(this.rel, this.imports, sf.text);
    // A file with a shebang is a command-line tool, not a service.
    this.service = !this.isTest && !this.frontend && !sf.text.startsWith('#!') && isServiceCode(this.rel, this.imports, matchesAny(this.rel, analyzer.config.servicePaths));
    this.hasDataImport = this.imports.some(isDataModule);
    this.evaluator = new Evaluator(sf, this.scopes, { index: analyzer.index, file });
    // Imported at the top, or required/imported somewhere else (only then is the whole text searched).
    this.httpClients = this.imports.some((m) => HTTP_CLIENT_SPECIFIER.test(`'${m}'`)) || ((sf.text.includes('require(') || sf.text.includes('import(')) && HTTP_CLIENT_SPECIFIER.test(sf.text));
    this.pgClient = /['"]pg['"]/.test(sf.text);
    this.eol = sf.text.includes('\r\n') ? '\r\n' : '\n';
  }

  /**
   * Names bound to HTTP client modules by top-level imports and requires, plus one level of aliasing
   * (`const ax = axios`). Undefined when a client module is also required somewhere else (inside a
   * function): then every call is evaluated.
   */
  private clientNames(): Set<string> | undefined {
    if (this.httpNames !== undefined) return this.httpNames ?? undefined;
    const names = new Set<string>();
    let found = 0;
    const add = (n: ts.BindingName | undefined) => {
      if (!n) return;
      if (T.isIdentifier(n)) names.add(n.text);
      else for (const el of n.elements) if (!T.isOmittedExpression(el)) add(el.name);
    };
    for (const s of this.sf.statements) {
      if (T.isImportDeclaration(s) && T.isStringLiteral(s.moduleSpecifier) && HTTP_CLIENT_SPECIFIER.test(`'${s.moduleSpecifier.text}'`)) {
        found++;
        const c = s.importClause;
        if (c?.name) names.add(c.name.text);
        if (c?.namedBindings && T.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
        if (c?.namedBindings && T.isNamedImports(c.namedBindings)) for (const el of c.namedBindings.elements) names.add(el.name.text);
      } else if (T.isImportEqualsDeclaration(s) && T.isExternalModuleReference(s.moduleReference) && T.isStringLiteral(s.moduleReference.expression) && HTTP_CLIENT_SPECIFIER.test(`'${s.moduleReference.expression.text}'`)) {
        found++;
        names.add(s.name.text);
      } else if (T.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          const m = moduleCall(d.initializer);
          if (m && HTTP_CLIENT_SPECIFIER.test(`'${m.module}'`)) {
            found++;
            add(d.name);
          } else if (d.initializer && T.isIdentifier(d.name) && T.isIdentifier(d.initializer) && names.has(d.initializer.text)) names.add(d.name.text);
        }
      }
    }
    const mentions = this.sf.text.match(HTTP_CLIENT_SPECIFIER_G)?.length ?? 0;
    this.httpNames = mentions > found ? null : names;
    return this.httpNames ?? undefined;
  }

  private enabled(rule: RuleId): boolean {
    return this.analyzer.config.rules[rule] !== 'off' && !this.ignores.file.has(rule) && !this.ignores.file.has('*');
  }

  private checks() {
    return {
      console: this.service && this.enabled('console-in-service'),
      offset: !this.isTest && this.enabled('offset-pagination'),
      floating: this.enabled('floating-promise'),
      timeout: !this.isTest && !this.frontend && this.enabled('missing-timeout'),
    };
  }

  private check(p: Prepared): void {
    const c = this.checks();
    for (const call of p.calls) {
      if (c.console) this.consoleCall(call);
      if (c.offset) this.offsetCall(call);
      if (c.timeout) this.timeoutCall(call);
      if (c.floating) this.asyncCallback(call);
    }
    for (const e of p.news) {
      if (c.timeout) this.pgPool(e);
      if (c.floating) this.asyncExecutor(e);
    }
    if (c.floating) for (const s of p.statements) this.floating(s);
    if (c.offset) {
      for (const s of p.strings) this.rawSql(s);
      for (const a of p.props) this.mongoSkipStage(a);
    }
  }

  /** Analyses the whole file. The nodes were collected by prepare() in one iterative walk. */
  run(): Raw[] {
    const c = this.checks();
    if (c.console || c.offset || c.floating || c.timeout) this.check(prepare(this.sf));
    return this.raws;
  }

  /**
   * After an edit inside one function body: analyses the nodes of that body and of its ancestors
   * (a call whose callback is the body can change verdict), and keeps the other findings of the
   * previous run, shifted.
   */
  runPartial(dirty: Dirty, previous: readonly Raw[]): Raw[] {
    const c = this.checks();
    if (!(c.console || c.offset || c.floating || c.timeout)) return this.raws;
    const nodes = collect(dirty.body);
    for (let n: ts.Node | undefined = dirty.body.parent; n; n = n.parent) record(nodes, n);
    this.check(nodes);
    const { start, oldEnd, delta } = dirty;
    const shift = (o: number) => (o >= oldEnd ? o + delta : o);
    const inside = (o: number) => o > start && o < oldEnd;
    for (const r of previous) {
      if (r.start < oldEnd && r.end > start) continue; // overlaps the body: recomputed above
      if (r.fixes.some((f) => f.edits.some((e) => inside(e.start) || inside(e.end)))) continue;
      this.raws.push({ ...r, start: shift(r.start), end: shift(r.end), fixes: r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, start: shift(e.start), end: shift(e.end) })) })) });
    }
    return this.raws;
  }

  /** Raw findings → findings: ignore comments applied, ignore fixes added, offsets turned into line/character. */
  finish(raws: readonly Raw[]): Finding[] {
    const out: Finding[] = [];
    const axiosDefault = this.analyzer.index.axiosDefaultTimeout();
    for (const r of raws) {
      if ((r.axios && axiosDefault) || !this.enabled(r.rule)) continue; // reused findings: the file may have gained an ignore-file comment
      const range = { start: this.pos(r.start), end: this.pos(r.end) };
      const rules = this.ignores.lines.get(range.start.line);
      if (rules && (rules.size === 0 || rules.has(r.rule))) continue;
      const f: Finding = {
        file: this.file,
        rule: r.rule,
        severity: this.analyzer.config.rules[r.rule] as Finding['severity'],
        range,
        message: r.late ? r.late(this.analyzer.projectLoggerHint(this.file)) : r.message,
        lesson: RULES[r.rule].lesson,
        fixes: r.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits.map((e) => ({ range: { start: this.pos(e.start), end: this.pos(e.end) }, newText: e.newText })) })),
      };
      f.fixes.push(...this.ignoreFixes(f));
      if (r.late) this.analyzer.noteLateHint(f, r.late);
      if (r.axios) this.analyzer.noteAxiosCall(f);
      out.push(f);
    }
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
  }

  // ---------- helpers ----------

  private pos(offset: number): Position {
    return this.sf.getLineAndCharacterOfPosition(offset);
  }

  private insertAt(offset: number, text: string): RawEdit {
    return { start: offset, end: offset, newText: text };
  }

  private replaceNode(node: ts.Node, text: string): RawEdit {
    return { start: node.getStart(this.sf), end: node.getEnd(), newText: text };
  }

  private report(rule: RuleId, node: ts.Node, message: string, fixes: RawFix[] = []): Raw {
    const r: Raw = { rule, start: node.getStart(this.sf), end: node.getEnd(), message, fixes };
    this.raws.push(r);
    return r;
  }

  private ignoreFixes(f: Finding): Fix[] {
    const line = f.range.start.line;
    const starts = this.sf.getLineStarts();
    const text = this.sf.text;
    const eol = this.eol;
    const lineStart = starts[line]!;
    const lineText = text.slice(lineStart, starts[line + 1] ?? text.length);
    const indent = /^[ \t]*/.exec(lineText)![0];
    const fixes: Fix[] = [];
    const prev = line > 0 ? text.slice(starts[line - 1]!, lineStart).replace(/\r?\n$/, '') : '';
    const existing = /^(\s*(?:\/\/|\/\*)\s*roadmap-coach-ignore-next-line\b(?:(?!\s--|\s*\*\/).)*)/.exec(prev);
    if (existing && /roadmap-coach-ignore-next-line\s+[a-z]/.test(existing[1]!)) {
      // Extend the ignore comment above instead of stacking a second one (which would shadow the first).
      const end = { line: line - 1, character: existing[1]!.length };
      fixes.push({ title: `Ignore ${f.rule} on this line`, preferred: false, edits: [{ range: { start: end, end }, newText: ` ${f.rule}` }] });
    } else if (!insideTemplate(this.sf, lineStart)) {
      const at = { line, character: 0 };
      fixes.push({ title: `Ignore ${f.rule} on this line`, preferred: false, edits: [{ range: { start: at, end: at }, newText: `${indent}// roadmap-coach-ignore-next-line ${f.rule}${eol}` }] });
    }
    if (text.startsWith('#!') && starts.length < 2) {
      const end = this.pos(text.length);
      fixes.push({ title: `Ignore ${f.rule} in this file`, preferred: false, edits: [{ range: { start: end, end }, newText: `${eol}/* roadmap-coach-ignore-file ${f.rule} */${eol}` }] });
    } else {
      const top = text.startsWith('#!') ? { line: 1, character: 0 } : { line: 0, character: 0 };
      fixes.push({ title: `Ignore ${f.rule} in this file`, preferred: false, edits: [{ range: { start: top, end: top }, newText: `/* roadmap-coach-ignore-file ${f.rule} */${eol}` }] });
    }
    return fixes;
  }

  private isGlobal(id: ts.Identifier): boolean {
    return this.scopes.resolveId(id) === undefined;
  }

  /** Short source text of an expression for messages. */
  private describe(e: ts.Expression): string {
    const text = e.getText(this.sf).replace(/\s+/g, ' ');
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }

  private inAsyncFunction(node: ts.Node): boolean {
    const fn = this.scopes.enclosingFunction(node);
    return !!fn && hasModifier(fn, K.AsyncKeyword);
  }

  // ---------- console-in-service ----------

  private consoleCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (!T.isPropertyAccessExpression(callee) || !CONSOLE_METHODS.has(esc(callee.name))) return;
    const obj = unwrap(callee.expression);
    const isConsole = T.isIdentifier(obj) ? obj.text === 'console' && this.isGlobal(obj) : T.isPropertyAccessExpression(obj) && obj.name.text === 'console' && T.isIdentifier(obj.expression) && obj.expression.text === 'globalThis' && this.isGlobal(obj.expression);
    if (!isConsole) return;
    const method = esc(callee.name);
    const logger = this.loggerInScope(call);
    const fixes: RawFix[] = [];
    const mapped = logger && (LOGGER_METHODS[logger.kind] ?? LOGGER_METHODS.unknown)![method];
    if (logger && mapped) {
      fixes.push({ title: `Use ${logger.expr}.${mapped}(…) instead`, preferred: logger.known, edits: [this.replaceNode(callee, `${logger.expr}.${mapped}`)] });
    }
    const base = `console.${method}() in service code: no level, no structure, no request context, and it writes synchronously to files, pipes and terminals, blocking the event loop.`;
    if (logger) {
      this.report('console-in-service', callee, `${base} Use ${logger.expr} (${logger.kind === 'unknown' ? 'in scope' : logger.kind}) instead.`, fixes);
      return;
    }
    const fileHint = this.fileLoggerHint();
    if (fileHint) {
      this.report('console-in-service', callee, base + fileHint, fixes);
      return;
    }
    this.report('console-in-service', callee, base, fixes).late = (hint) => base + hint;
  }

  private fileLoggerHint(): string | undefined {
    const has = (m: string) => this.imports.includes(m);
    if (has('pino') || has('nestjs-pino') || has('pino-http')) return ' This file already imports pino: log through a pino logger.';
    if (has('winston') || has('nest-winston')) return ' This file already imports winston: log through a winston logger.';
    if (has('bunyan')) return ' This file already imports bunyan: log through a bunyan logger.';
    if (this.imports.some((m) => m.startsWith('@nestjs/'))) return ' Use NestJS\'s Logger: private readonly logger = new Logger(MyService.name).';
    if (has('fastify')) return ' In a Fastify handler use request.log (pino, with the request id).';
    return undefined;
  }

  private loggerKind(v: Val | undefined): string | undefined {
    return v?.v === 'pkg' ? TYPES[v.type]?.logger : undefined;
  }

  /** A logger the fix can use: a class member, a binding in scope, or Fastify's `request.log`. */
  private loggerInScope(node: ts.Node): { expr: string; kind: string; known: boolean } | undefined {
    const cls = this.scopes.enclosingClass(node);
    if (cls) {
      let hit = this.classLoggers.get(cls);
      if (hit === undefined) this.classLoggers.set(cls, (hit = this.classLogger(cls) ?? null));
      if (hit) return hit;
    }
    for (const name of ['logger', 'log']) {
      const b = this.scopes.resolve(name, node);
      if (!b || b.kind === 'function' || b.kind === 'class') continue;
      const kind = this.loggerKind(this.bindingVal(name, node));
      if (kind) return { expr: name, kind, known: true };
      if (name === 'logger') return { expr: name, kind: 'unknown', known: false };
    }
    for (const name of ['request', 'req']) {
      const b = this.scopes.resolve(name, node);
      if (b?.kind !== 'parameter') continue;
      const typeName = b.node.type && T.isTypeReferenceNode(b.node.type) && T.isIdentifier(b.node.type.typeName) ? b.node.type.typeName.text : '';
      if (typeName === 'FastifyRequest' || this.imports.includes('fastify')) return { expr: `${name}.log`, kind: 'pino', known: true };
    }
    const fromFile = this.fileImportedLogger();
    if (fromFile) return { ...fromFile, known: true };
    return undefined;
  }

  /** A logger field or injected logger of a class (`this.logger`), by type, else by the `logger` naming convention. */
  private classLogger(cls: ts.ClassLikeDeclaration): { expr: string; kind: string; known: boolean } | undefined {
    const names: string[] = [];
    for (const m of cls.members) {
      if (T.isConstructorDeclaration(m)) {
        for (const p of m.parameters) if (T.isParameterPropertyDeclaration(p, m) && T.isIdentifier(p.name)) names.push(p.name.text);
      } else if ((T.isPropertyDeclaration(m) || T.isGetAccessorDeclaration(m)) && !hasModifier(m, K.StaticKeyword)) {
        const n = memberName(m.name);
        if (n !== undefined) names.push(n);
      }
    }
    for (const n of names) {
      const kind = this.loggerKind(this.evaluator.member({ v: 'this', cls }, n));
      if (kind) return { expr: `this.${n}`, kind, known: true };
    }
    return names.includes('logger') ? { expr: 'this.logger', kind: 'unknown', known: false } : undefined;
  }

  private bindingVal(name: string, from: ts.Node): Val | undefined {
    // Evaluate through a synthetic lookup: find the binding's declaration and evaluate its identifier there.
    const b = this.scopes.resolve(name, from);
    if (!b) return undefined;
    const declName = T.isVariableDeclaration(b.node) || T.isParameter(b.node) ? b.node.name : T.isImportSpecifier(b.node) || T.isNamespaceImport(b.node) || T.isImportClause(b.node) ? b.node.name : undefined;
    return declName && T.isIdentifier(declName) ? this.evaluator.eval(declName) : undefined;
  }

  /** A top-level import of this file that is a logger (e.g. `import { appLog } from './lib/logger'`). */
  private fileImportedLogger(): { expr: string; kind: string } | undefined {
    if (this.fileLogger === undefined) {
      this.fileLogger = null;
      for (const s of this.sf.statements) {
        if (!T.isImportDeclaration(s) || !s.importClause) continue;
        const names: ts.Identifier[] = [];
        if (s.importClause.name) names.push(s.importClause.name);
        const nb = s.importClause.namedBindings;
        if (nb && T.isNamedImports(nb)) for (const el of nb.elements) names.push(el.name);
        for (const n of names) {
          const kind = this.loggerKind(this.evaluator.eval(n));
          if (kind) {
            this.fileLogger = { expr: n.text, kind };
            break;
          }
        }
        if (this.fileLogger) break;
      }
    }
    return this.fileLogger ?? undefined;
  }

  // ---------- offset-pagination ----------

  private offsetCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (!T.isPropertyAccessExpression(callee)) return;
    const method = esc(callee.name);
    if ((method === 'skip' || method === 'offset') && call.arguments.length === 1) {
      this.offsetBuilder(call, callee, method);
      return;
    }
    if (!OFFSET_OPTION_METHODS.has(method) || !call.arguments.some((a) => T.isObjectLiteralExpression(unwrap(a)))) return;
    const recv = this.evaluator.eval(callee.expression);
    const type = this.evaluator.pkgType(recv);
    if (type) {
      const keys = TYPES[type]?.offsetOptions?.[method];
      if (!keys) return;
      const arg = call.arguments[type === 'typeorm.EntityManager' ? 1 : type === 'mongoose.Model' ? 2 : type === 'mongodb.Collection' ? 1 : 0];
      const o = arg && unwrap(arg);
      if (o && T.isObjectLiteralExpression(o)) this.offsetOptions(o, keys, true);
      return;
    }
    if (recv || !FALLBACK_QUERY_METHODS.has(method)) return;
    // Unknown receiver: only when it looks like data access and the object looks like query options.
    if (!this.hasDataImport && !this.dataishReceiver(callee.expression)) return;
    const o = unwrap(call.arguments[0]!);
    if (T.isObjectLiteralExpression(o)) this.offsetOptions(o, ['skip', 'offset'], false);
  }

  private offsetOptions(o: ts.ObjectLiteralExpression, keys: readonly string[], resolved: boolean): void {
    const props = new Map<string, ts.ObjectLiteralElementLike>();
    for (const p of o.properties) {
      const k = propertyKey(p);
      if (k !== undefined) props.set(k, p);
    }
    if (!resolved && !QUERY_OPTION_KEYS.some((k) => props.has(k))) return;
    for (const key of keys) {
      const p = props.get(key);
      if (!p) continue;
      const value = T.isPropertyAssignment(p) ? p.initializer : T.isShorthandPropertyAssignment(p) ? p.name : undefined;
      if (!value || isZero(value) || isNullish(value) || isFunctionLikeExpr(unwrap(value)) || T.isMethodDeclaration(p)) continue;
      if (key === 'skip' && isCursorSkipValue(value) && hasKeyDeep(o, 'cursor')) continue; // Prisma's cursor idiom
      this.report('offset-pagination', p, `Offset pagination (${key}): the database reads and throws away every skipped row, so deep pages get slower, and pages shift when rows are inserted or deleted. Page with a cursor (WHERE id > last seen id, or Prisma's cursor) instead.`);
    }
  }

  private offsetBuilder(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): void {
    const arg = call.arguments[0]!;
    if (isZero(arg) || isNullish(arg) || isFunctionLikeExpr(unwrap(arg)) || T.isObjectLiteralExpression(unwrap(arg))) return;
    const recv = this.evaluator.eval(callee.expression);
    if (recv) {
      const type = this.evaluator.pkgType(recv);
      if (type && TYPES[type]?.offsetMethods?.includes(method)) this.reportBuilder(callee, method);
      return;
    }
    // Unknown receiver: a query chain (…find()/where()/orderBy()…) in data-access code.
    const chain = chainMethods(callee.expression);
    if (!chain.some((m) => CHAIN_QUERY_METHODS.has(m))) return;
    const root = chainRoot(callee.expression);
    const rootVal = root && this.evaluator.eval(root);
    if (rootVal && rootVal.v !== 'pkg') return; // a known project value: not a query builder we know
    if (this.hasDataImport || this.dataishReceiver(callee.expression)) this.reportBuilder(callee, method);
  }

  private reportBuilder(callee: ts.PropertyAccessExpression, method: string): void {
    this.report('offset-pagination', callee.name, `.${method}() pages by offset: the database still reads every skipped row, so deep pages get slower, and pages shift under inserts. Use a keyset (cursor) condition such as WHERE id > :lastId.`);
  }

  private dataishReceiver(e: ts.Expression): boolean {
    const path = accessPath(e) ?? chainMethods(e);
    const root = chainRoot(e);
    if (root && T.isIdentifier(root)) path.push(root.text);
    return path.some((p) => DATA_NAME.test(p));
  }

  private rawSql(node: ts.StringLiteral | ts.TemplateLiteral): void {
    // String concatenations are checked once, as a whole, from their top.
    const parent = node.parent;
    if (T.isBinaryExpression(parent) && parent.operatorToken.kind === K.PlusToken) {
      let top: ts.BinaryExpression = parent;
      for (let i = 0; i < 256 && T.isBinaryExpression(top.parent) && top.parent.operatorToken.kind === K.PlusToken; i++) top = top.parent;
      if (firstStringLeaf(top) !== node || !/select/i.test(top.getText(this.sf))) return;
      const text = concatText(top);
      if (text !== undefined) this.checkSql(text, top);
      return;
    }
    this.checkSql(sqlText(node), node);
  }

  private checkSql(text: string, node: ts.Node): void {
    if (text.length < 16 || !/select/i.test(text)) return;
    if (!/^[\s(]*(select|with)\b/i.test(text) && !/\bselect\b[\s\S]+\bfrom\b[\s\S]+\b(order\s+by|limit)\b/i.test(text)) return;
    if (!/\bfrom\b/i.test(text)) return;
    const offset = /\boffset\s+(\$\d+|\?|:\w+|@\w+|[1-9]\d*)(?!\s*(rows?\b)?\s*\w*\s*fetch\s+first\s+0)/i.exec(text);
    const mysql = /\blimit\s+(\?|\$\d+|\d+|:\w+|@\w+)\s*,\s*(\?|\$\d+|\d+|:\w+|@\w+)/i.exec(text);
    if (!offset && !(mysql && mysql[1] !== '0')) return;
    this.report('offset-pagination', node, `This SQL pages with ${offset ? 'OFFSET' : 'LIMIT offset, count'}: the database reads and throws away every skipped row, so deep pages get slower and shift under inserts. Use a keyset condition such as WHERE (created_at, id) < ($1, $2).`);
  }

  private mongoSkipStage(p: ts.PropertyAssignment): void {
    if (propertyKey(p) !== '$skip' || isZero(p.initializer) || isNullish(p.initializer)) return;
    this.report('offset-pagination', p, 'A $skip stage pages by offset: MongoDB still walks every skipped document. Match on the last seen sort key instead ({ $match: { _id: { $gt: lastId } } }).');
  }

  // ---------- floating-promise ----------

  /** The expressions whose values an expression statement drops. */
  private droppedExpressions(e: ts.Expression): readonly ts.Expression[] {
    // Fast paths for the usual statements: a call, or an assignment.
    const u = unwrap(e);
    if (u.kind === K.CallExpression) return [u];
    if (u.kind === K.BinaryExpression && (u as ts.BinaryExpression).operatorToken.kind === K.EqualsToken) return NONE;
    const out: ts.Expression[] = [];
    const work: ts.Expression[] = [e];
    for (let i = 0; work.length && i < 64; i++) {
      const cur = unwrap(work.pop()!);
      if (T.isBinaryExpression(cur)) {
        const op = cur.operatorToken.kind;
        if (op === K.CommaToken) work.push(cur.left, cur.right);
        else if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) work.push(cur.right);
      } else if (T.isConditionalExpression(cur)) work.push(cur.whenTrue, cur.whenFalse);
      else if (T.isCallExpression(cur) || T.isNewExpression(cur)) out.push(cur);
    }
    return out;
  }

  private floating(stmt: ts.ExpressionStatement): void {
    for (const e of this.droppedExpressions(stmt.expression)) {
      const verdict = T.isNewExpression(e) ? this.newVerdict(e) : this.callVerdict(e as ts.CallExpression);
      if (!verdict) continue;
      const inAsync = this.inAsyncFunction(stmt);
      const start = e.getStart(this.sf);
      const fixes: RawFix[] = [];
      if (verdict.mapAll) {
        if (inAsync) fixes.push({ title: 'Await all of them (await Promise.all(…))', preferred: true, edits: [this.insertAt(start, 'await Promise.all('), this.insertAt(e.getEnd(), ')')] });
      } else {
        if (inAsync) fixes.push({ title: 'Add await', preferred: true, edits: [this.insertAt(start, 'await ')] });
        // `void` silences a lazy query without running it, so it is only offered for eager promises.
        // Preferred outside async functions, where await is not available: it changes nothing at run time.
        if (!verdict.lazy) fixes.push({ title: 'Mark as intentionally not awaited (void)', preferred: !inAsync, edits: [this.insertAt(start, 'void ')] });
      }
      this.report('floating-promise', e, verdict.message, fixes);
    }
  }

  private newVerdict(e: ts.NewExpression): { message: string; lazy?: boolean; mapAll?: boolean } | undefined {
    const c = unwrap(e.expression);
    if (T.isIdentifier(c) && c.text === 'Promise' && this.isGlobal(c)) {
      return { message: 'This new Promise is neither awaited, returned nor stored: a rejection inside it is unhandled and crashes Node (since v15), and nobody knows when it settles.' };
    }
    return undefined;
  }

  private isHandler(e: ts.Expression | undefined): boolean {
    return !!e && !isNullish(e);
  }

  private callVerdict(e: ts.CallExpression, depth = 0): { message: string; lazy?: boolean; mapAll?: boolean } | undefined {
    if (depth > 32) return undefined;
    const callee = unwrap(e.expression);
    if (T.isPropertyAccessExpression(callee)) {
      const name = esc(callee.name);
      if (name === 'then' || name === 'catch' || name === 'finally') {
        const root = chainRoot(callee);
        if (root && T.isIdentifier(root) && esc(root) === 'cy' && this.isGlobal(root)) return undefined; // Cypress chains are not promises
      }
      if (name === 'catch' && this.isHandler(e.arguments[0])) return undefined;
      if (name === 'then' && this.isHandler(e.arguments[1])) return undefined;
      if (name === 'then' || name === 'catch') {
        return { message: `.${name}() without a rejection handler: if the promise rejects, nothing handles it and Node crashes (since v15). Add .catch(…), or await it in a try/catch.` };
      }
      if (name === 'finally') {
        const inner = unwrap(callee.expression);
        if (T.isCallExpression(inner) && !this.callVerdict(inner, depth + 1) && this.handledChain(inner)) return undefined;
        return { message: '.finally() does not handle rejections: a rejection passes straight through it and nothing catches it. Add .catch(…), or await it in a try/catch.' };
      }
      if (name === 'map' && isAsyncCallback(e.arguments[0] && unwrap(e.arguments[0]))) {
        return { message: 'map(async …) makes an array of promises that nobody awaits: their rejections are unhandled and nobody knows when they finish. Use await Promise.all(items.map(…)).', mapAll: true };
      }
    }
    if (T.isIdentifier(callee) && TEST_CALLS.has(esc(callee)) && this.isTestCall(callee)) return undefined;
    const info = this.evaluator.call(e);
    if (!info.promise) return undefined;
    const what = T.isArrowFunction(callee) || T.isFunctionExpression(callee) ? 'This async IIFE' : `${this.describe(callee)}()`;
    if (info.promise === 'lazy') {
      const type = info.type?.v === 'pkg' ? info.type.type : info.callee?.v === 'pkgMember' ? info.callee.type : '';
      const label = LAZY_LABEL.find(([re]) => re.test(type))?.[1] ?? 'query';
      return { message: `${what} builds a ${label} that runs only when it is awaited (or .then() is called): as written it never executes. Await it, or return it.`, lazy: true };
    }
    return { message: `${what} returns a promise that nobody awaits, returns or handles: if it rejects, the error is lost or crashes the process, and the caller cannot know when it finished.` };
  }

  /** A call chain ending in a rejection handler (`p.catch(h)`, `p.then(a, h)`), before any finally. */
  private handledChain(e: ts.CallExpression): boolean {
    let cur: ts.Expression = e;
    for (let i = 0; i < 32 && T.isCallExpression(cur); i++) {
      const c = unwrap(cur.expression);
      if (!T.isPropertyAccessExpression(c)) return false;
      if (c.name.text === 'catch' && this.isHandler(cur.arguments[0])) return true;
      if (c.name.text === 'then' && this.isHandler(cur.arguments[1])) return true;
      if (c.name.text !== 'finally') return false;
      cur = unwrap(c.expression);
    }
    return false;
  }

  private isTestCall(id: ts.Identifier): boolean {
    if (!this.isTest) return false;
    const b = this.scopes.resolveId(id);
    return !b || (b.kind === 'import' && TEST_MODULES.has(b.module));
  }

  /** forEach(async …), emitter.on(…, async …), setTimeout(async …): the callback's promise is dropped. */
  private asyncCallback(call: ts.CallExpression): void {
    const args = call.arguments;
    if (!args.some((a) => isAsyncCallback(a))) return;
    const callee = unwrap(call.expression);
    let message: string | undefined;
    let fn: ts.ArrowFunction | ts.FunctionExpression | undefined;
    if (T.isPropertyAccessExpression(callee)) {
      const m = esc(callee.name);
      if (m === 'forEach' && isAsyncCallback(args[0])) {
        fn = args[0];
        message = 'forEach() ignores the promise an async callback returns: the iterations run concurrently, nobody waits for them, and their rejections are unhandled. Use for…of with await, or await Promise.all(items.map(…)).';
      } else if (LISTENER_METHODS.has(m) && args.length === 2 && isAsyncCallback(args[1]) && args[0] && (T.isStringLiteralLike(args[0]) || T.isIdentifier(args[0]) || T.isPropertyAccessExpression(args[0]))) {
        const recv = this.evaluator.eval(callee.expression);
        const info = recv?.v === 'pkg' ? TYPES[recv.type] : undefined;
        if (info && (info.awaitsListeners || !info.emitter)) return;
        if (catchesEverything(args[1])) return;
        fn = args[1];
        const event = T.isStringLiteralLike(args[0]) ? ` for '${args[0].text}'` : '';
        message = `An EventEmitter does not await its listeners: a rejection in this async listener${event} is an unhandled rejection. Catch errors inside the listener (try/catch), or use captureRejections.`;
      } else if (m === 'nextTick' && isAsyncCallback(args[0])) {
        const obj = unwrap(callee.expression);
        if (!(T.isIdentifier(obj) && obj.text === 'process' && this.isGlobal(obj)) || catchesEverything(args[0])) return;
        fn = args[0];
        message = 'process.nextTick() drops the promise of an async callback: its rejection is unhandled. Wrap the body in try/catch.';
      }
    } else if (T.isIdentifier(callee) && TIMER_FUNCTIONS.has(esc(callee)) && isAsyncCallback(args[0])) {
      const v = this.evaluator.eval(callee);
      const fromTimers = v?.v === 'pkgMember' && v.type === 'timers';
      if (!(v?.v === 'global' || fromTimers) || catchesEverything(args[0])) return;
      fn = args[0];
      message = `${callee.text}() drops the promise of an async callback: if it rejects, the rejection is unhandled and crashes the process. Wrap the body in try/catch.`;
    }
    if (fn && message) this.report('floating-promise', fn.modifiers?.find((mod) => mod.kind === K.AsyncKeyword) ?? fn, message);
  }

  private asyncExecutor(e: ts.NewExpression): void {
    const c = unwrap(e.expression);
    const executor = e.arguments?.[0];
    if (!T.isIdentifier(c) || c.text !== 'Promise' || !this.isGlobal(c) || !isAsyncCallback(executor) || !hasModifier(executor, K.AsyncKeyword)) return;
    this.report('floating-promise', executor.modifiers!.find((m) => m.kind === K.AsyncKeyword)!, 'An async Promise executor: the Promise constructor drops the promise it returns, so an error thrown after an await neither rejects this promise nor is handled. Make the executor synchronous, or drop new Promise and use the async function directly.');
  }

  // ---------- missing-timeout ----------

  /** Does an options object set one of `keys` to something that is not "no timeout"? */
  private objectHas(o: ts.ObjectLiteralExpression, keys: readonly string[]): 'yes' | 'no' | 'unknown' {
    let verdict: 'no' | 'unknown' = 'no';
    for (const p of o.properties) {
      if (T.isSpreadAssignment(p)) {
        verdict = 'unknown';
        continue;
      }
      const k = propertyKey(p);
      if (k === undefined || !keys.includes(k)) continue;
      if (T.isPropertyAssignment(p)) {
        const v = p.initializer;
        if (isNullish(v) || (k !== 'signal' && isNumber(v, (n) => n <= 0))) continue; // timeout: 0 means no timeout
      }
      return 'yes';
    }
    return verdict;
  }

  private addPropertyFix(o: ts.ObjectLiteralExpression, prop: string): RawFix {
    const first = o.properties[0];
    if (!first) {
      return { title: `Add ${prop}`, preferred: true, edits: [this.replaceNode(o, `{ ${prop} }`)] };
    }
    const firstStart = first.getStart(this.sf);
    const open = o.getStart(this.sf);
    const between = this.sf.text.slice(open + 1, firstStart);
    if (between.includes('\n')) {
      const indent = /[ \t]*$/.exec(between)![0];
      return { title: `Add ${prop}`, preferred: true, edits: [this.insertAt(firstStart, `${prop},\n${indent}`)] };
    }
    return { title: `Add ${prop}`, preferred: true, edits: [this.insertAt(firstStart, `${prop}, `)] };
  }

  private isLocalArg(e: ts.Expression | undefined): boolean {
    if (!e) return false;
    const u = unwrap(e);
    if (T.isStringLiteralLike(u)) return isLocalUrl(u.text);
    if (T.isTemplateExpression(u)) return isLocalUrl(u.head.text);
    if (T.isNewExpression(u) && T.isIdentifier(u.expression) && u.expression.text === 'URL') return this.isLocalArg(u.arguments?.[0]);
    return false;
  }

  private hasLocalProp(o: ts.ObjectLiteralExpression, keys: readonly string[]): boolean {
    return o.properties.some((p) => T.isPropertyAssignment(p) && keys.includes(propertyKey(p) ?? '') && (this.isLocalArg(p.initializer) || (T.isStringLiteralLike(unwrap(p.initializer)) && isLocalUrl((unwrap(p.initializer) as ts.StringLiteral).text.replace(/^postgres(ql)?:\/\/[^@/]*@/, '')))));
  }

  /** `Promise.race([fetch(…), timeout(…)])` bounds the wait. */
  private inPromiseRace(call: ts.CallExpression): boolean {
    const arr = call.parent;
    if (!arr || !T.isArrayLiteralExpression(arr)) return false;
    const race = arr.parent;
    return !!race && T.isCallExpression(race) && T.isPropertyAccessExpression(race.expression) && race.expression.name.text === 'race' && T.isIdentifier(race.expression.expression) && race.expression.expression.text === 'Promise';
  }

  private timeoutCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    // Cheap filters: fetch, or a call through a name bound to an HTTP client module.
    if (T.isIdentifier(callee)) {
      if (esc(callee) !== 'fetch' && !(this.httpClients && (this.clientNames()?.has(esc(callee)) ?? true))) return;
    } else if (T.isPropertyAccessExpression(callee)) {
      if (esc(callee.name) !== 'fetch') {
        if (!this.httpClients) return;
        const root = unwrap(callee.expression);
        const names = this.clientNames();
        if (names && (!T.isIdentifier(root) || !names.has(root.text))) return;
      }
    } else return;
    const f = this.evaluator.eval(callee);
    if (!f) return;
    const ms = this.analyzer.config.timeoutMs;
    const signal = `signal: AbortSignal.timeout(${ms})`;
    if ((f.v === 'global' && f.name === 'fetch') || (f.v === 'pkg' && (f.type === 'node-fetch' || f.type === 'cross-fetch' || f.type === 'isomorphic-fetch')) || (f.v === 'pkgMember' && (f.type === 'undici' || f.type === 'cross-fetch') && f.name === 'fetch')) {
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      if (first && T.isNewExpression(first) && T.isIdentifier(first.expression) && first.expression.text === 'Request') return;
      if (this.inPromiseRace(call)) return;
      const keys = f.v === 'pkg' && f.type === 'node-fetch' ? ['signal', 'timeout'] : ['signal'];
      this.checkOptions(call, 1, keys, signal, `fetch() without a signal: it waits as long as the server keeps the connection open (undici's own limits are 300 s per phase, and a slow trickle of data resets them). Pass signal: AbortSignal.timeout(ms).`);
      return;
    }
    if (f.v === 'pkg' && f.type === 'axios') {
      // axios(config) or axios(url, config?): a lone argument that is neither a literal URL nor an object literal is unknown.
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      const literalUrl = !!first && (T.isStringLiteralLike(first) || T.isTemplateExpression(first));
      if (first && call.arguments.length === 1 && !literalUrl && !T.isObjectLiteralExpression(first)) return;
      const index = first && !T.isObjectLiteralExpression(first) ? 1 : 0;
      this.axiosFinding(this.checkOptions(call, index, ['timeout', 'signal'], `timeout: ${ms}`, 'This axios call has no timeout: axios waits forever by default (timeout: 0 means no limit). Set timeout (or a signal), or use an instance created with one.'));
      return;
    }
    if (f.v === 'pkgMember' && f.type === 'axios') {
      if (f.name === 'create') {
        if (this.instanceDefaultsTimeout(call)) return;
        this.checkOptions(call, 0, ['timeout', 'signal'], `timeout: ${ms}`, 'axios.create() without a timeout: every request of this instance can hang forever (axios has no default timeout). Set a default timeout here.');
      } else if (f.name in AXIOS_CONFIG_INDEX) {
        this.axiosFinding(this.checkOptions(call, AXIOS_CONFIG_INDEX[f.name]!, ['timeout', 'signal'], `timeout: ${ms}`, `axios.${f.name}() has no timeout: axios waits forever by default. Pass { timeout } (or a signal), or use an instance created with one.`));
      }
      return;
    }
    if (f.v === 'pkg' && f.type === 'got') {
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      this.checkOptions(call, first && T.isObjectLiteralExpression(first) ? 0 : 1, ['timeout', 'signal'], `timeout: { request: ${ms} }`, 'This got call has no timeout: got waits indefinitely by default. Pass { timeout: { request: ms } }.');
      return;
    }
    if (f.v === 'pkgMember' && f.type === 'got') {
      if (f.name === 'extend') this.checkOptions(call, 0, ['timeout', 'signal'], `timeout: { request: ${ms} }`, 'got.extend() without a timeout: every request of this instance can hang forever. Set timeout: { request: ms } here.');
      else if (GOT_METHODS.has(f.name)) this.checkOptions(call, 1, ['timeout', 'signal'], `timeout: { request: ${ms} }`, `got.${f.name}() has no timeout: got waits indefinitely by default. Pass { timeout: { request: ms } }.`);
      return;
    }
    if (f.v === 'pkgMember' && (f.type === 'http' || f.type === 'https') && (f.name === 'request' || f.name === 'get')) this.httpRequest(call, f.type, f.name);
  }

  private axiosFinding(r: Raw | undefined): void {
    if (r) r.axios = true;
  }

  /** `const api = axios.create(); api.defaults.timeout = 5000;` in the same file. */
  private instanceDefaultsTimeout(call: ts.CallExpression): boolean {
    const parent = call.parent;
    if (!T.isVariableDeclaration(parent) || !T.isIdentifier(parent.name)) return false;
    const name = parent.name.text.replace(/[$]/g, '\\$');
    return new RegExp(`\\b${name}\\s*\\.\\s*defaults\\s*\\.\\s*timeout\\s*=\\s*(?!0\\b)`).test(this.sf.text);
  }

  private httpRequest(call: ts.CallExpression, module: string, fn: string): void {
    const args = call.arguments.map((a) => unwrap(a));
    const objects = args.filter(T.isObjectLiteralExpression);
    const known = (a: ts.Expression) => T.isObjectLiteralExpression(a) || T.isStringLiteralLike(a) || T.isTemplateExpression(a) || isFunctionLikeExpr(a) || (T.isNewExpression(a) && T.isIdentifier(a.expression) && a.expression.text === 'URL');
    if (args.some((a) => !known(a))) return; // options built elsewhere: cannot know statically
    if (args.some((a) => this.isLocalArg(a)) || objects.some((o) => this.hasLocalProp(o, ['hostname', 'host']))) return;
    const verdicts = objects.map((o) => this.objectHas(o, ['timeout', 'signal']));
    if (verdicts.includes('yes') || verdicts.includes('unknown')) return;
    if (this.setTimeoutLater(call)) return;
    const ms = this.analyzer.config.timeoutMs;
    const fixes = objects[0] ? [this.addPropertyFix(objects[0], `timeout: ${ms}`)] : [];
    this.report('missing-timeout', call.expression, `${module}.${fn}() without timeout or signal: a stalled server holds this socket forever. Pass { timeout } (and destroy the request on 'timeout') or { signal: AbortSignal.timeout(ms) }.`, fixes);
  }

  /** `const req = http.request(…); req.setTimeout(…)` counts as a timeout. */
  private setTimeoutLater(call: ts.CallExpression): boolean {
    const parent = call.parent;
    if (T.isPropertyAccessExpression(parent) && parent.name.text === 'setTimeout') return true;
    if (T.isVariableDeclaration(parent) && T.isIdentifier(parent.name)) {
      const scope = this.scopes.enclosingScope(parent);
      if (!scope) return false;
      const name = parent.name.text.replace(/[$]/g, '\\$');
      return new RegExp(`\\b${name}\\s*\\.\\s*setTimeout\\s*\\(`).test(this.sf.text.slice(scope.getStart(this.sf), scope.getEnd()));
    }
    return false;
  }

  /** Reports a call whose options argument (at `index`) lacks all of `keys`; returns the finding. */
  private checkOptions(call: ts.CallExpression, index: number, keys: readonly string[], fixProp: string, message: string): Raw | undefined {
    if (call.arguments.some((a) => T.isSpreadElement(a))) return undefined;
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    if (this.isLocalArg(first)) return undefined;
    const opts = call.arguments[index] && unwrap(call.arguments[index]!);
    if (opts) {
      if (!T.isObjectLiteralExpression(opts)) return undefined; // built elsewhere: cannot know statically
      if (this.objectHas(opts, keys) !== 'no') return undefined;
      if (this.hasLocalProp(opts, ['url', 'baseURL', 'prefixUrl'])) return undefined;
      return this.report('missing-timeout', call.expression, message, [this.addPropertyFix(opts, fixProp)]);
    }
    if (index > 0 && call.arguments.length === 0) return undefined; // no URL either: not a real request
    const fixes: RawFix[] = [];
    if (call.arguments.length === 0) {
      const open = this.sf.text.indexOf('(', call.expression.getEnd());
      if (open >= 0) fixes.push({ title: `Add ${fixProp}`, preferred: true, edits: [this.insertAt(open + 1, `{ ${fixProp} }`)] });
    } else {
      const last = call.arguments[call.arguments.length - 1]!;
      const padding = ', undefined'.repeat(index - call.arguments.length);
      fixes.push({ title: `Add ${fixProp}`, preferred: true, edits: [this.insertAt(last.getEnd(), `${padding}, { ${fixProp} }`)] });
    }
    return this.report('missing-timeout', call.expression, message, fixes);
  }

  private pgPool(e: ts.NewExpression): void {
    if (!this.pgClient) return;
    const c = unwrap(e.expression);
    if (!T.isIdentifier(c) && !T.isPropertyAccessExpression(c)) return;
    const v = this.evaluator.eval(c);
    if (v?.v !== 'pkgMember' || v.type !== 'pg' || (v.name !== 'Pool' && v.name !== 'Client')) return;
    const arg = e.arguments?.[0] && unwrap(e.arguments[0]);
    const ms = this.analyzer.config.timeoutMs;
    const fixes: RawFix[] = [];
    if (arg) {
      if (!T.isObjectLiteralExpression(arg)) return;
      if (this.objectHas(arg, ['statement_timeout', 'query_timeout']) !== 'no') return;
      if (this.hasLocalProp(arg, ['host', 'connectionString'])) return;
      const cs = arg.properties.find((p) => propertyKey(p) === 'connectionString');
      if (cs && T.isPropertyAssignment(cs) && /statement_timeout/.test(cs.initializer.getText(this.sf))) return;
      fixes.push(this.addPropertyFix(arg, `statement_timeout: ${ms}`));
    } else {
      const open = this.sf.text.indexOf('(', c.getEnd());
      if (open >= 0 && e.arguments) fixes.push({ title: `Add statement_timeout: ${ms}`, preferred: true, edits: [this.insertAt(open + 1, `{ statement_timeout: ${ms} }`)] });
    }
    this.report('missing-timeout', c, `pg ${v.name} without statement_timeout or query_timeout: one slow query holds a connection until the database gives up, and the pool drains. Set statement_timeout (server side) or query_timeout (client side).`, fixes);
  }
}

/** Text of a string or template literal, with each `${…}` as `?` (or `0` for a literal 0). */
function sqlText(node: ts.StringLiteral | ts.TemplateLiteral): string {
  if (!T.isTemplateExpression(node)) return node.text;
  let s = node.head.text;
  for (const span of node.templateSpans) s += `${isZero(span.expression) ? '0' : '?'}${span.literal.text}`;
  return s;
}

function firstStringLeaf(top: ts.BinaryExpression): ts.Node | undefined {
  let cur: ts.Expression = top;
  for (let i = 0; i < 256 && T.isBinaryExpression(cur); i++) cur = cur.left;
  return T.isStringLiteral(cur) || T.isNoSubstitutionTemplateLiteral(cur) || T.isTemplateExpression(cur) ? cur : undefined;
}

/** `'SELECT … OFFSET ' + n` → 'SELECT … OFFSET ?'. */
function concatText(top: ts.BinaryExpression): string | undefined {
  const parts: string[] = [];
  const work: ts.Expression[] = [top];
  for (let i = 0; work.length && i < 512; i++) {
    const e = work.pop()!;
    if (T.isBinaryExpression(e) && e.operatorToken.kind === K.PlusToken) work.push(e.right, e.left);
    else if (T.isStringLiteral(e) || T.isNoSubstitutionTemplateLiteral(e) || T.isTemplateExpression(e)) parts.push(sqlText(e));
    else parts.push(isZero(e) ? '0' : '?');
  }
  return work.length ? undefined : parts.join('');
}
