// `npm run test:desktop`: the same integration suites through @vscode/test-electron, which downloads a
// desktop VS Code (needs internet; use `npm run test:integration` offline).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const workspace = mkdtempSync(join(tmpdir(), 'roadmap-coach-ws-'));
cpSync(join(root, 'examples', 'demo-service'), workspace, { recursive: true });
const version = process.argv.find((a) => a.startsWith('--vscode='))?.slice(9) ?? 'stable';
try {
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { ROADMAP_COACH_TEST_GREP: '@restricted', ROADMAP_COACH_TEST_INVERT: 'true' },
  });
} catch (e) {
  console.error(`Integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
