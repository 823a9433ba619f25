import assert from 'node:assert/strict';
import { isFrontend, isServiceCode, isTestPath } from '../../src/core/analysis/classify';
import { analyzeIn, applyFix, check, fixNamed, lineOf, workspace } from '../fixtures/analysis/helpers';

describe('analysis: precision on real-code patterns (issue #14)', () => {
  it('frontend floating promises are not told they crash the process; backend ones are', () => {
    const [front] = check({ 'shared/editor/a.ts': "async function save() {}\ndocument.title = 'x';\nsave(); // expect: floating-promise\n" }, undefined, { rules: ['floating-promise'] });
    assert.doesNotMatch(front!.message, /crash/);
    assert.match(front!.message, /browser console/);
    const [back] = check({ 'src/jobs/a.ts': 'async function save() {}\nsave(); // expect: floating-promise\n' }, undefined, { rules: ['floating-promise'] });
    assert.match(back!.message, /crashes Node/);
  });

  it('frontend by DOM usage, not only by folder', () => {
    assert.equal(isFrontend('shared/editor/a.ts', [], 'const el = document.getElementById("x");'), true);
    assert.equal(isFrontend('shared/editor/a.ts', [], 'if (!(f instanceof Blob)) return;'), true);
    assert.equal(isFrontend('shared/editor/a.ts', ['react-dom/client'], ''), true);
    assert.equal(isFrontend('src/jobs/a.ts', [], 'const size = new Blob([b]).size;'), false);
    assert.equal(isFrontend('src/jobs/a.ts', ['express'], 'window.x = 1;'), false);
  });

  it('test files by common conventions', () => {
    for (const p of ['src/a.e2e-spec.ts', 'test/a.ts', 'integration-tests/a.ts', 'src/__tests__/a.ts', 'src/a.spec.helpers.ts', 'src/test-utils.ts', 'src/test-utils/db.ts', 'apps/api/e2e-tests/x.ts', 'src/a.int-test.ts', 'src/a.test.tsx']) {
      assert.equal(isTestPath(p), true, p);
    }
    for (const p of ['src/testimonials/a.ts', 'src/latest.ts', 'src/contest.service.ts', 'src/attestation.ts']) assert.equal(isTestPath(p), false, p);
  });

  it('service code: request-time code under config/, domain classes under core/', () => {
    assert.equal(isServiceCode('src/config/passport.ts', ['passport', 'passport-jwt'], false), true);
    assert.equal(isServiceCode('src/config/mailer.ts', ['nodemailer'], false), true);
    assert.equal(isServiceCode('src/config/index.ts', ['express'], false), false);
    assert.equal(isServiceCode('src/core/order.ts', [], false, 'export class Order {}'), true);
    assert.equal(isServiceCode('src/core/util.ts', [], false, 'export const add = (a: number, b: number) => a + b;'), false);
    assert.equal(isServiceCode('src/config/environment.ts', ['dotenv'], false), false);
  });
});

describe('analysis: misused-promise', () => {
  it('forEach(async …) in an async function: the fix awaits them all with Promise.all(map)', () => {
    const text = 'declare function go(x: string): Promise<void>;\nexport async function all(xs: string[]) {\n  xs.forEach(async (x) => { await go(x); }); // expect: misused-promise\n}\n';
    const [f] = check({ 'src/jobs/a.ts': text }, undefined, { rules: ['misused-promise'] });
    assert.equal(f!.lesson.phaseId, 'node-runtime');
    assert.equal(lineOf(applyFix(text, fixNamed(f!, /Promise\.all/)), 3), '  await Promise.all(xs.map(async (x) => { await go(x); }));');
  });

  it('is its own rule: floating-promise off leaves it on, and the reverse', () => {
    const text = "import { EventEmitter } from 'node:events';\nconst bus = new EventEmitter();\nasync function go() {}\nbus.on('x', async () => { await go(); });\ngo();\n";
    const rules = (config: { rules: Record<string, 'off'> }) => analyzeIn(workspace({}, { config }), 'src/jobs/b.ts', text).map((f) => f.rule);
    assert.deepEqual(rules({ rules: { 'floating-promise': 'off' } }), ['misused-promise']);
    assert.deepEqual(rules({ rules: { 'misused-promise': 'off' } }), ['floating-promise']);
  });
});
