// Tests that click through the real workbench and the lesson webview with Playwright — the paths the
// extension-host suites cannot reach: webview → extension → webview, under the real CSP.
import assert from 'node:assert/strict';
import { runCommand } from './harness.mjs';

async function lessonFrame(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (await f.$(selector).catch(() => null)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}`);
}

/** @param {import('playwright-core').Page} page */
export async function runUiTests(page, log) {
  const results = { passed: 0, failed: 0 };
  const test = async (name, fn) => {
    try {
      await fn();
      results.passed++;
      log(`  ✔ ${name}`);
    } catch (e) {
      results.failed++;
      log(`  ✘ ${name}\n    ${(e instanceof Error ? e.stack ?? e.message : String(e)).split('\n').slice(0, 6).join('\n    ')}`);
    }
  };
  log('  Webview UI (Playwright)');
  await page.waitForSelector('.statusbar-item:has-text("Roadmap")', { timeout: 60_000 });

  let frame;
  await test('Open Lesson from the palette renders the lesson in the webview', async () => {
    await runCommand(page, 'Roadmap Coach: Open Lesson');
    await page.waitForTimeout(600);
    await page.keyboard.type('Caching and Performance');
    await page.waitForTimeout(400);
    await page.keyboard.press('Enter');
    frame = await lessonFrame(page, '#root .quiz');
    assert.match(await frame.locator('article h1').innerText(), /Phase 6/);
  });

  await test('answering a quiz question shows the verdict and every explanation', async () => {
    const question = frame.locator('fieldset[data-question]').first();
    await question.locator('button.option').nth(1).click();
    await frame.waitForSelector('fieldset[data-question][data-answered]', { timeout: 10_000 });
    const explanations = await question.locator('.explanation').allInnerTexts();
    assert.equal(explanations.length, await question.locator('button.option').count());
    assert.ok(explanations.every((t) => t.trim().length > 0));
    assert.match(await frame.locator('.quiz-score').innerText(), /1 answered/);
  });

  await test('"Mark topic done" in the panel updates the panel and the status bar', async () => {
    const status = page.locator('.statusbar-item:has-text("Roadmap")').first();
    const before = await status.innerText();
    await frame.locator('button.topic-done').first().click();
    await frame.waitForSelector('button.topic-done[aria-pressed="true"]', { timeout: 10_000 });
    const deadline = Date.now() + 10_000;
    while ((await status.innerText()) === before) {
      assert.ok(Date.now() < deadline, `the status bar still says "${before}"`);
      await page.waitForTimeout(200);
    }
  });

  await test('the Roadmap view shows the phase\'s new progress', async () => {
    await page.click('.activitybar [aria-label^="Roadmap Coach"]');
    const row = page.locator('.monaco-list-row[aria-label*="Phase 6"]');
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.getAttribute('aria-label'), /1 of 4 topics done/);
  });

  await test('the next-phase button navigates inside the panel', async () => {
    await frame.locator('button[data-nav="next"]').click();
    frame = await lessonFrame(page, '#root article h1');
    await page.waitForTimeout(500);
    frame = await lessonFrame(page, '#root .quiz');
    assert.match(await frame.locator('article h1').innerText(), /Phase 7/);
  });

  return results;
}
