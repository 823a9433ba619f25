import type ts from 'typescript';
import * as T from './tsfast';
import { K } from './tsfast';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { collect, innermost, insideRanges, isFunctionScope, prepare, record, releasePrepared, templateRanges, type Prepared } from './scope';
import { collectFacts, WorkspaceIndex } from './workspaceIndex';
import { LibraryTypes } from './libtypes';
import type { Alias } from './facts';
import { RuleContext, type LoggerFix, type PackagePlace, type ProjectLogger, type Raw } from './context';
import type { RuleVisitors } from './rule';
import { isRuleId, RULE_IMPLEMENTATIONS, RULES, type RuleId } from './rules';
import { DEFAULT_CONFIG, type AnalysisConfig, type FileResult, type Finding, type Fix, type Position } from './types';

export { SOURCE_EXTENSIONS } from './types';

/** The edited function body, when an edit stayed inside one (see TreeCache.parse). */
interface Dirty {
  /** Offsets of the body in the old text: [start, oldEnd); in the new text it ends at oldEnd + delta. */
  start: number;
  oldEnd: number;
  delta: number;
  oldText: string;
  body: ts.Block;
}

/** Settings for an analyzer: any subset; rules not named keep their default severity. */
export type AnalyzerConfig = Partial<Omit<AnalysisConfig, 'rules'>> & { rules?: Partial<AnalysisConfig['rules']> };

export interface AnalyzerOptions {
  config?: AnalyzerConfig;
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

/** An edit adding or removing this text re-analyses the whole file (see Rule.wholeFileText). */
const WHOLE_FILE_TEXT = new RegExp(['defaults|setTimeout', ...RULE_IMPLEMENTATIONS.flatMap((r) => (r.wholeFileText ? [r.wholeFileText.source] : []))].join('|'));

/**
 * The innermost function body (not a constructor's: fields are inferred from it) that strictly contains
 * [start, end) — braces excluded — when the changed text cannot affect anything outside it.
 */
function editedBody(sf: ts.SourceFile, start: number, end: number, text: string, inserted: string): { body: ts.Block; start: number; end: number; kind: ts.SyntaxKind } | undefined {
  // Text that rules outside the body search for (`x.defaults.timeout =`, `req.setTimeout(`, a SIGTERM handler).
  if (WHOLE_FILE_TEXT.test(text.slice(start, end)) || WHOLE_FILE_TEXT.test(inserted)) return undefined;
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

/** Findings kept per file: a generated or pathological file cannot flood the Problems view or the report. */
export const MAX_FINDINGS_PER_FILE = 1000;

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

/** How many folders up a file's package and its repository are looked for. */
const MAX_PACKAGE_DEPTH = 12;
/** Folders that hold a repository's tooling: a package kept there is a tool, not a service. */
const TOOLING_FOLDER = /(^|\/)(scripts?|bin|cli|tools?|tooling|benchmarks?|bench|migrations?|seeds?)\//i;

export class Analyzer {
  readonly index: WorkspaceIndex;
  readonly config: AnalysisConfig;
  /** Findings whose message names the project's logger, re-computed when a scan ends (the index is complete only then). */
  private readonly lateLoggerHints = new WeakMap<Finding, { render: (hint: string) => string; fix?: PositionedLoggerFix; text: string }>();
  private readonly loggerFixes = new WeakMap<Finding, Fix>();
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
    this.index.libraries = new LibraryTypes(); // dependencies' .d.ts, read lazily
  }

  relativePath(file: string): string {
    const prefix = this.root.endsWith(sep) ? this.root : this.root + sep;
    const rel = file.startsWith(prefix) ? file.slice(prefix.length) : relative(this.root, file);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  /** Folder → its package (the nearest folder above with a package.json), or null: none within reach. */
  private readonly packages = new Map<string, { dir: string; tool: boolean } | null>();

  /**
   * The file's place in its own package. The package is looked for upwards from the file (also above the
   * analysed folder, as far as the repository's top: a folder with `.git`); without one, the workspace is it.
   */
  packageOf(file: string): PackagePlace {
    const pkg = this.packageDir(dirname(file), 0);
    if (!pkg) return { rel: this.relativePath(file), tool: false };
    const rel = relative(pkg.dir, file);
    return { rel: sep === '/' ? rel : rel.split(sep).join('/'), tool: pkg.tool };
  }

  private packageDir(dir: string, depth: number): { dir: string; tool: boolean } | null {
    const cached = this.packages.get(dir);
    if (cached !== undefined) return cached;
    let found: { dir: string; tool: boolean } | null = null;
    if (existsSync(join(dir, 'package.json'))) {
      const where = relative(this.topOf(dir), dir).split(sep).join('/');
      found = { dir, tool: where !== '' && TOOLING_FOLDER.test(`${where}/`) };
    } else if (depth < MAX_PACKAGE_DEPTH && !existsSync(join(dir, '.git')) && dirname(dir) !== dir) {
      found = this.packageDir(dirname(dir), depth + 1);
    }
    this.packages.set(dir, found);
    return found;
  }

  /** The repository a package sits in: the highest folder with a package.json up to one with `.git` (or a few levels). */
  private topOf(dir: string): string {
    let top = dir;
    for (let d = dir, i = 0; i < MAX_PACKAGE_DEPTH && !existsSync(join(d, '.git')) && dirname(d) !== d; i++) {
      d = dirname(d);
      if (existsSync(join(d, 'package.json'))) top = d;
    }
    return top;
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
      const { findings, omitted } = fa.finish(raws);
      return omitted ? { file, findings, omitted } : { file, findings };
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
  noteLateHint(f: Finding, late: { render: (hint: string) => string; fix?: PositionedLoggerFix; text: string }): void {
    this.lateLoggerHints.set(f, late);
  }

  /** @internal */
  noteAxiosCall(f: Finding): void {
    this.axiosCallFindings.add(f);
  }

  /**
   * @internal The project's logger as `fromFile` would import it. The specifier keeps the file's own style:
   * with a `.js` ending when its relative imports have one (NodeNext), without otherwise.
   */
  projectLogger(fromFile: string, fromText = ''): ProjectLogger | undefined {
    const l = this.index.projectLoggers()[0];
    if (!l || l.file === fromFile) return undefined;
    let spec = relative(dirname(fromFile), l.file).split(sep).join('/').replace(/\.[cm]?[jt]sx?$/, '');
    const withJs = /from\s+['"]\.{1,2}\/[^'"]*\.js['"]/.test(fromText);
    spec = withJs ? `${spec}.js` : spec.replace(/\/index$/, '');
    if (!spec.startsWith('.')) spec = `./${spec}`;
    const local = l.name === 'default' ? 'logger' : l.name;
    return { binding: l.name === 'default' ? 'logger' : `{ ${l.name} }`, local, spec, kind: l.kind };
  }

  /** @internal The console hint naming the project's logger, from the index. */
  projectLoggerHint(fromFile: string, fromText = ''): string {
    const l = this.projectLogger(fromFile, fromText);
    if (!l) return ' Use a structured logger such as pino.';
    return ` This project already has a ${l.kind} logger: import ${l.binding} from '${l.spec}'.`;
  }

  /** @internal Adds (or refreshes) the fix that switches to the project's logger. */
  applyLoggerFix(f: Finding, fix: PositionedLoggerFix, fromText: string): void {
    const old = this.loggerFixes.get(f);
    if (old) f.fixes = f.fixes.filter((x) => x !== old);
    const l = this.projectLogger(f.file, fromText);
    const built = l && fix.build(l);
    if (!built) return;
    const made: Fix = { title: built.title, preferred: false, edits: [{ range: f.range, newText: built.replacement }, { range: { start: fix.importPos, end: fix.importPos }, newText: built.importText }] };
    f.fixes.unshift(made);
    this.loggerFixes.set(f, made);
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
        const late = this.lateLoggerHints.get(f);
        if (!late) continue;
        const message = late.render(this.projectLoggerHint(r.file, late.text));
        if (message !== f.message) {
          f.message = message;
          if (late.fix) this.applyLoggerFix(f, late.fix, late.text);
          touched = true;
        }
      }
      if (touched) changed.push(r);
    }
    return changed;
  }
}

/** A logger fix whose import position is already a line/character. */
interface PositionedLoggerFix {
  importPos: Position;
  build: LoggerFix['build'];
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
    const rules = new Set<string>(listed.split(/[\s,]+/).filter(isRuleId));
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

/**
 * One analysis of one file: builds the rule context, runs the visitors of the rules that apply to
 * the file over the nodes collected in one walk, and turns raw findings into findings (ignore
 * comments, ignore fixes, line/character positions).
 */
class FileAnalysis {
  private readonly ctx: RuleContext;
  private readonly ignores: Ignores;
  private readonly eol: string;
  private visitors: RuleVisitors[] | undefined;
  /** Multi-line template literals, computed once per file when the first ignore fix needs them. */
  private templates: number[] | undefined;

  constructor(private readonly analyzer: Analyzer, file: string, sf: ts.SourceFile) {
    this.ctx = new RuleContext(file, sf, { rel: analyzer.relativePath(file), pkg: analyzer.packageOf(file), config: analyzer.config, index: analyzer.index });
    this.ignores = readIgnores(sf);
    this.eol = sf.text.includes('\r\n') ? '\r\n' : '\n';
  }

  private enabled(rule: RuleId): boolean {
    return this.analyzer.config.rules[rule] !== 'off' && !this.ignores.file.has(rule) && !this.ignores.file.has('*');
  }

  /** Visitors of the rules that are on and apply to this file (created once per analysis). */
  private active(): RuleVisitors[] {
    this.visitors ??= RULE_IMPLEMENTATIONS.filter((r) => this.enabled(r.meta.id) && (r.appliesTo?.(this.ctx) ?? true)).map((r) => r.create(this.ctx));
    return this.visitors;
  }

  private check(p: Prepared): void {
    const vs = this.active();
    const calls = vs.filter((v) => v.call);
    const news = vs.filter((v) => v.newExpression);
    const statements = vs.filter((v) => v.expressionStatement);
    const strings = vs.filter((v) => v.string);
    const props = vs.filter((v) => v.propertyAssignment);
    if (calls.length) for (const n of p.calls) for (const v of calls) v.call!(n);
    if (news.length) for (const n of p.news) for (const v of news) v.newExpression!(n);
    if (statements.length) for (const n of p.statements) for (const v of statements) v.expressionStatement!(n);
    if (strings.length) for (const n of p.strings) for (const v of strings) v.string!(n);
    if (props.length) for (const n of p.props) for (const v of props) v.propertyAssignment!(n);
  }

  /** Analyses the whole file. The nodes were collected by prepare() in one iterative walk. */
  run(): Raw[] {
    if (this.active().length) this.check(prepare(this.ctx.sf));
    return this.ctx.raws;
  }

  /**
   * After an edit inside one function body: analyses the nodes of that body and of its ancestors
   * (a call whose callback is the body can change verdict), and keeps the other findings of the
   * previous run, shifted.
   */
  runPartial(dirty: Dirty, previous: readonly Raw[]): Raw[] {
    const raws = this.ctx.raws;
    if (!this.active().length) return raws;
    const nodes = collect(dirty.body);
    for (let n: ts.Node | undefined = dirty.body.parent; n; n = n.parent) record(nodes, n);
    this.check(nodes);
    const { start, oldEnd, delta } = dirty;
    const shift = (o: number) => (o >= oldEnd ? o + delta : o);
    const inside = (o: number) => o > start && o < oldEnd;
    for (const r of previous) {
      if (r.start < oldEnd && r.end > start) continue; // overlaps the body: recomputed above
      if (r.fixes.some((f) => f.edits.some((e) => inside(e.start) || inside(e.end)))) continue;
      raws.push({ ...r, start: shift(r.start), end: shift(r.end), fixes: r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, start: shift(e.start), end: shift(e.end) })) })), ...(r.loggerFix ? { loggerFix: { ...r.loggerFix, importAt: shift(r.loggerFix.importAt) } } : {}) });
    }
    return raws;
  }

  /**
   * Raw findings → findings: ignore comments applied, ignore fixes added, offsets turned into
   * line/character. At most MAX_FINDINGS_PER_FILE, the first in the file; `omitted` counts the rest.
   */
  finish(raws: readonly Raw[]): { findings: Finding[]; omitted: number } {
    const out: Finding[] = [];
    const axiosDefault = this.analyzer.index.axiosDefaultTimeout();
    const ordered = [...raws].sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
    let omitted = 0;
    for (const [i, r] of ordered.entries()) {
      if (out.length >= MAX_FINDINGS_PER_FILE) {
        omitted = ordered.length - i;
        break;
      }
      if ((r.axios && axiosDefault) || !this.enabled(r.rule)) continue; // reused findings: the file may have gained an ignore-file comment
      const range = { start: this.pos(r.start), end: this.pos(r.end) };
      const rules = this.ignores.lines.get(range.start.line);
      if (rules && (rules.size === 0 || rules.has(r.rule))) continue;
      const f: Finding = {
        file: this.ctx.file,
        rule: r.rule,
        severity: this.analyzer.config.rules[r.rule] as Finding['severity'],
        range,
        message: r.late ? r.late(this.analyzer.projectLoggerHint(this.ctx.file, this.ctx.sf.text)) : r.message,
        lesson: RULES[r.rule].lesson,
        fixes: r.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits.map((e) => ({ range: { start: this.pos(e.start), end: this.pos(e.end) }, newText: e.newText })) })),
        ...(r.example ? { example: r.example } : {}),
      };
      f.fixes.push(...this.ignoreFixes(f));
      const loggerFix = r.loggerFix && { importPos: this.pos(r.loggerFix.importAt), build: r.loggerFix.build };
      if (loggerFix) this.analyzer.applyLoggerFix(f, loggerFix, this.ctx.sf.text);
      if (r.late) this.analyzer.noteLateHint(f, { render: r.late, text: this.ctx.sf.text, ...(loggerFix ? { fix: loggerFix } : {}) });
      if (r.axios) this.analyzer.noteAxiosCall(f);
      out.push(f);
    }
    return { findings: out, omitted };
  }

  private pos(offset: number): Position {
    return this.ctx.sf.getLineAndCharacterOfPosition(offset);
  }

  private ignoreFixes(f: Finding): Fix[] {
    const line = f.range.start.line;
    const starts = this.ctx.sf.getLineStarts();
    const text = this.ctx.sf.text;
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
    } else if (!insideRanges((this.templates ??= templateRanges(this.ctx.sf)), lineStart)) {
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
}
