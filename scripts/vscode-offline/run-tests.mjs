// `npm run test:integration`: runs test/integration's mocha suites inside a real VS Code, offline.
// Exit code = the mocha result; a run that hangs is stopped after ROADMAP_COACH_TEST_TIMEOUT_S (default 600).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanupAll, launchBrowser, startServer, workbenchUrl } from './harness.mjs';
import { repoRoot } from './install.mjs';

const timeoutS = Number(process.env.ROADMAP_COACH_TEST_TIMEOUT_S ?? 600);
const testsPath = resolve(repoRoot, 'out/test/integration/index.js');

/** Each suite set runs in its own fresh VS Code with its own workspace copy and settings. */
const runs = [
  { name: 'trusted workspace', fixture: 'examples/demo-service', settings: { 'security.workspace.trust.enabled': false }, grep: '@restricted', invert: true },
  { name: 'restricted mode', fixture: 'examples/demo-service', settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }, grep: '@restricted', invert: false },
];

async function runOne(run) {
  const workspace = mkdtempSync(join(tmpdir(), 'roadmap-coach-ws-'));
  cpSync(resolve(repoRoot, run.fixture), workspace, { recursive: true });
  // The extension host inherits the server's environment: that is how the suites learn which tests to run.
  const server = await startServer({ settings: run.settings, env: { ROADMAP_COACH_TEST_GREP: run.grep, ROADMAP_COACH_TEST_INVERT: String(run.invert) } });
  console.log(`[vscode-offline] VS Code ${server.version} on ${server.url} — ${run.name} (workspace ${workspace})`);
  const { browser } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const result = new Promise((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    });
    page.on('console', async (msg) => {
      const text = await formatConsole(msg);
      if (/github|service worker|gallery|marketplace|Failed to load resource|ERR_|%c|\[Extension Host\] $|Ignoring the error|vscode-remote-resource/i.test(text) && !/passing|failing|✔|✓|\d+\) /.test(text)) return;
      console.log(text.replace(/^\[Extension Host\] /, ''));
    });
    await page.goto(workbenchUrl(server, { folder: workspace, extensionPath: repoRoot, testsPath }));
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutS * 1000));
    const code = await Promise.race([result, timer]);
    if (code === 'timeout') {
      console.error(`[vscode-offline] ${run.name}: no result after ${timeoutS} s — the run was stopped.`);
      return 1;
    }
    return code;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Console messages arrive as a format string plus arguments (`%s`, `%d`, `%c` styles): format them like Node does. */
async function formatConsole(msg) {
  try {
    const values = await Promise.all(msg.args().map((a) => a.jsonValue()));
    if (values.length && typeof values[0] === 'string') return format(...values).replace(/^\s*(INFO|ERR|WARN)\s+/, '').trimEnd();
  } catch {
    // fall back to the raw text
  }
  return msg.text();
}

let failed = 0;
try {
  for (const run of runs) {
    const code = await runOne(run);
    console.log(`[vscode-offline] ${run.name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
    if (code !== 0) failed++;
  }
} catch (e) {
  console.error(`[vscode-offline] ${e instanceof Error ? e.message : e}`);
  failed++;
} finally {
  await cleanupAll();
}
process.exit(failed ? 1 : 0);
