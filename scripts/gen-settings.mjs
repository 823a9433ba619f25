// Writes the rule-severity settings (`roadmapCoach.diagnostics.rules` in package.json
// `contributes.configuration`) from the rule registry (src/core/analysis/rules/index.ts), so adding a
// rule never means editing package.json by hand. `--check` only reports drift (exit 1).
// A unit test (test/unit/analysis-registry.test.ts) fails when the committed package.json drifts.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

const KEY = 'roadmapCoach.diagnostics.rules';
const out = await esbuild.build({ entryPoints: ['src/core/analysis/config.ts'], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning', external: ['typescript'] });
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const wanted = mod.exports.ruleSettingsSchema();

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const section = pkg.contributes.configuration.find((c) => c.properties && KEY in c.properties);
if (!section) throw new Error(`package.json: no contributes.configuration section declares ${KEY}`);
if (isDeepStrictEqual(section.properties[KEY], wanted)) {
  console.log(`package.json ${KEY} is up to date`);
} else if (process.argv.includes('--check')) {
  console.error(`package.json ${KEY} differs from the rule registry: run npm run gen:settings`);
  process.exitCode = 1;
} else {
  section.properties[KEY] = wanted;
  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
  console.log(`wrote package.json ${KEY}`);
}
