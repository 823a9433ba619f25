// `npm run screenshots`: takes the README's screenshots from the real VS Code through the offline harness:
// the roadmap sidebar, a lesson beside the code, and coaching diagnostics, in a dark and a light theme.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanupAll, launchBrowser, startServer, workbenchUrl } from './harness.mjs';
import { repoRoot } from './install.mjs';

const outDir = resolve(repoRoot, 'docs', 'images');
mkdirSync(outDir, { recursive: true });
const themes = [
  { name: 'dark', theme: 'Default Dark Modern' },
  { name: 'light', theme: 'Default Light Modern' },
];

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
}

async function shoot({ name, theme }) {
  const workspace = mkdtempSync(join(tmpdir(), 'roadmap-coach-shot-'));
  cpSync(resolve(repoRoot, 'examples/demo-service'), workspace, { recursive: true });
  const server = await startServer({ settings: { 'security.workspace.trust.enabled': false, 'workbench.colorTheme': theme, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false, 'editor.minimap.enabled': false } });
  const { browser } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(workbenchUrl(server, { folder: workspace, extensionPath: repoRoot }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    await page.waitForTimeout(4000);
    // The code with its coaching diagnostics
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('order-service.ts');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
    // The roadmap sidebar
    await page.click('.activitybar [aria-label^="Roadmap Coach"]');
    await page.waitForSelector('.monaco-list-row[aria-label*="Phase 2"]', { timeout: 30_000 });
    await page.click('.monaco-list-row[aria-label*="Phase 2"]');
    await page.waitForTimeout(800);
    // A lesson beside the code
    await runCommand(page, 'Roadmap Coach: Open Lesson');
    await page.waitForTimeout(800);
    await page.keyboard.type('Node.js Runtime');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(4000);
    await runCommand(page, 'View: Focus Problems');
    await page.waitForTimeout(1500);
    const file = join(outDir, `overview-${name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

try {
  for (const t of themes) await shoot(t);
} finally {
  await cleanupAll();
}
