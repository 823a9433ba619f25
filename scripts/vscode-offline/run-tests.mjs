// `npm run test:integration`: runs test/integration's mocha suites inside a real VS Code, offline.
// Exit code = the mocha result; a run that hangs is stopped after ROADMAP_COACH_TEST_TIMEOUT_S (default 900).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanupAll, launchBrowser, startServer, workbenchUrl } from './harness.mjs';
import { buildOf, paths, repoRoot, vscodeVersion } from './install.mjs';
import { ensureNode } from '../node24.mjs';
import { runUiTests } from './ui-tests.mjs';

const timeoutS = Number(process.env.ROADMAP_COACH_TEST_TIMEOUT_S ?? 900);
const testsPath = resolve(repoRoot, 'out/test/integration/index.js');

/**
 * Each suite set runs in its own fresh VS Code with its own workspace copy and settings. Exercises are checked
 * with the Node 24 installed next to the server (the server's extension host takes PATH from a login shell,
 * where `node` may be older than the 22.6 TypeScript exercises need).
 */
const exerciseNode = { 'roadmapCoach.exercises.nodePath': paths().nodeBin };
const runs = [
  { name: 'webview UI', fixture: 'examples/demo-service', settings: { ...exerciseNode, 'security.workspace.trust.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden' }, ui: true },
  { name: 'trusted workspace', fixture: 'examples/demo-service', settings: { ...exerciseNode, 'security.workspace.trust.enabled': false }, grep: '@restricted', invert: true },
  { name: 'restricted mode', fixture: 'examples/demo-service', settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }, grep: '@restricted', invert: false },
];

/**
 * The VS Code builds every run repeats on: the oldest one `engines.vscode` promises and the newest
 * (install.mjs). ROADMAP_COACH_VSCODE_BUILDS=newest (or oldest, or 1.99) narrows it down.
 */
const builds = (process.env.ROADMAP_COACH_VSCODE_BUILDS ?? 'oldest,newest').split(',').map((b) => buildOf(b.trim()));

/**
 * The learner's Node for exercise checks: a Node 24 named in the user settings, whatever Node the VS Code
 * build itself runs on (1.99's server runs on Node 20, which cannot strip types) and whatever `node` the
 * machine has on PATH (the server resolves the extension host's PATH from the login shell).
 */
const learnerNode = () => ({ 'roadmapCoach.exercises.nodePath': ensureNode({ quiet: true }) });

async function runUi(run) {
  const workspace = mkdtempSync(join(tmpdir(), 'roadmap-coach-ws-'));
  cpSync(resolve(repoRoot, run.fixture), workspace, { recursive: true });
  const server = await startServer({ settings: { ...learnerNode(), ...run.settings }, build: run.build, dialogs: true });
  console.log(`[vscode-offline] VS Code ${server.version} on ${server.url} — ${run.name}`);
  const { browser } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(workbenchUrl(server, { folder: workspace, extensionPath: repoRoot }));
    const r = await Promise.race([
      runUiTests(page, (line) => console.log(line), workspace),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no result after ${timeoutS} s`)), timeoutS * 1000)),
    ]);
    totals.passed += r.passed;
    totals.failed += r.failed;
    console.log(`  ${r.passed} passing, ${r.failed} failing`);
    return r.failed ? 1 : 0;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function runOne(run) {
  if (run.ui) return runUi(run);
  const workspace = mkdtempSync(join(tmpdir(), 'roadmap-coach-ws-'));
  cpSync(resolve(repoRoot, run.fixture), workspace, { recursive: true });
  // The extension host inherits the server's environment: that is how the suites learn which tests to run.
  const server = await startServer({ settings: { ...learnerNode(), ...run.settings }, build: run.build, env: { ROADMAP_COACH_TEST_GREP: run.grep, ROADMAP_COACH_TEST_INVERT: String(run.invert) } });
  console.log(`[vscode-offline] VS Code ${server.version} on ${server.url} — ${run.name} (workspace ${workspace})`);
  const { browser } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const result = new Promise((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    });
    page.on('console', async (msg) => {
      const text = await formatConsole(msg);
      if (NOISE.test(text)) return;
      const line = text.replace(/^\[Extension Host\] /, '');
      const passing = /^\s*(\d+) passing/.exec(line);
      const failing = /^\s*(\d+) failing/.exec(line);
      if (passing) totals.passed += Number(passing[1]);
      if (failing) totals.failed += Number(failing[1]);
      console.log(line);
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

/** Workbench chatter that says nothing about our tests (README: "How the offline VS Code works"). */
const NOISE = /github|service ?worker|gallery|marketplace|Failed to load resource|Resolved connection token|Creating a socket|web worker extension host|allow-same-origin|AccountPolicyGate|AgentHost|reconnection-grace-time|builtin extensions cache|Resolving connection token|Time limit reached when tokenizing|testResults'|cleanupDereferenced|vscode-remote-resource/i;

/** Console messages arrive as a format string plus arguments (`%s`, `%d`, `%c` styles): format them like Node does. */
async function formatConsole(msg) {
  try {
    let values = await Promise.all(msg.args().map((a) => a.jsonValue()));
    // The workbench prefixes '%c INFO' plus a CSS argument, then passes the original format and arguments.
    if (typeof values[0] === 'string' && values[0].startsWith('%c') && typeof values[1] === 'string') values = values.slice(2);
    if (values.length && typeof values[0] === 'string') return format(...values).trimEnd();
  } catch {
    // fall back to the raw text
  }
  return msg.text();
}

const totals = { passed: 0, failed: 0 };
let failed = 0;
const versions = [];
try {
  for (const build of builds) {
    // ROADMAP_COACH_RUNS="webview UI,restricted mode" runs only those suite sets (by name).
    const only = process.env.ROADMAP_COACH_RUNS?.split(',').map((n) => n.trim());
    for (const run of runs.filter((r) => !only || only.includes(r.name))) {
      const code = await runOne({ ...run, build });
      console.log(`[vscode-offline] ${run.name} (${build.name} VS Code): ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
      if (code !== 0) failed++;
    }
    versions.push(`${build.name} ${vscodeVersion(paths(build))}`);
  }
} catch (e) {
  console.error(`[vscode-offline] ${e instanceof Error ? e.message : e}`);
  failed++;
} finally {
  await cleanupAll();
}
if (failed && totals.failed === 0) totals.failed = failed; // a run that crashed or hung counts as a failure
console.log(`integration: ${totals.passed} passed, ${totals.failed} failed (VS Code ${versions.join(', ') || 'none'})`);
process.exit(failed ? 1 : 0);
