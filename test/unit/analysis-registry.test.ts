import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, ruleSettingsSchema } from '../../src/core/analysis/config';
import { RULE_IDS, RULES } from '../../src/core/analysis/rules';
import { toSarif } from '../../src/core/analysis/sarif';
import { DEFAULT_CONFIG } from '../../src/core/analysis/types';

const REPO = join(__dirname, '../../..');

describe('analysis: rule registry', () => {
  it('package.json declares exactly the registry\'s rule severities (npm run gen:settings)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> }[] } };
    const declared = pkg.contributes.configuration.map((c) => c.properties['roadmapCoach.diagnostics.rules']).find(Boolean);
    assert.deepEqual(declared, ruleSettingsSchema(), 'package.json drifted from src/core/analysis/rules: run npm run gen:settings');
  });

  it('every rule links to a lesson topic that exists', () => {
    const roadmap = JSON.parse(readFileSync(join(REPO, 'content/roadmap.json'), 'utf8')) as { phases: { id: string; topics: { id: string }[] }[] };
    for (const id of RULE_IDS) {
      const { phaseId, topicId } = RULES[id].lesson;
      const phase = roadmap.phases.find((p) => p.id === phaseId);
      assert.ok(phase?.topics.some((t) => t.id === topicId), `${id}: no topic ${phaseId}#${topicId}`);
    }
  });

  it('default config and SARIF descriptors come from the registry', () => {
    assert.deepEqual(Object.keys(DEFAULT_CONFIG.rules), [...RULE_IDS]);
    const sarif = toSarif([], '/root') as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    assert.deepEqual(sarif.runs[0]!.tool.driver.rules.map((r) => r.id), [...RULE_IDS]);
  });
});

describe('analysis: settings resolution', () => {
  it('keeps every valid field when one is invalid, and names the invalid one', () => {
    const r = resolveConfig({ rules: { 'floating-promise': 'error' }, exclude: ['gen/**'], timeoutMs: -1 });
    assert.equal(r.analysis.rules['floating-promise'], 'error');
    assert.equal(r.analysis.rules['console-in-service'], DEFAULT_CONFIG.rules['console-in-service']);
    assert.deepEqual(r.exclude, ['gen/**']);
    assert.equal(r.analysis.timeoutMs, DEFAULT_CONFIG.timeoutMs);
    assert.equal(r.problems.length, 1, r.problems.join('\n'));
    assert.match(r.problems[0]!, /^timeoutMs: .*\(got -1\)$/);
  });

  it('reports each invalid field and rule on its own line', () => {
    const r = resolveConfig({ rules: { 'offset-pagination': 'loud', nope: 'off', 'missing-timeout': 'hint' }, include: ['src/**', 3], maxFileSizeKB: 100_000, servicePaths: 'lib/**', color: true });
    assert.equal(r.analysis.rules['missing-timeout'], 'hint');
    assert.equal(r.analysis.rules['offset-pagination'], DEFAULT_CONFIG.rules['offset-pagination']);
    assert.deepEqual(r.include, ['src/**']);
    assert.equal(r.analysis.maxFileBytes, DEFAULT_CONFIG.maxFileBytes);
    const fields = r.problems.map((p) => p.split(':')[0]).sort();
    assert.deepEqual(fields, ['color', 'include[1]', 'maxFileSizeKB', 'rules.nope', 'rules.offset-pagination', 'servicePaths']);
  });

  it('a value that is not an object is reported and every default used', () => {
    const r = resolveConfig([1]);
    assert.deepEqual(r.problems, ['config: expected an object (got an array)']);
    assert.deepEqual(r.analysis, DEFAULT_CONFIG);
  });
});
