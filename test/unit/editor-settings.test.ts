import * as assert from 'node:assert/strict';
import { ExerciseSettingsSchema, NotesSettingsSchema, parseSection } from '../../src/core/editorSettings';

describe('editor settings', () => {
  it('keeps every valid value and replaces only the invalid ones, naming each', () => {
    const { value, problems } = parseSection(ExerciseSettingsSchema, { folder: '../outside', timeoutSeconds: 2, nodePath: ' /opt/node/bin/node ', watch: true });
    assert.deepEqual(value, { folder: 'roadmap-exercises', timeoutSeconds: 60, nodePath: '/opt/node/bin/node', watch: true });
    assert.deepEqual(problems.map((p) => p.split(':')[0]), ['folder', 'timeoutSeconds']);
  });

  it('uses the defaults for missing values without reporting them', () => {
    assert.deepEqual(parseSection(ExerciseSettingsSchema, {}), { value: { folder: 'roadmap-exercises', timeoutSeconds: 60, nodePath: '', watch: false }, problems: [] });
    assert.deepEqual(parseSection(NotesSettingsSchema, { folder: 42 }).problems.length, 1);
  });

  it('accepts a nested exercises folder inside the workspace', () => {
    assert.equal(parseSection(ExerciseSettingsSchema, { folder: 'learning/exercises' }).value.folder, 'learning/exercises');
    assert.equal(parseSection(ExerciseSettingsSchema, { folder: '/tmp/x' }).value.folder, 'roadmap-exercises');
  });
});
