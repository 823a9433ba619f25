import { HostToWebviewSchema, type ExerciseStatus, type HostToWebview, type LessonMessage, type ReadingPosition, type WebviewState, type WebviewToHost } from '../shared/protocol';
import { questionCard, showResult, type CardHost } from './questions';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let current: LessonMessage | undefined;

function post(message: WebviewToHost): void {
  // Leaving this lesson for another: remember where the learner was first.
  if (message.type === 'openLesson' && current && message.phaseId !== current.phase.id) {
    vscode.postMessage({ type: 'readingPosition', phaseId: current.phase.id, position: currentPosition() });
  }
  vscode.postMessage(message);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

function button(label: string, iconName: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, icon(iconName), ` ${label}`);
  b.addEventListener('click', onClick);
  return b;
}

const PRACTICE_ID = 'practice';
const QUIZ_ID = 'quiz';

function renderLesson(msg: LessonMessage): void {
  current = msg;
  root.replaceChildren();

  const article = el('article', { class: 'lesson', id: 'lesson' });
  article.innerHTML = msg.html; // produced by the host's safe renderer; the CSP is the second wall
  decorateTopics(article, msg);
  fillCheckpoints(article, msg);

  // Title first, then what the phase is about and the learner's own notes.
  const title = article.querySelector('h1') ?? el('h1', {}, msg.phase.title);
  title.remove();
  const header = el('header', { class: 'phase-header' },
    title,
    el('p', { class: 'eyebrow' }, `Phase ${msg.phase.number}`),
    el('p', { class: 'summary' }, msg.phase.summary),
    el('div', { class: 'actions' },
      button('My notes', 'note', () => post({ type: 'openNotes', phaseId: msg.phase.id }), { 'data-notes': String(msg.hasNotes) }),
      ...(msg.reviewDue > 0 ? [button(`Review · ${msg.reviewDue} due`, 'history', () => post({ type: 'startReview' }), { class: 'review-due', title: 'Questions you answered before, due again' })] : []),
    ),
  );

  const main = el('main', {}, header);
  if (msg.problems.length) {
    main.append(el('div', { class: 'problems', role: 'alert' }, icon('warning'), ` ${msg.problems.join(' · ')}`));
  }
  main.append(article);
  if (msg.exercises.length) main.append(renderExercises(msg));
  if (msg.quiz) main.append(renderQuiz(msg));
  main.append(renderPager(msg));
  decorateCodeBlocks(main); // prose, checkpoints and quiz alike
  root.append(renderToc(msg), main);

  vscode.setState({ phaseId: msg.phase.id });
  if (msg.scrollTo) scrollToTopic(msg.scrollTo);
  else if (msg.position) restorePosition(msg.position);
  else window.scrollTo(0, 0);
  highlightCurrentSection();
}

function renderToc(msg: LessonMessage): HTMLElement {
  const nav = el('nav', { class: 'toc', 'aria-label': 'Sections of this phase' });
  const list = el('ol');
  for (const t of msg.topics) {
    list.append(el('li', { 'data-toc': t.id, class: t.done ? 'done' : '' }, icon(t.done ? 'pass-filled' : 'circle-large-outline'), el('a', { href: `#${t.id}`, 'data-anchor': t.id }, t.title)));
  }
  if (msg.exercises.length) list.append(el('li', { 'data-toc': PRACTICE_ID, class: 'extra' }, icon('beaker'), el('a', { href: `#${PRACTICE_ID}`, 'data-anchor': PRACTICE_ID }, 'Practice')));
  if (msg.quiz) list.append(el('li', { 'data-toc': QUIZ_ID, class: 'extra' }, icon('checklist'), el('a', { href: `#${QUIZ_ID}`, 'data-anchor': QUIZ_ID }, 'Quiz')));
  nav.append(el('h2', { class: 'toc-title' }, 'In this phase'), list);
  return nav;
}

function decorateTopics(article: HTMLElement, msg: LessonMessage): void {
  for (const h of Array.from(article.querySelectorAll<HTMLElement>('h2[data-topic]'))) {
    const topicId = h.dataset.topic!;
    const topic = msg.topics.find((t) => t.id === topicId);
    if (!topic) continue;
    const b = el('button', { type: 'button', class: 'topic-done', 'data-topic-done': topicId });
    setDoneButton(b, topic.done);
    b.addEventListener('click', () => {
      const done = b.getAttribute('aria-pressed') !== 'true';
      post({ type: 'setTopicDone', phaseId: msg.phase.id, topicId, done });
    });
    h.after(el('div', { class: 'topic-actions' }, b));
  }
}

/** A toolbar above each code block: its language and a copy button (never drawn over the code). */
function decorateCodeBlocks(container: HTMLElement): void {
  for (const block of Array.from(container.querySelectorAll<HTMLElement>('.code-block:not(:has(> .code-toolbar))'))) {
    const label = block.querySelector('.code-lang');
    const code = block.querySelector('pre');
    if (!code) continue;
    const bar = el('div', { class: 'code-toolbar' }, label ?? el('span', { class: 'code-lang' }));
    const copy = button('Copy', 'copy', () => {
      post({ type: 'copyText', text: code.textContent ?? '' });
      copy.replaceChildren(icon('check'), ' Copied');
      setTimeout(() => copy.replaceChildren(icon('copy'), ' Copy'), 1500);
    }, { class: 'copy', title: 'Copy this code', 'aria-label': 'Copy this code' });
    bar.append(copy);
    block.prepend(bar);
    code.setAttribute('tabindex', '0'); // a wide block can be scrolled with the keyboard
  }
}

function setDoneButton(b: HTMLElement, done: boolean): void {
  b.setAttribute('aria-pressed', String(done));
  b.replaceChildren(icon(done ? 'pass-filled' : 'circle-large-outline'), done ? ' Done' : ' Mark topic done');
  b.classList.toggle('is-done', done);
}

const STATUS_TEXT: Record<ExerciseStatus, string> = { 'not-started': 'Not started', started: 'Started', passed: 'Passed' };
const STATUS_ICON: Record<ExerciseStatus, string> = { 'not-started': 'circle-large-outline', started: 'beaker', passed: 'pass-filled' };

function renderExercises(msg: LessonMessage): HTMLElement {
  const section = el('section', { class: 'exercises', id: PRACTICE_ID, 'aria-labelledby': 'practice-title', tabindex: '-1' }, el('h2', { id: 'practice-title' }, 'Practice'));
  const list = el('ul');
  for (const ex of msg.exercises) list.append(exerciseItem(ex));
  section.append(list);
  return section;
}

function exerciseItem(ex: LessonMessage['exercises'][number]): HTMLElement {
  const li = el('li', { 'data-exercise': ex.id, 'data-status': ex.status },
    el('div', { class: 'exercise-title' }, icon(STATUS_ICON[ex.status]), ` ${ex.title}`),
    el('div', { class: 'exercise-meta' }, `${ex.difficulty} · about ${ex.minutes} min · `, el('span', { class: 'exercise-status' }, STATUS_TEXT[ex.status])),
  );
  li.append(button(ex.status === 'not-started' ? 'Start exercise' : 'Open exercise', 'play', () => post({ type: 'startExercise', exerciseId: ex.id }), { class: 'primary' }));
  return li;
}

/** Answers in the lesson go to the host, which grades and records them and sends the verdict back. */
function lessonHost(msg: LessonMessage): CardHost {
  return { submit: (questionId, answer) => post({ type: 'answer', phaseId: msg.phase.id, questionId, answer, mode: 'lesson' }) };
}

/** First answers of this phase's questions (the score): question id → correct. */
const firstAnswers = new Map<string, boolean>();

function fillCheckpoints(article: HTMLElement, msg: LessonMessage): void {
  firstAnswers.clear();
  for (const [id, state] of Object.entries(msg.quiz?.answers ?? {})) firstAnswers.set(id, state.first.correct);
  for (const slot of Array.from(article.querySelectorAll<HTMLElement>('.checkpoint[data-question]'))) {
    const q = msg.quiz?.questions.find((x) => x.id === slot.dataset.question);
    if (!q) {
      slot.remove();
      continue;
    }
    const state = msg.quiz!.answers[q.id];
    slot.replaceWith(el('aside', { class: 'checkpoint-card', 'aria-label': 'Checkpoint' },
      questionCard(q, 'checkpoint', lessonHost(msg), { eyebrow: 'Checkpoint · answer before you read on', ...(state ? { state } : {}) })));
  }
}

function renderQuiz(msg: LessonMessage): HTMLElement {
  const quiz = msg.quiz!;
  const section = el('section', { class: 'quiz', id: QUIZ_ID, 'aria-labelledby': 'quiz-title', tabindex: '-1' }, el('h2', { id: 'quiz-title' }, 'Check your understanding'));
  const score = el('p', { class: 'quiz-score', 'aria-live': 'polite' });
  section.append(score);
  quiz.questions.filter((q) => q.placement === 'quiz').forEach((q, qi) => {
    const state = quiz.answers[q.id];
    section.append(questionCard(q, 'quiz', lessonHost(msg), { number: qi + 1, ...(state ? { state } : {}) }));
  });
  updateScore(section);
  return section;
}

/** The phase's score counts first answers only, checkpoints included. */
function updateScore(within: ParentNode = document): void {
  const score = within.querySelector('.quiz-score') ?? undefined;
  const total = current?.quiz?.questions.length ?? 0;
  const right = [...firstAnswers.values()].filter(Boolean).length;
  const text = firstAnswers.size
    ? `First-try score: ${right} of ${firstAnswers.size} answered correctly (${total - firstAnswers.size} of ${total} not answered yet, checkpoints included). Retries are practice and do not change it.`
    : `${total} questions in this phase, checkpoints included. Your first answer to each is your score; explanations appear after you answer.`;
  if (score) score.textContent = text;
}

/** A review session: one question at a time, across phases; each answer moves the question along its schedule. */
function renderReview(msg: Extract<HostToWebview, { type: 'review' }>): void {
  current = undefined;
  root.replaceChildren();
  const main = el('main', { class: 'review' });
  main.append(el('header', { class: 'phase-header' }, el('h1', {}, 'Review'), el('p', { class: 'summary' },
    msg.items.length
      ? `${msg.items.length} question${msg.items.length === 1 ? '' : 's'} you answered before ${msg.dueTotal > msg.items.length ? `(of ${msg.dueTotal} due)` : 'due again'}. A miss comes back tomorrow; a right answer later and later.`
      : 'Nothing is due for review.')));
  const stage = el('div', { class: 'review-stage' });
  const status = el('p', { class: 'review-status', 'aria-live': 'polite' });
  main.append(status, stage);
  root.append(main);
  let index = 0;
  let right = 0;
  const showNext = () => {
    const item = msg.items[index];
    if (!item) {
      const next = msg.nextDue ? new Date(msg.nextDue) : undefined;
      status.textContent = msg.items.length ? `Session done: ${right} of ${msg.items.length} right.` : '';
      stage.replaceChildren(el('p', {}, next ? `Next review: ${next.toLocaleDateString()}.` : 'Answer quiz questions and checkpoints in the lessons to build your review queue.'),
        button('Back to the roadmap lessons', 'book', () => post({ type: 'openLesson', phaseId: msg.items.at(-1)?.phaseId ?? 'backend-role' })));
      return;
    }
    status.textContent = `Question ${index + 1} of ${msg.items.length} · ${item.phaseTitle}`;
    const host: CardHost = { submit: (questionId, answer) => post({ type: 'answer', phaseId: item.phaseId, questionId, answer, mode: 'review' }) };
    const card = questionCard(item.question, 'review', host, { eyebrow: item.phaseTitle });
    stage.replaceChildren(card);
    card.querySelector<HTMLElement>('button, input, [tabindex="0"]')?.focus();
  };
  reviewAdvance = (correct: boolean) => {
    if (correct) right++;
    index++;
    const next = button(index < msg.items.length ? 'Next question' : 'Finish', 'arrow-right', showNext, { class: 'primary', 'data-action': 'next' });
    stage.append(next);
    next.focus();
  };
  vscode.setState({ phaseId: msg.items[0]?.phaseId ?? 'backend-role' });
  showNext();
}

let reviewAdvance: ((correct: boolean) => void) | undefined;

/** Previous on the left with its arrow first, next on the right with its arrow last; both name the phase the same way. */
function renderPager(msg: LessonMessage): HTMLElement {
  const pager = el('nav', { class: 'pager', 'aria-label': 'Other phases' });
  if (msg.prev) {
    const prev = msg.prev;
    pager.append(button(`Previous: Phase ${prev.number} · ${prev.title}`, 'arrow-left', () => post({ type: 'openLesson', phaseId: prev.id }), { 'data-nav': 'prev' }));
  }
  pager.append(el('span', { class: 'spacer' }));
  if (msg.next) {
    const next = msg.next;
    const b = el('button', { type: 'button', 'data-nav': 'next' }, `Next: Phase ${next.number} · ${next.title} `, icon('arrow-right'));
    b.addEventListener('click', () => post({ type: 'openLesson', phaseId: next.id }));
    pager.append(b);
  }
  return pager;
}

function scrollToTopic(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  keepInView(() => target.scrollIntoView({ block: 'start' }));
  target.focus({ preventScroll: true });
}

/** Headings and sections a reading position can be anchored to, in page order. */
function anchors(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('main h2[id], main h3[id], main section[id]'));
}

function currentPosition(): ReadingPosition {
  let anchor: HTMLElement | undefined;
  for (const a of anchors()) {
    if (a.getBoundingClientRect().top <= 1) anchor = a;
    else break;
  }
  if (!anchor) return { anchor: '', offset: Math.round(window.scrollY) };
  return { anchor: anchor.id, offset: Math.round(-anchor.getBoundingClientRect().top) };
}

function restorePosition(position: ReadingPosition): void {
  keepInView(() => {
    const anchor = position.anchor ? document.getElementById(position.anchor) : null;
    const base = anchor ? anchor.getBoundingClientRect().top + window.scrollY : 0;
    window.scrollTo(0, base + position.offset);
  });
}

/**
 * Scrolls now and again whenever an image above loads and moves the text, until the learner scrolls
 * themselves: they land on the same paragraph, not on the same pixel.
 */
function keepInView(scroll: () => void): void {
  scroll();
  const pending = Array.from(document.querySelectorAll<HTMLImageElement>('main img')).filter((img) => !img.complete);
  if (!pending.length) return;
  const controller = new AbortController();
  const stop = () => controller.abort();
  for (const type of ['wheel', 'keydown', 'mousedown', 'touchstart']) window.addEventListener(type, stop, { once: true, passive: true, signal: controller.signal });
  for (const img of pending) img.addEventListener('load', scroll, { once: true, signal: controller.signal });
  setTimeout(stop, 5000);
}

/** Marks the table-of-contents entry of the section being read. */
function highlightCurrentSection(): void {
  const y = window.scrollY + 80;
  let active: string | undefined;
  for (const a of anchors()) {
    const id = a.dataset.topic ?? (a.tagName === 'SECTION' ? a.id : undefined);
    if (!id) continue;
    if (a.getBoundingClientRect().top + window.scrollY <= y) active = id;
    else break;
  }
  for (const li of Array.from(document.querySelectorAll<HTMLElement>('.toc li'))) {
    if (li.dataset.toc === active) li.setAttribute('aria-current', 'location');
    else li.removeAttribute('aria-current');
  }
}

function applyProgress(msg: Extract<HostToWebview, { type: 'progress' }>): void {
  if (!current) return;
  for (const t of current.topics) {
    const done = msg.topics[t.id] ?? false;
    t.done = done;
    const b = document.querySelector<HTMLElement>(`[data-topic-done="${CSS.escape(t.id)}"]`);
    if (b) setDoneButton(b, done);
    const li = document.querySelector(`[data-toc="${CSS.escape(t.id)}"]`);
    if (li) {
      li.classList.toggle('done', done);
      li.firstElementChild?.replaceWith(icon(done ? 'pass-filled' : 'circle-large-outline'));
    }
  }
  for (const ex of current.exercises) {
    const status = msg.exercises[ex.id];
    if (!status || status === ex.status) continue;
    ex.status = status;
    document.querySelector(`.exercises li[data-exercise="${CSS.escape(ex.id)}"]`)?.replaceWith(exerciseItem(ex));
  }
  document.querySelector('[data-notes]')?.setAttribute('data-notes', String(msg.hasNotes));
}

document.addEventListener('click', (event) => {
  const a = (event.target as Element | null)?.closest('a');
  if (!a) return;
  if (a.dataset.lesson) {
    event.preventDefault();
    post({ type: 'openLesson', phaseId: a.dataset.lesson, ...(a.dataset.topicLink ? { topicId: a.dataset.topicLink } : {}) });
  } else if (a.dataset.anchor) {
    event.preventDefault();
    scrollToTopic(a.dataset.anchor);
  } else if (a.dataset.command) {
    event.preventDefault();
    post({ type: 'runCommand', command: a.dataset.command });
  } else if (a.dataset.exercise) {
    event.preventDefault();
    post({ type: 'startExercise', exerciseId: a.dataset.exercise });
  }
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  highlightCurrentSection();
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => { if (current) post({ type: 'readingPosition', phaseId: current.phase.id, position: currentPosition() }); }, 250);
}, { passive: true });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = HostToWebviewSchema.safeParse(event.data);
  if (!parsed.success) return;
  const msg = parsed.data;
  switch (msg.type) {
    case 'lesson':
      renderLesson(msg);
      break;
    case 'scrollTo':
      scrollToTopic(msg.topicId);
      break;
    case 'answerResult': {
      const card = document.querySelector(`fieldset.mode-${msg.mode === 'review' ? 'review' : 'quiz'}[data-question="${CSS.escape(msg.questionId)}"], fieldset.mode-checkpoint[data-question="${CSS.escape(msg.questionId)}"]`);
      if (!card) break;
      showResult(card, msg.feedback, msg.scored);
      if (msg.mode === 'review') reviewAdvance?.(msg.feedback.correct);
      else if (msg.scored) {
        firstAnswers.set(msg.questionId, msg.feedback.correct);
        updateScore();
      }
      break;
    }
    case 'review':
      renderReview(msg);
      break;
    case 'progress':
      applyProgress(msg);
      break;
  }
});

post({ type: 'ready' });
