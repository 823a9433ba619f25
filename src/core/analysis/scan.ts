import type ts from 'typescript';
import * as T from './tsfast';
import { existsSync, readFileSync } from 'node:fs';
import { readSource } from '../fs/read';
import { dirname, join, resolve, sep } from 'node:path';
import { Analyzer } from './engine';
import { EXTENSIONS, WorkspaceIndex } from './workspaceIndex';
import { findWorkspacePackages, workspaceAliases, type WorkspacePackages } from './monorepo';
import type { Alias } from './facts';
import type { AnalysisConfig, FileResult } from './types';

interface CompilerPaths {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

/** compilerOptions.baseUrl/paths of a tsconfig, following relative `extends` (paths resolve against the config that declares them). */
function readCompilerPaths(file: string, depth = 0): { baseUrl?: string; paths?: Record<string, string[]>; pathsBase?: string } | undefined {
  if (depth > 8) return undefined;
  const { config } = T.readConfigFile(file, (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  });
  if (!config || typeof config !== 'object') return undefined;
  const c = config as { extends?: string | string[]; compilerOptions?: CompilerPaths };
  let inherited: ReturnType<typeof readCompilerPaths> = {};
  for (const ext of typeof c.extends === 'string' ? [c.extends] : Array.isArray(c.extends) ? c.extends : []) {
    if (typeof ext !== 'string' || !ext.startsWith('.')) continue; // package configs (@tsconfig/node20) hold no paths
    const target = resolve(dirname(file), ext.endsWith('.json') ? ext : `${ext}.json`);
    inherited = { ...inherited, ...readCompilerPaths(target, depth + 1) };
  }
  const own = c.compilerOptions ?? {};
  const out = { ...inherited };
  if (typeof own.baseUrl === 'string') out.baseUrl = resolve(dirname(file), own.baseUrl);
  if (own.paths && typeof own.paths === 'object') {
    out.paths = own.paths;
    out.pathsBase = dirname(file);
  }
  return out;
}

/** Aliases from the root tsconfig.json/jsconfig.json (`paths`, `baseUrl`, through `extends`) and package.json `imports`. */
export function readAliases(root: string, ws: WorkspacePackages | null | undefined = findWorkspacePackages(root)): Alias[] {
  const aliases: Alias[] = [];
  let baseUrl: string | undefined;
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    let opts: ReturnType<typeof readCompilerPaths>;
    try {
      opts = readCompilerPaths(join(root, name));
    } catch {
      opts = undefined;
    }
    if (!opts || (!opts.paths && !opts.baseUrl)) continue;
    const base = opts.baseUrl ?? opts.pathsBase ?? root;
    for (const [pattern, targets] of Object.entries(opts.paths ?? {})) {
      if (Array.isArray(targets)) aliases.push({ pattern, targets: targets.filter((t) => typeof t === 'string').map((t) => resolve(base, t)) });
    }
    baseUrl = opts.baseUrl;
    break;
  }
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports?: Record<string, unknown> };
    for (const [pattern, target] of Object.entries(pkg.imports ?? {})) {
      const t = pickCondition(target);
      if (t) aliases.push({ pattern, targets: [resolve(root, t)] });
    }
  } catch {
    // no package.json, or not JSON
  }
  // Monorepo packages, by name, to their source (before baseUrl: a package name is not a folder).
  if (ws) aliases.push(...workspaceAliases(ws).filter((a) => !aliases.some((b) => b.pattern === a.pattern)));
  // baseUrl: bare specifiers resolve against it after `paths` (a miss falls through to packages).
  if (baseUrl) aliases.push({ pattern: '*', targets: [join(baseUrl, '*')] });
  return aliases;
}

/**
 * Indexes (without analysing) a source file of another workspace package the moment an import needs
 * it: when the lint starts in one package folder, its siblings are outside the scan but their facts
 * give the same verdicts as a scan from the monorepo root.
 */
function workspaceLoader(analyzer: Analyzer, ws: WorkspacePackages | undefined): ((key: string) => void) | undefined {
  if (!ws) return undefined;
  const dirs = [...ws.packages.values()].map((d) => d + sep);
  const tried = new Set<string>();
  return (key) => {
    if (tried.has(key) || key.includes(`${sep}node_modules${sep}`) || !dirs.some((d) => key.startsWith(d))) return;
    tried.add(key);
    for (const ext of EXTENSIONS) {
      const file = key + ext;
      const { text } = readSource(file, analyzer.config.maxFileBytes);
      if (text === undefined) continue;
      analyzer.indexFile(file, text);
      return;
    }
  };
}

/** package.json `imports` conditions: prefer types/source-ish conditions, then the first string. */
function pickCondition(target: unknown, depth = 0): string | undefined {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object' || depth > 4) return undefined;
  const o = target as Record<string, unknown>;
  for (const k of ['types', 'source', 'development', 'node', 'import', 'require', 'default']) {
    const v = pickCondition(o[k], depth + 1);
    if (v) return v;
  }
  for (const v of Object.values(o)) {
    const s = pickCondition(v, depth + 1);
    if (s) return s;
  }
  return undefined;
}

export interface ScanProgress {
  done: number;
  total: number;
}

export interface ScanOptions {
  /** Files per slice before yielding to the event loop. */
  chunk?: number;
  onProgress?(p: ScanProgress): void;
  onResults?(results: FileResult[]): void;
  isCancelled?(): boolean;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Full scan in one pass: each file is read, parsed, indexed and analysed once, and its tree is
 * dropped right after. When a file's analysis needs another file's facts that are not indexed yet
 * (an import), that file is indexed on the spot and analysed next, so no pass keeps every tree in
 * memory and nothing is parsed twice. Yields between slices, so a worker stays responsive to
 * cancellation. Progress counts two steps per file (indexed, analysed).
 */
export async function scanFiles(analyzer: Analyzer, files: readonly string[], options: ScanOptions = {}): Promise<{ results: FileResult[]; cancelled: boolean }> {
  const chunk = options.chunk ?? 50;
  const total = files.length * 2;
  const order = new Map<string, number>();
  const pending = new Map<string, string>(); // index key → file, for files not read yet
  files.forEach((f, i) => {
    if (!order.has(f)) order.set(f, i);
    const key = WorkspaceIndex.key(f);
    if (!pending.has(key)) pending.set(key, f);
  });
  const results: (FileResult | undefined)[] = new Array(files.length);
  let done = 0;
  let batch: FileResult[] = [];
  const settle = (file: string, r: FileResult) => {
    const i = order.get(file)!;
    if (results[i]) return;
    results[i] = r;
    batch.push(r);
    done++;
  };
  /** Files indexed on demand, waiting for their own analysis. */
  const ready: { file: string; text: string; sf: ts.SourceFile }[] = [];
  const queued = new Set<string>();
  const load = (file: string): void => {
    pending.delete(WorkspaceIndex.key(file));
    const { text, skipped } = readSource(file, analyzer.config.maxFileBytes);
    if (text === undefined) {
      analyzer.index.remove(file);
      settle(file, { file, findings: [], skipped: skipped! });
      return;
    }
    const sf = analyzer.indexFile(file, text);
    if (sf) {
      ready.push({ file, text, sf });
      queued.add(file);
    } else settle(file, analyzer.analyze(file, text)); // says why it is skipped
  };
  const drain = () => {
    for (let item = ready.shift(); item; item = ready.shift()) {
      queued.delete(item.file);
      settle(item.file, analyzer.analyze(item.file, item.text, item.sf));
    }
  };
  const previousLoader = analyzer.index.loader;
  analyzer.index.loader = (key) => {
    const file = pending.get(key);
    if (file !== undefined) load(file);
    else previousLoader?.(key); // a file outside the scan (another workspace package)
  };
  try {
    for (let i = 0; i < files.length; i++) {
      if (i % chunk === 0) {
        if (options.isCancelled?.()) return { results: results.filter((r): r is FileResult => !!r), cancelled: true };
        if (batch.length) options.onResults?.(batch);
        batch = [];
        options.onProgress?.({ done: done * 2, total });
        await yieldToLoop();
      }
      const file = files[i]!;
      if (results[i] || queued.has(file)) continue;
      if (pending.get(WorkspaceIndex.key(file)) === file) load(file);
      else if (order.get(file) === i) {
        // Shares its index key with another file (a.ts next to a.js): analysed on its own.
        const { text, skipped } = readSource(file, analyzer.config.maxFileBytes);
        settle(file, text === undefined ? { file, findings: [], skipped: skipped! } : analyzer.analyze(file, text));
      }
      drain();
    }
  } finally {
    analyzer.index.loader = previousLoader;
  }
  const all = results.filter((r): r is FileResult => !!r);
  // The index is complete only now: messages naming the project's logger, axios defaults. Changed results are sent again.
  const changed = analyzer.finishScan(all);
  for (const r of changed) if (!batch.includes(r)) batch.push(r);
  if (batch.length) options.onResults?.(batch);
  options.onProgress?.({ done: total, total });
  return { results: all, cancelled: false };
}

export function createAnalyzer(root: string, config: AnalysisConfig): Analyzer {
  const ws = findWorkspacePackages(root);
  const analyzer = new Analyzer(root, { config, aliases: readAliases(root, ws) });
  analyzer.index.loader = workspaceLoader(analyzer, ws);
  analyzer.index.scopedAliases = nestedProjectAliases(root);
  return analyzer;
}

/**
 * A project nested inside the analysed folder (its own tsconfig.json, jsconfig.json or package.json, e.g.
 * `examples/demo-service/`) resolves its imports through its own `paths` and `imports`, as tsc and Node
 * would there: the same verdicts as an analysis started in that folder. Looked up once per folder.
 */
function nestedProjectAliases(root: string): (dir: string) => { scope: string; aliases: readonly Alias[] } | undefined {
  const top = resolve(root);
  const byDir = new Map<string, { scope: string; aliases: readonly Alias[] } | undefined>();
  const configured = (dir: string) => ['tsconfig.json', 'jsconfig.json', 'package.json'].some((f) => existsSync(join(dir, f)));
  const find = (dir: string): { scope: string; aliases: readonly Alias[] } | undefined => {
    if (byDir.has(dir)) return byDir.get(dir);
    let hit: { scope: string; aliases: readonly Alias[] } | undefined;
    const parent = dirname(dir);
    if (dir !== top && dir.startsWith(top + sep) && parent !== dir) {
      hit = configured(dir) ? { scope: dir, aliases: readAliases(dir, null) } : find(parent);
    }
    byDir.set(dir, hit);
    return hit;
  };
  return (dir) => find(resolve(dir));
}
