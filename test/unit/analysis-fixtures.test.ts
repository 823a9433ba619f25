/**
 * File fixtures, one folder per rule: test/fixtures/analysis/<rule-id>/. Every source file in a folder
 * is one file of a small workspace (its path inside the folder is its workspace path), and each file
 * is checked against its own `// expect: <rule-id>` markers for that rule (a file without markers is
 * a trap: the rule must stay silent there).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RULE_IDS } from '../../src/core/analysis/rules';
import { SOURCE_EXTENSIONS } from '../../src/core/analysis/types';
import { check } from '../fixtures/analysis/helpers';

const FIXTURES = join(__dirname, '../../../test/fixtures/analysis');

function sources(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return SOURCE_EXTENSIONS.some((e) => name.endsWith(e)) ? [p] : [];
  });
}

describe('analysis: fixtures per rule', () => {
  for (const rule of RULE_IDS) {
    const dir = join(FIXTURES, rule);
    it(`${rule} has a fixtures folder with at least one positive and one trap`, () => {
      assert.ok(existsSync(dir), `missing ${dir}`);
      const texts = sources(dir).map((f) => readFileSync(f, 'utf8'));
      assert.ok(texts.some((t) => t.includes(`expect: ${rule}`)), 'no positive fixture');
      assert.ok(texts.some((t) => !t.includes('expect:')), 'no trap fixture');
    });
    if (!existsSync(dir)) continue;
    const files = Object.fromEntries(sources(dir).map((f) => [relative(dir, f).split(sep).join('/'), readFileSync(f, 'utf8')]));
    describe(rule, () => {
      for (const path of Object.keys(files)) {
        it(path, () => {
          for (const f of check(files, path, { rules: [rule] })) {
            // The Problems view shows one line: the first sentence must carry the whole point.
            const first = /^.*?[.!?](?=\s+[A-Z]|$)/s.exec(f.message)?.[0] ?? f.message;
            assert.ok(first.length <= 100, `${rule} at line ${f.range.start.line + 1}: first sentence is ${first.length} characters: "${first}"`);
          }
        });
      }
    });
  }
});
