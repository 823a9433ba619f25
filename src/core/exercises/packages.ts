import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Exercise } from './catalogue';

/** `name@range` of each npm package the exercise needs, for messages. */
export function describePackages(exercise: Pick<Exercise, 'packages'>): string[] {
  return Object.entries(exercise.packages ?? {}).map(([name, range]) => `${name}@${range}`);
}

/** Packages of the manifest that are not installed in the exercise folder's node_modules. */
export function missingPackages(exercise: Pick<Exercise, 'packages'>, dir: string): string[] {
  return Object.keys(exercise.packages ?? {}).filter((name) => !existsSync(join(dir, 'node_modules', ...name.split('/'), 'package.json')));
}

/** The text a check shows instead of running tests that cannot import their packages. */
export function missingPackagesMessage(missing: string[], dir: string): string {
  return `This exercise needs ${missing.join(', ')} from npm, installed in its own folder, and ${missing.length === 1 ? 'it is' : 'they are'} not there yet. Run \`npm install\` in ${dir} (it installs what package.json lists), then check again.`;
}

export interface InstallResult {
  ok: boolean;
  exitCode: number | null;
  /** What npm printed (the end of it), for the output channel and error messages. */
  output: string;
}

/**
 * Runs `npm install` in the exercise folder (it installs the starter package.json's `dependencies`).
 * `onLine` receives npm's output line by line, for a progress display.
 */
export function installPackages(dir: string, options: { npm?: string; signal?: AbortSignal; onLine?: (line: string) => void } = {}): Promise<InstallResult> {
  const npm = options.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
  return new Promise((resolve) => {
    const child = spawn(npm, ['install', '--no-audit', '--no-fund', '--loglevel=http'], {
      cwd: dir,
      shell: process.platform === 'win32',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let output = '';
    const take = (d: Buffer) => {
      const text = d.toString('utf8');
      output = (output + text).slice(-20_000);
      for (const line of text.split('\n')) if (line.trim()) options.onLine?.(line.trim());
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (e) => resolve({ ok: false, exitCode: null, output: `${output}\n${e.message}`.trim() }));
    child.on('close', (code) => resolve({ ok: code === 0, exitCode: code, output: output.trim() }));
  });
}
