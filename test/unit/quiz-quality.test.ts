import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContentService } from '../../src/core/content/service';
import { checkCheckpoints, type Phase } from '../../src/core/content/loader';
import { renderMarkdown, sanitizeSvg } from '../../src/core/content/render';
import type { Quiz, QuizQuestion } from '../../src/core/content/schema';

const ROOT = join(__dirname, '..', '..', '..');
const CONTENT = join(ROOT, 'content');

/** Surface cues that let a guesser pick an answer without knowing the topic. */
const GIVEAWAYS = /\b(all|none) of the above\b/i;

function choiceQuestions(quiz: Quiz): Extract<QuizQuestion, { options: unknown }>[] {
  return quiz.questions.filter((q): q is Extract<QuizQuestion, { options: unknown }> => q.kind !== 'order');
}

describe('quiz and lesson quality (every phase)', () => {
  const content = new ContentService(CONTENT);
  let phases: Phase[];
  const quizzes = new Map<string, Quiz>();

  before(async () => {
    const roadmap = await content.load();
    assert.deepEqual(roadmap.problems, []);
    phases = roadmap.phases;
    for (const p of phases) {
      const { quiz, problems } = await content.quiz(p);
      assert.deepEqual(problems, [], `${p.quiz} loads without problems`);
      quizzes.set(p.id, quiz!);
    }
  });

  it('gives every topic objectives (2–4) and key points (3–6)', () => {
    for (const p of phases) {
      for (const t of p.topics) {
        assert.ok(t.objectives.length >= 2 && t.objectives.length <= 4, `${p.id}/${t.id}: ${t.objectives.length} objectives`);
        assert.ok(t.keyPoints.length >= 3 && t.keyPoints.length <= 6, `${p.id}/${t.id}: ${t.keyPoints.length} key points`);
      }
    }
  });

  it('tags every question with a topic of its phase, with at least two questions and one inline checkpoint per topic', () => {
    for (const p of phases) {
      const quiz = quizzes.get(p.id)!;
      const topics = new Set(p.topics.map((t) => t.id));
      for (const q of quiz.questions) assert.ok(q.topic && topics.has(q.topic), `${p.quiz}#${q.id}: topic "${q.topic}" is a topic of ${p.id}`);
      for (const t of p.topics) {
        const mine = quiz.questions.filter((q) => q.topic === t.id);
        assert.ok(mine.length >= 2, `${p.id}/${t.id} has ${mine.length} question(s); at least 2`);
        assert.ok(mine.some((q) => q.placement === 'inline'), `${p.id}/${t.id} has an inline checkpoint`);
      }
    }
  });

  it('places every checkpoint in its lesson, and every checkpoint block names an inline question', async () => {
    for (const p of phases) {
      const { lesson } = await content.lesson(p);
      assert.deepEqual(checkCheckpoints(lesson!, quizzes.get(p.id), p.quiz), [], p.lesson);
    }
  });

  it('does not give the answer away: the correct option is the longest in at most a third of single-choice questions', () => {
    let longest = 0;
    let total = 0;
    for (const p of phases) {
      const single = choiceQuestions(quizzes.get(p.id)!).filter((q) => q.kind === 'single' || q.kind === 'output');
      const cued = single.filter((q) => {
        const lengths = q.options.map((o) => o.text.length);
        const max = Math.max(...lengths);
        const key = q.options.findIndex((o) => o.correct);
        return lengths[key] === max && lengths.filter((l) => l === max).length === 1;
      });
      assert.ok(cued.length * 3 <= single.length, `${p.quiz}: the correct option is the longest in ${cued.length} of ${single.length} questions (${cued.map((q) => q.id).join(', ')})`);
      longest += cued.length;
      total += single.length;
    }
    assert.ok(longest * 3 <= total, `overall ${longest}/${total}`);
  });

  it('explains every option, never repeats an option, and uses no "all/none of the above"', () => {
    for (const p of phases) {
      for (const q of choiceQuestions(quizzes.get(p.id)!)) {
        const texts = q.options.map((o) => o.text.trim().toLowerCase());
        assert.equal(new Set(texts).size, texts.length, `${p.quiz}#${q.id}: two options are identical`);
        for (const o of q.options) {
          assert.ok(o.explanation.trim().length >= 20, `${p.quiz}#${q.id}: "${o.text}" is explained`);
          assert.ok(!GIVEAWAYS.test(o.text), `${p.quiz}#${q.id}: "${o.text}"`);
        }
      }
    }
  });

  it('uses several kinds of question: select-all and ordering or output questions appear across the roadmap', () => {
    const kinds = new Map<string, number>();
    for (const quiz of quizzes.values()) for (const q of quiz.questions) kinds.set(q.kind, (kinds.get(q.kind) ?? 0) + 1);
    for (const p of phases) assert.ok(quizzes.get(p.id)!.questions.some((q) => q.kind === 'multiple'), `${p.quiz} has a "select all that apply" question`);
    assert.ok((kinds.get('order') ?? 0) >= 5, `ordering questions: ${kinds.get('order') ?? 0}`);
    assert.ok((kinds.get('output') ?? 0) >= 5, `output questions: ${kinds.get('output') ?? 0}`);
  });

  it('draws diagrams as theme-aware SVG with alt text, nothing the sanitizer has to remove', async () => {
    const dir = join(ROOT, 'media', 'diagrams');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    } catch {
      // no diagrams yet
    }
    assert.ok(files.length >= 15, `${files.length} SVG diagrams; at least 15`);
    const referenced = new Set<string>();
    for (const p of phases) {
      const { lesson } = await content.lesson(p);
      for (const m of lesson!.markdown.matchAll(/!\[([^\]]*)\]\((media\/diagrams\/[^)]+)\)/g)) {
        assert.ok(m[1]!.trim().length >= 15, `${p.lesson}: diagram ${m[2]} has alt text that says what it shows`);
        referenced.add(m[2]!.slice('media/diagrams/'.length));
      }
      const html = renderMarkdown(lesson!.markdown, { readSvg: (path) => readFileSync(join(ROOT, path), 'utf8') }).html;
      assert.ok(!/dropped-image/.test(html), `${p.lesson}: every image renders`);
    }
    for (const f of files) {
      const svg = readFileSync(join(dir, f), 'utf8');
      assert.ok(svg.length < 12_000, `${f} is small (${svg.length} bytes)`);
      assert.match(svg, /<svg[^>]*viewBox=/, `${f} has a viewBox`);
      assert.match(svg, /<svg[^>]*>\s*<title>[^<]{10,}<\/title>/, `${f} starts with a <title>`);
      assert.ok(!/(fill|stroke)="(?!none)[^"]*"|style=|<style|<script|<foreignObject|href=|\bon[a-z]+=/i.test(svg), `${f}: colours come from classes only, no scripts or links`);
      assert.ok(sanitizeSvg(svg, 'x-'), `${f} survives the sanitizer`);
      assert.ok(referenced.has(f), `${f} is used by a lesson`);
    }
  });
});
