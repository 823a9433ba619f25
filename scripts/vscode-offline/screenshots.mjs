/* global window -- the page.evaluate callbacks run in the webview, where window exists */
// `npm run screenshots`: takes the README's screenshots from the real VS Code through the offline harness:
// the roadmap sidebar, a lesson beside the code, and coaching diagnostics, in a dark and a light theme.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanupAll, launchBrowser, runCommand, startServer, workbenchUrl } from './harness.mjs';
import { repoRoot } from './install.mjs';

const outDir = resolve(repoRoot, 'docs', 'images');
mkdirSync(outDir, { recursive: true });
const themes = [
  { name: 'dark', theme: 'Default Dark Modern' },
  { name: 'light', theme: 'Default Light Modern' },
];

async function lessonFrame(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) if (await f.$(selector).catch(() => null)) return f;
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}`);
}

async function shoot({ name, theme }) {
  const workspace = mkdtempSync(join(tmpdir(), 'roadmap-coach-shot-'));
  cpSync(resolve(repoRoot, 'examples/demo-service'), workspace, { recursive: true });
  const server = await startServer({ settings: { 'security.workspace.trust.enabled': false, 'workbench.colorTheme': theme, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false, 'editor.minimap.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.commandCenter.enabled': false,
    // The demo's npm dependencies are not installed, so TypeScript's own "cannot find module" errors would fill the view.
    'typescript.validate.enable': false } });
  const { browser } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(workbenchUrl(server, { folder: workspace, extensionPath: repoRoot }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    await page.waitForTimeout(4000);
    // The code with its coaching diagnostics: open it from the Problems view (file search needs ripgrep,
    // which the offline build does not ship).
    await runCommand(page, 'View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'console.log' }).first();
    await problem.waitFor({ timeout: 60_000 });
    await problem.dblclick();
    await page.waitForTimeout(2000);
    // The roadmap sidebar
    await page.click('.activitybar [aria-label^="Roadmap Coach"]');
    await page.waitForSelector('.monaco-list-row[aria-label*="Phase 2"]', { timeout: 30_000 });
    await page.click('.monaco-list-row[aria-label*="Phase 2"]');
    await page.waitForTimeout(800);
    // A lesson beside the code
    await page.click('.monaco-editor .view-lines');
    await runCommand(page, 'Roadmap Coach: Open Lesson');
    await page.waitForTimeout(800);
    await page.keyboard.type('Node.js Runtime');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(4000);
    const file = join(outDir, `overview-${name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    // A topic as the learner meets it: objectives, a diagram in the theme's colours, then a checkpoint answered.
    const frame = await lessonFrame(page, 'aside.objectives');
    await runCommand(page, 'View: Close Primary Side Bar');
    await frame.locator('aside.objectives').first().evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 90));
    await page.waitForTimeout(1000);
    const topic = join(outDir, `lesson-topic-${name}.png`);
    await page.screenshot({ path: topic });
    console.log(`wrote ${topic}`);
    const card = frame.locator('.checkpoint-card fieldset').first();
    await card.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 40));
    const option = card.locator('button.option').first();
    if (await option.count()) await option.click();
    else await card.locator('button[data-action="check"]').click().catch(() => {});
    await page.waitForTimeout(1500);
    const checkpoint = join(outDir, `lesson-checkpoint-${name}.png`);
    await page.screenshot({ path: checkpoint });
    console.log(`wrote ${checkpoint}`);
    // Every coaching rule's finding in the demo, in the Problems view (maximised so each message has room).
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Focus Problems');
    await runCommand(page, 'View: Toggle Maximized Panel');
    await page.waitForTimeout(1500);
    const problems = join(outDir, `problems-${name}.png`);
    await page.screenshot({ path: problems });
    console.log(`wrote ${problems}`);
    await runCommand(page, 'View: Toggle Maximized Panel');
    await runCommand(page, 'View: Close Panel');
    // A review session: progress from another machine two days ago, imported from the Explorer; one question is due.
    const day = 24 * 3600 * 1000;
    const then = Date.now() - 2 * day;
    const at = new Date(then).toISOString();
    writeFileSync(join(workspace, 'roadmap-coach-progress.json'), JSON.stringify({
      version: 2, topics: {}, exercises: {},
      quizzes: { caching: { 'ttl-jitter': { answer: [0], correct: false, at } } },
      review: { 'caching/ttl-jitter': { box: 1, due: new Date(then + day).toISOString(), at, reviews: 0, lapses: 1 } },
    }));
    await runCommand(page, 'View: Show Explorer');
    const exported = page.locator('.monaco-list-row[aria-label*="roadmap-coach-progress.json"]');
    await exported.waitFor({ timeout: 30_000 });
    const importItem = page.locator('.context-view .action-label', { hasText: 'Import Progress' }).first();
    for (let attempt = 1; ; attempt++) {
      await exported.click({ button: 'right' });
      if (await importItem.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      await page.keyboard.press('Escape');
      if (attempt >= 3) throw new Error('the Explorer context menu never offered Import Progress');
    }
    await importItem.click();
    await page.waitForTimeout(1500);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'Roadmap Coach: Open Roadmap');
    await page.locator('.monaco-list-row[aria-label="Review, 1 question due"]').first().waitFor({ timeout: 30_000 }).catch(async (e) => {
      await page.screenshot({ path: join(tmpdir(), `roadmap-coach-review-${name}.png`) }).catch(() => {});
      throw e;
    });
    await runCommand(page, 'Roadmap Coach: Start Review');
    const review = await lessonFrame(page, 'main.review fieldset');
    await review.locator('main.review fieldset button.option').first().waitFor();
    await page.waitForTimeout(1500);
    const reviewShot = join(outDir, `review-${name}.png`);
    await page.screenshot({ path: reviewShot });
    console.log(`wrote ${reviewShot}`);
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
