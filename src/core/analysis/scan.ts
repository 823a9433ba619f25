import ts from 'typescript';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Analyzer } from './engine';
import type { Alias } from './index';
import type { AnalysisConfig, FileResult } from './types';

/** Aliases from the root tsconfig.json/jsconfig.json `paths` and package.json `imports`. */
export function readAliases(root: string): Alias[] {
  const aliases: Alias[] = [];
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = join(root, name);
    const { config } = ts.readConfigFile(file, (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } });
    const opts = (config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined)?.compilerOptions;
    if (!opts?.paths) continue;
    const base = resolve(dirname(file), opts.baseUrl ?? '.');
    for (const [pattern, targets] of Object.entries(opts.paths)) aliases.push({ pattern, targets: targets.map((t) => resolve(base, t)) });
    break;
  }
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports?: Record<string, unknown> };
    for (const [pattern, target] of Object.entries(pkg.imports ?? {})) {
      const t = typeof target === 'string' ? target : typeof target === 'object' && target ? (Object.values(target).find((v) => typeof v === 'string') as string | undefined) : undefined;
      if (t) aliases.push({ pattern, targets: [resolve(root, t)] });
    }
  } catch {
    // no package.json
  }
  return aliases;
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

function readSource(file: string, maxBytes: number): { text?: string; skipped?: string } {
  try {
    const size = statSync(file).size;
    if (size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB` };
    return { text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { skipped: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}

/**
 * Full scan in two passes — index every file, then analyse every file — in slices that yield,
 * so a worker stays responsive to cancellation.
 */
export async function scanFiles(analyzer: Analyzer, files: readonly string[], options: ScanOptions = {}): Promise<{ results: FileResult[]; cancelled: boolean }> {
  const chunk = options.chunk ?? 50;
  const texts = new Map<string, string>();
  const parsed = new Map<string, ts.SourceFile>();
  const results: FileResult[] = [];
  const total = files.length * 2;
  for (let i = 0; i < files.length; i++) {
    if (i % chunk === 0) {
      if (options.isCancelled?.()) return { results, cancelled: true };
      options.onProgress?.({ done: i, total });
      await yieldToLoop();
    }
    const file = files[i]!;
    const { text, skipped } = readSource(file, analyzer.config.maxFileBytes);
    if (text === undefined) {
      results.push({ file, findings: [], skipped: skipped! });
      continue;
    }
    texts.set(file, text);
    const sf = analyzer.indexFile(file, text);
    if (sf) parsed.set(file, sf);
  }
  let batch: FileResult[] = [];
  let i = 0;
  for (const [file, text] of texts) {
    if (i % chunk === 0) {
      if (options.isCancelled?.()) return { results, cancelled: true };
      options.onProgress?.({ done: files.length + i, total });
      if (batch.length) options.onResults?.(batch);
      batch = [];
      await yieldToLoop();
    }
    i++;
    const r = analyzer.analyze(file, text, parsed.get(file));
    parsed.delete(file); // free the tree as soon as it is used
    results.push(r);
    batch.push(r);
  }
  if (batch.length) options.onResults?.(batch);
  options.onProgress?.({ done: total, total });
  return { results, cancelled: false };
}

export function createAnalyzer(root: string, config: AnalysisConfig): Analyzer {
  return new Analyzer(root, { config, aliases: readAliases(root) });
}
