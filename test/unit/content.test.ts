import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentService } from '../../src/core/content/service';
import { loadRoadmap, loadQuiz, type ContentReader } from '../../src/core/content/loader';
import { roadmapJsonSchema } from '../../src/core/content/schema';
import { loadCatalogue } from '../../src/core/exercises/catalogue';
import { nextTopic } from '../../src/core/content/next';
import { Commands } from '../../src/vscode/commands';

const ROOT = join(__dirname, '..', '..', '..');
const CONTENT = join(ROOT, 'content');

function memoryReader(files: Record<string, string>): ContentReader {
  return (rel) => (rel in files ? Promise.resolve(files[rel]!) : Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' })));
}

const phase = (id: string, number: number, extra: Record<string, unknown> = {}) => ({
  id, number, title: `Phase ${number}`, summary: 's', outcome: 'o', lesson: `phases/${number}.md`, topics: [{ id: 't', title: 'T' }], exercises: [], ...extra,
});

describe('content: the real roadmap', () => {
  it('loads 17 phases (0–16) with no problems, every exercise present and listed', async () => {
    const content = new ContentService(CONTENT);
    const roadmap = await content.load();
    assert.deepEqual(content.problems, [], 'content problems: ' + JSON.stringify(content.problems, null, 2));
    assert.deepEqual(roadmap.phases.map((p) => p.number), [...Array(17).keys()]);
    for (const p of roadmap.phases) {
      const { lesson, problems } = await content.lesson(p);
      assert.ok(lesson, `lesson of ${p.id}`);
      assert.deepEqual(problems, [], `lesson problems of ${p.id}`);
      const quiz = await content.quiz(p);
      assert.deepEqual(quiz.problems, [], `quiz problems of ${p.id}`);
      assert.ok(quiz.quiz, `quiz of ${p.id}`);
    }
    const listed = roadmap.phases.flatMap((p) => p.exercises);
    assert.deepEqual([...listed].sort(), content.exercises.map((e) => e.id).sort(), 'roadmap.json lists every exercise exactly once');
    for (const p of roadmap.phases) {
      for (const id of p.exercises) assert.equal(content.exercise(id)!.phase, p.number, `${id} declares the phase that lists it`);
      assert.ok(p.exercises.length >= 1, `phase ${p.number} has at least one exercise`);
    }
    assert.ok(content.exercises.length >= 25, `at least 25 exercises (have ${content.exercises.length})`);
  });

  it('publishes an up-to-date JSON Schema for the manifest (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(CONTENT, 'roadmap.schema.json'), 'utf8')) as Record<string, unknown>;
    const { title: _t, ...rest } = committed;
    assert.deepEqual(rest, roadmapJsonSchema());
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.contributes.jsonValidation[0].url, './content/roadmap.schema.json');
  });

  it('package.json contributes exactly the command table, each with a category', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const cmds = pkg.contributes.commands as { command: string; category?: string; title: string }[];
    assert.deepEqual(cmds.map((c) => c.command).sort(), Object.values(Commands).sort());
    for (const c of cmds) assert.equal(c.category, 'Roadmap Coach', `${c.command} has the category`);
    for (const [key, value] of Object.entries(pkg.contributes.configuration.flatMap((s: { properties: Record<string, { markdownDescription?: string }> }) => Object.entries(s.properties)))) {
      void key;
      const [name, prop] = value as [string, { markdownDescription?: string }];
      assert.ok(prop.markdownDescription && prop.markdownDescription.length > 20, `${name} has a description`);
    }
  });

  it('Continue picks the first topic not done, in reading order', async () => {
    const roadmap = await new ContentService(CONTENT).load();
    const first = nextTopic(roadmap.phases, () => false)!;
    assert.deepEqual(first, { phaseId: 'backend-role', topicId: 'role-and-boundaries' });
    const afterPhase0 = nextTopic(roadmap.phases, (k) => k.startsWith('backend-role/'))!;
    assert.equal(afterPhase0.phaseId, 'foundations');
    assert.equal(nextTopic(roadmap.phases, () => true), undefined);
  });
});

describe('content: broken input is reported and the rest still loads', () => {
  it('names the file and the field of a broken phase and keeps the others', async () => {
    const manifest = { version: 1, title: 'R', phases: [phase('good', 0), phase('Bad Id', 1), phase('also-good', 2, { topics: [] })] };
    const roadmap = await loadRoadmap(memoryReader({ 'roadmap.json': JSON.stringify(manifest) }));
    assert.deepEqual(roadmap.phases.map((p) => p.id), ['good']);
    assert.ok(roadmap.problems.some((p) => p.file === 'roadmap.json' && /^phases\[1\]\.id: must be a kebab-case id/.test(p.message)), JSON.stringify(roadmap.problems));
    assert.ok(roadmap.problems.some((p) => /^phases\[2\]\.topics/.test(p.message)));
  });

  it('reports invalid JSON, a missing manifest and duplicate ids', async () => {
    assert.match((await loadRoadmap(memoryReader({ 'roadmap.json': '{ nope' }))).problems[0]!.message, /not valid JSON/);
    assert.match((await loadRoadmap(memoryReader({}))).problems[0]!.message, /file not found/);
    const dup = await loadRoadmap(memoryReader({ 'roadmap.json': JSON.stringify({ version: 1, title: 'R', phases: [phase('a', 0), phase('a', 1)] }) }));
    assert.equal(dup.phases.length, 1);
    assert.match(dup.problems[0]!.message, /used by another phase/);
  });

  it('validates quizzes: exactly one correct option, explanations required', async () => {
    const p = phase('a', 0, { quiz: 'quizzes/a.json' }) as never;
    const twoCorrect = { questions: [{ id: 'q', prompt: 'p', options: [{ text: 'a', correct: true, explanation: 'e' }, { text: 'b', correct: true, explanation: 'e' }] }] };
    const r = await loadQuiz(memoryReader({ 'quizzes/a.json': JSON.stringify(twoCorrect) }), p);
    assert.equal(r.quiz, undefined);
    assert.match(r.problems[0]!.message, /questions\[0\]\.options: must have exactly one correct option/);
    const noExplanation = { questions: [{ id: 'q', prompt: 'p', options: [{ text: 'a', correct: true }, { text: 'b', correct: false, explanation: 'e' }] }] };
    assert.match((await loadQuiz(memoryReader({ 'quizzes/a.json': JSON.stringify(noExplanation) }), p)).problems[0]!.message, /explanation/);
  });

  it('reports a broken exercise manifest by file and field', async () => {
    const { exercises, problems } = await loadCatalogue(join(ROOT, 'test', 'fixtures', 'broken-content'));
    assert.deepEqual(exercises.map((e) => e.id), ['fine']);
    assert.ok(problems.some((p) => p.file === 'exercises/broken/exercise.json' && /^difficulty:/.test(p.message)), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.file === 'exercises/not-json/exercise.json' && /not valid JSON/.test(p.message)));
  });
});
