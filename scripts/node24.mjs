// A Node 24 runtime for running the TypeScript exercises in the project's own tests (Node strips the
// types itself from 22.18/23.6 on). Reuses the one the offline VS Code harness installed; otherwise
// installs ONLY the Node package from the npm registry into `<cache>/node24/` (a folder the harness
// never wipes), once. Prints the executable's path on stdout; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, paths, NODE_RUNTIME_RANGE } from './vscode-offline/install.mjs';

const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];

function binIn(packageDir) {
  return [join(packageDir, 'bin', 'node'), join(packageDir, 'bin', 'node.exe'), join(packageDir, 'node.exe')].find((p) => existsSync(p));
}

function works(bin) {
  const r = spawnSync(bin, ['-e', 'process.stdout.write(process.versions.node)'], { encoding: 'utf8' });
  return r.status === 0 && Number(r.stdout.split('.')[0]) >= 24;
}

/** Path of a Node 24 executable, installing it from the npm registry into the cache when needed. */
export function ensureNode({ quiet = false } = {}) {
  const harness = paths().nodeBin;
  if (existsSync(harness) && works(harness)) return harness;
  if (!platform) throw new Error(`no Node package on the npm registry for ${process.platform}`);
  const pkg = `node-${platform}-${process.arch}`;
  const dir = join(cacheDir(), 'node24');
  const existing = binIn(join(dir, 'node_modules', pkg));
  if (existing && works(existing)) return existing;
  if (!quiet) console.error(`[node24] installing ${pkg}@${NODE_RUNTIME_RANGE} from the npm registry into ${dir} (once)…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'roadmap-coach-node24', private: true }, null, 2));
  // Under `npm test` the parent npm's settings arrive as npm_* variables; install with a clean slate.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${NODE_RUNTIME_RANGE}`], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`npm install ${pkg} failed (exit ${r.status ?? r.signal})`);
  const bin = binIn(join(dir, 'node_modules', pkg));
  if (!bin || !works(bin)) throw new Error(`${pkg} installed but no working Node 24 executable in ${dir}`);
  return bin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(ensureNode() + '\n');
  } catch (e) {
    console.error(`[node24] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
