/**
 * Worker thread that owns the analysis engine, so full scans and re-analysis never run on the
 * extension host's main thread. Messages are plain data (see WorkerRequest/WorkerResponse).
 */
import { parentPort } from 'node:worker_threads';
import { createAnalyzer, scanFiles } from './scan';
import { listSourceFiles } from '../fs/walk';
import type { Analyzer } from './engine';
import type { AnalysisConfig, FileResult } from './types';

export type WorkerRequest =
  | { type: 'configure'; root: string; config: AnalysisConfig }
  /** Lists the workspace's source files (in the worker: no file-system walk on the extension host) and analyses them. */
  | { type: 'scan'; id: number; include: string[]; exclude: string[] }
  | { type: 'analyze'; id: number; file: string; text: string }
  | { type: 'remove'; file: string }
  | { type: 'cancel'; id: number };

export type WorkerResponse =
  | { type: 'listed'; id: number; files: number; problems: string[] }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'results'; id: number; results: FileResult[] }
  | { type: 'done'; id: number; cancelled: boolean; durationMs: number; files: number }
  | { type: 'analyzed'; id: number; result: FileResult; durationMs: number }
  | { type: 'error'; id: number; message: string };

let analyzer: Analyzer | undefined;
const cancelled = new Set<number>();

function post(msg: WorkerResponse): void {
  parentPort?.postMessage(msg);
}

parentPort?.on('message', (msg: WorkerRequest) => {
  switch (msg.type) {
    case 'configure':
      analyzer = createAnalyzer(msg.root, msg.config);
      break;
    case 'cancel':
      cancelled.add(msg.id);
      break;
    case 'remove':
      analyzer?.remove(msg.file);
      break;
    case 'analyze': {
      if (!analyzer) return post({ type: 'error', id: msg.id, message: 'not configured' });
      const started = performance.now();
      const result = analyzer.analyze(msg.file, msg.text);
      post({ type: 'analyzed', id: msg.id, result, durationMs: performance.now() - started });
      break;
    }
    case 'scan': {
      if (!analyzer) return post({ type: 'error', id: msg.id, message: 'not configured' });
      const started = performance.now();
      const a = analyzer;
      const { files, problems } = listSourceFiles(a.root, msg.include, msg.exclude);
      post({ type: 'listed', id: msg.id, files: files.length, problems });
      void scanFiles(a, files, {
        chunk: 25,
        isCancelled: () => cancelled.has(msg.id),
        onProgress: (p) => post({ type: 'progress', id: msg.id, ...p }),
        onResults: (results) => post({ type: 'results', id: msg.id, results }),
      }).then(
        (r) => {
          cancelled.delete(msg.id);
          post({ type: 'done', id: msg.id, cancelled: r.cancelled, durationMs: performance.now() - started, files: files.length });
        },
        (e: unknown) => post({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) }),
      );
      break;
    }
  }
});
