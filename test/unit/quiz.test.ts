import * as assert from 'node:assert/strict';
import { QuizSchema, type QuizQuestion } from '../../src/core/content/schema';
import { displayOrder, grade, isValidAnswer, publicQuestion } from '../../src/core/content/quiz';
import { renderMarkdown, sanitizeSvg } from '../../src/core/content/render';
import { checkCheckpoints, checkpointRefs } from '../../src/core/content/loader';

const opt = (text: string, correct = false) => ({ text, correct, explanation: `${text} — explained at length here.` });
const parse = (q: unknown): QuizQuestion => QuizSchema.parse({ questions: [q] }).questions[0]!;

describe('questions: kinds, grading and what the panel sees', () => {
  it('defaults the kind to single and validates each kind', () => {
    assert.equal(parse({ id: 'a', topic: 't', prompt: 'p', options: [opt('x', true), opt('y')] }).kind, 'single');
    assert.throws(() => parse({ id: 'a', prompt: 'p', options: [opt('x', true), opt('y', true)] }), /exactly one correct/);
    assert.throws(() => parse({ id: 'a', kind: 'multiple', prompt: 'p', options: [opt('x', true), opt('y'), opt('z')] }), /at least two correct/);
    assert.throws(() => parse({ id: 'a', kind: 'output', prompt: 'p', options: [opt('x', true), opt('y')] }), /code/);
    assert.throws(() => parse({ id: 'a', kind: 'order', prompt: 'p', items: ['a', 'a', 'b'], explanation: 'e' }), /different/);
    assert.throws(() => QuizSchema.parse({ questions: [{ id: 'a', prompt: 'p', options: [opt('x', true), opt('y')] }, { id: 'a', prompt: 'q', options: [opt('x', true), opt('y')] }] }), /another question/);
  });

  it('never sends which option is correct before the answer', () => {
    const q = parse({ id: 'a', prompt: 'p', options: [opt('x'), opt('y', true)] });
    const shown = JSON.stringify(publicQuestion(q));
    assert.ok(!shown.includes('correct') && !shown.includes('explained'), shown);
  });

  it('grades select-all-that-apply as all-or-nothing', () => {
    const q = parse({ id: 'm', kind: 'multiple', prompt: 'p', options: [opt('a', true), opt('b'), opt('c', true), opt('d')] });
    assert.equal(grade(q, [0, 2]).correct, true);
    assert.equal(grade(q, [2, 0]).correct, true);
    assert.equal(grade(q, [0]).correct, false, 'a partial pick is wrong');
    assert.equal(grade(q, [0, 1, 2]).correct, false, 'an extra pick is wrong');
    assert.deepEqual(grade(q, [0]).solution, [0, 2]);
    assert.equal(isValidAnswer(q, [0, 0]), false);
    assert.equal(isValidAnswer(q, [7]), false);
  });

  it('shuffles ordering questions stably, never in the right order, and grades the learner\'s order', () => {
    const q = parse({ id: 'loop-phases', kind: 'order', prompt: 'p', items: ['timers', 'pending', 'poll', 'check', 'close'], explanation: 'e' });
    const shown = displayOrder(q);
    assert.deepEqual(displayOrder(q), shown, 'stable');
    assert.ok(shown.some((item, pos) => item !== pos), 'not already solved');
    assert.deepEqual(publicQuestion(q).choices, shown.map((i) => ['timers', 'pending', 'poll', 'check', 'close'][i]));
    const right = [0, 1, 2, 3, 4].map((item) => shown.indexOf(item));
    assert.equal(grade(q, right).correct, true);
    assert.deepEqual(grade(q, right).solution, right);
    assert.equal(grade(q, [...right].reverse()).correct, false);
    assert.throws(() => grade(q, [0, 1]), /not a valid answer/);
  });
});

describe('lesson rendering: checkpoints, exercise links, objectives, diagrams', () => {
  it('turns a checkpoint block into a card placeholder and finds its id', () => {
    const md = '## Loop {#event-loop}\n\nText.\n\n```checkpoint\nphase-order\n```\n\nMore.';
    assert.match(renderMarkdown(md).html, /<div class="checkpoint" data-question="phase-order"><\/div>/);
    assert.deepEqual(checkpointRefs(md), [{ id: 'phase-order', line: 5 }]);
    assert.equal(renderMarkdown('```checkpoint\n"><script>\n```').html.includes('<script'), false);
  });

  it('reports checkpoints that name missing or non-inline questions, and inline questions never placed', () => {
    const quiz = QuizSchema.parse({ questions: [
      { id: 'placed', placement: 'inline', prompt: 'p', options: [opt('x', true), opt('y')] },
      { id: 'orphan', placement: 'inline', prompt: 'p', options: [opt('x', true), opt('y')] },
      { id: 'end', prompt: 'p', options: [opt('x', true), opt('y')] },
    ] });
    const lesson = { markdown: '```checkpoint\nplaced\n```\n```checkpoint\nmissing\n```\n```checkpoint\nend\n```', file: 'l.md', phaseId: 'p', intro: '', sections: [], title: 'L' };
    const problems = checkCheckpoints(lesson as never, quiz, 'q.json').map((p) => p.message);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(problems.some((m) => /"missing" is not a question/.test(m)));
    assert.ok(problems.some((m) => /"end" is not marked/.test(m)));
    assert.ok(problems.some((m) => /"orphan" is inline but no/.test(m)));
  });

  it('renders exercise: links as start-exercise links and nothing else from unknown schemes', () => {
    const html = renderMarkdown('[Start the exercise: LRU](exercise:lru-cache) [x](exercise:../../etc)').html;
    assert.match(html, /data-exercise="lru-cache"/);
    assert.ok(!html.includes('etc"'), html);
  });

  it('shows a topic\'s objectives after its heading and its key points before the next topic', () => {
    const topics = new Map([['a', { objectives: ['You can do `x`'], keyPoints: ['Point A'] }], ['b', { objectives: [], keyPoints: ['Point B'] }]]);
    const html = renderMarkdown('# L\n\n## A {#a}\n\nBody A\n\n### Sub\n\ntext\n\n## B {#b}\n\nBody B', { topics }).html;
    const iA = html.indexOf('id="a"');
    const iObj = html.indexOf('You can do <code>x</code>');
    const iRecapA = html.indexOf('Point A');
    const iB = html.indexOf('id="b"');
    const iRecapB = html.indexOf('Point B');
    assert.ok(iA < iObj && iObj < iRecapA && iRecapA < iB && iB < iRecapB, html);
  });

  it('inlines diagrams from media/diagrams with alt text, keeping only safe SVG', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="100%" onload="alert(1)"><title>T</title><style>*{}</style><script>alert(1)</script>'
      + '<defs><marker id="arrow"><path class="f" d="M0 0"/></marker></defs><line class="l" x1="0" marker-end="url(#arrow)" fill="red" stroke="#f00"/>'
      + '<a href="javascript:alert(1)"><text class="t">evil</text></a><foreignObject><div>x</div></foreignObject><text class="t">A &lt; B</text></svg>';
    const html = renderMarkdown('![The event loop phases in order](media/diagrams/x.svg)', { readSvg: () => svg }).html;
    assert.match(html, /<figure class="diagram"><svg role="img" aria-label="The event loop phases in order"/);
    for (const bad of ['onload', '<style', '<script', 'javascript', 'foreignObject', 'fill="red"', 'stroke=', 'evil']) assert.ok(!html.includes(bad), `${bad} removed: ${html}`);
    assert.match(html, /marker id="d1-arrow"/);
    assert.match(html, /marker-end="url\(#d1-arrow\)"/);
    assert.match(html, /A &lt; B/);
    assert.equal(sanitizeSvg('<div>not svg</div>', 'p'), undefined);
  });
});
