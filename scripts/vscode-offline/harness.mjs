// Runs a real VS Code (the server build from the npm package `code-server`) on loopback and drives its
// web client with Debian's Chromium through playwright-core. No internet needed. See the README.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { ensureInstalled, vscodeVersion } from './install.mjs';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error('Chromium was not found. Install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH.');
  return found;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Processes and folders to clean up, whatever happens. */
const cleanups = new Set();
let cleaning = false;
export async function cleanupAll() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of [...cleanups].reverse()) {
    try { await fn(); } catch { /* keep cleaning */ }
  }
  cleanups.clear();
  cleaning = false;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n[vscode-offline] ${sig}: stopping VS Code and the browser…`);
    void cleanupAll().then(() => process.exit(130));
  });
}

/**
 * Starts VS Code's server in its own process group with throw-away data folders.
 * @param {{ settings?: Record<string, unknown>, quiet?: boolean, env?: Record<string, string>, dataDir?: string, build?: object }} options
 *   dataDir keeps user data between runs (npm start); by default a throw-away folder is used and removed.
 *   build: one of install.mjs's BUILDS (default: the newest VS Code).
 */
/**
 * Starts VS Code's server with VS Code's test driver (`--enable-smoke-test-driver`): a built web workbench
 * loads the extension named in the URL's `payload` only with it. On builds marked `testDriverBlocksDialogs`
 * (1.99) the driver also makes every modal dialog fail ("refused to show dialog in tests") while the payload
 * loads without it, so runs that click through dialogs as a learner would (`dialogs`: Playwright,
 * `npm start`) leave it off there.
 */
export async function startServer({ settings = {}, quiet = true, env = {}, dataDir, build, dialogs = false } = {}) {
  const p = ensureInstalled(build ? { build } : {});
  const smokeTestDriver = !(dialogs && build?.testDriverBlocksDialogs);
  const port = await freePort();
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'roadmap-coach-vscode-'));
  const userDir = join(data, 'user');
  mkdirSync(join(userDir, 'User'), { recursive: true });
  mkdirSync(join(userDir, 'Machine'), { recursive: true });
  const allSettings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'chat.disableAIFeatures': true,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    ...settings,
  };
  if (!dataDir || !existsSync(join(userDir, 'User', 'settings.json'))) writeFileSync(join(userDir, 'User', 'settings.json'), JSON.stringify(allSettings, null, 2));
  writeFileSync(join(userDir, 'Machine', 'settings.json'), JSON.stringify(allSettings, null, 2));
  const args = [
    p.serverMain, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry',
    '--user-data-dir', userDir, '--server-data-dir', join(data, 'server'), '--extensions-dir', join(data, 'extensions'),
    ...(smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
  ];
  // The extension host finds `node` on PATH as a learner's machine would: the Node 24 installed with the server
  // (exercises in TypeScript need Node 22.6+; the system's Node may be older).
  const PATH = `${dirname(p.nodeBin)}${delimiter}${process.env.PATH ?? ''}`;
  const child = spawn(p.nodeBin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH, NODE_OPTIONS: '', ...env } });
  let log = '';
  const onData = (d) => { log += d; if (!quiet) process.stdout.write(`[server] ${d}`); };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const stop = async () => {
    cleanups.delete(stop);
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    // Helpers the server started (agent host, file watcher…) live in the same process group.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already empty */ }
    if (!dataDir) rmSync(data, { recursive: true, force: true });
  };
  cleanups.add(stop);
  const deadline = Date.now() + 60_000;
  while (!/Extension host agent listening|Web UI available|Server bound to/i.test(log)) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) { await stop(); throw new Error(`VS Code server did not start within 60 s:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, url: `http://127.0.0.1:${port}`, version: vscodeVersion(p), stop, pid: child.pid, log: () => log };
}

/** Launches headless Chromium (never downloaded: Debian's package). */
export async function launchBrowser({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const close = async () => { cleanups.delete(close); await browser.close().catch(() => {}); };
  cleanups.add(close);
  return { browser, close };
}

/** The workbench URL that opens `folder` with the extension under development (and, optionally, its tests). */
export function workbenchUrl(server, { folder, extensionPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const q = new URLSearchParams({ folder, payload: JSON.stringify(payload) });
  return `${server.url}/?${q}`;
}

/** Runs a command through the Command Palette of the web workbench. */
export async function runCommand(page, title) {
  // The filter box: older workbenches also have checkbox inputs in the list below it. F1 does nothing
  // while the focus sits in a closed menu or the Notification Center: Escape hands it back, then try again.
  // An editor that opens meanwhile (an exercise's file after its install, say) takes the focus and the keys:
  // the filter box must still hold the whole title before Enter.
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const shown = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (shown) {
      await page.keyboard.type(title);
      const value = await input.inputValue({ timeout: 2_000 }).catch(() => '');
      if ((await input.isVisible()) && value.replace(/^>\s*/, '') === title) break;
    }
    if (attempt >= 3) throw new Error(`the Command Palette did not open to run "${title}"`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  }
  // On a loaded machine the list filters late: Enter before that would run whichever command was first.
  const wanted = title.toLowerCase();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const label = await page.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 500 }).catch(() => null);
    if (label?.toLowerCase().includes(wanted)) break;
    await page.waitForTimeout(150);
  }
  await page.keyboard.press('Enter');
}
