import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../core/analysis/worker';
import type { AnalysisConfig, FileResult } from '../core/analysis/types';

/** Talks to dist/analysis-worker.js; restarts it if it dies. */
export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly handlers = new Map<number, (msg: WorkerResponse) => void>();
  private config: { root: string; config: AnalysisConfig } | undefined;

  constructor(private readonly script: string, private readonly log: (message: string) => void) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 48 } });
    w.on('message', (msg: WorkerResponse) => {
      if ('id' in msg) this.handlers.get(msg.id)?.(msg);
    });
    w.on('error', (e) => this.log(`analysis worker error: ${e.message}`));
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      for (const [id, h] of this.handlers) h({ type: 'error', id, message: `analysis worker exited (${code})` });
      this.handlers.clear();
    });
    this.worker = w;
    if (this.config) w.postMessage({ type: 'configure', ...this.config } satisfies WorkerRequest);
    return w;
  }

  configure(root: string, config: AnalysisConfig): void {
    this.config = { root, config };
    this.ensure().postMessage({ type: 'configure', root, config } satisfies WorkerRequest);
  }

  analyze(file: string, text: string): Promise<{ result: FileResult; durationMs: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.handlers.set(id, (msg) => {
        this.handlers.delete(id);
        if (msg.type === 'analyzed') resolve({ result: msg.result, durationMs: msg.durationMs });
        else if (msg.type === 'error') reject(new Error(msg.message));
      });
      this.ensure().postMessage({ type: 'analyze', id, file, text } satisfies WorkerRequest);
    });
  }

  remove(file: string): void {
    this.worker?.postMessage({ type: 'remove', file } satisfies WorkerRequest);
  }

  scan(
    filter: { include: string[]; exclude: string[] },
    on: { listed(files: number, problems: string[]): void; results(r: FileResult[]): void; progress(done: number, total: number): void },
    signal: { onCancel(cb: () => void): void },
  ): Promise<{ cancelled: boolean; durationMs: number; files: number }> {
    const id = this.nextId++;
    const w = this.ensure();
    signal.onCancel(() => w.postMessage({ type: 'cancel', id } satisfies WorkerRequest));
    return new Promise((resolve, reject) => {
      this.handlers.set(id, (msg) => {
        if (msg.type === 'results') on.results(msg.results);
        else if (msg.type === 'progress') on.progress(msg.done, msg.total);
        else if (msg.type === 'listed') on.listed(msg.files, msg.problems);
        else if (msg.type === 'done') {
          this.handlers.delete(id);
          resolve({ cancelled: msg.cancelled, durationMs: msg.durationMs, files: msg.files });
        } else if (msg.type === 'error') {
          this.handlers.delete(id);
          reject(new Error(msg.message));
        }
      });
      w.postMessage({ type: 'scan', id, ...filter } satisfies WorkerRequest);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
