import { HostToWebviewSchema, type LessonMessage, type WebviewToHost, type WebviewState, type SecurityReport } from '../shared/protocol';

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

function renderLesson(msg: LessonMessage): void {
  current = msg;
  root.replaceChildren();
  const nav = el('nav', { class: 'toc', 'aria-label': 'Topics of this phase' });
  const tocList = el('ol');
  for (const t of msg.topics) {
    const a = el('a', { href: `#${t.id}`, 'data-anchor': t.id }, t.title);
    tocList.append(el('li', { 'data-toc': t.id, class: t.done ? 'done' : '' }, icon(t.done ? 'pass-filled' : 'circle-large-outline'), ' ', a));
  }
  nav.append(el('h2', { class: 'toc-title' }, 'In this phase'), tocList);

  const header = el('header', { class: 'phase-header' },
    el('p', { class: 'eyebrow' }, `Phase ${msg.phase.number}`),
    el('p', { class: 'summary' }, msg.phase.summary),
  );
  const actions = el('div', { class: 'actions' });
  actions.append(button('My notes', 'note', () => post({ type: 'openNotes', phaseId: msg.phase.id }), { 'data-notes': String(msg.hasNotes) }));
  header.append(actions);

  const article = el('article', { class: 'lesson', id: 'lesson' });
  article.innerHTML = msg.html; // produced by the host's safe renderer; the CSP is the second wall
  decorateTopics(article, msg);

  const main = el('main', {}, header);
  if (msg.problems.length) {
    main.append(el('div', { class: 'problems', role: 'alert' }, icon('warning'), ` ${msg.problems.join(' · ')}`));
  }
  main.append(article);
  if (msg.exercises.length) main.append(renderExercises(msg));
  if (msg.quiz) main.append(renderQuiz(msg));
  main.append(renderPager(msg));
  root.append(nav, main);
  const h1 = article.querySelector('h1');
  const state = vscode.getState();
  if (msg.scrollTo) scrollToTopic(msg.scrollTo);
  else if (state?.phaseId === msg.phase.id && state.scrollY) window.scrollTo(0, state.scrollY);
  else window.scrollTo(0, 0);
  vscode.setState({ phaseId: msg.phase.id, scrollY: window.scrollY });
  // Give any injected handler a moment to fire before reporting what the page contains.
  setTimeout(() => {
    post({ type: 'rendered', phaseId: msg.phase.id, heading: h1?.textContent ?? '', topicCount: Array.from(article.querySelectorAll<HTMLElement>('h2[data-topic]')).filter((h) => msg.topics.some((t) => t.id === h.dataset.topic)).length, security: securityReport(article) });
  }, 50);
}

function securityReport(article: HTMLElement): SecurityReport {
  let inlineHandlers = 0;
  let unsafeLinks = 0;
  for (const node of Array.from(article.querySelectorAll('*'))) {
    for (const attr of Array.from(node.attributes)) {
      if (/^on/i.test(attr.name)) inlineHandlers++;
      if ((attr.name === 'href' || attr.name === 'src') && /^\s*(javascript|data|vbscript):/i.test(attr.value)) unsafeLinks++;
    }
  }
  return {
    scripts: article.querySelectorAll('script, iframe, object, embed').length,
    inlineHandlers,
    unsafeLinks,
    executed: (window as unknown as { __roadmapCoachInjected?: boolean }).__roadmapCoachInjected === true,
  };
}

function decorateTopics(article: HTMLElement, msg: LessonMessage): void {
  for (const h of Array.from(article.querySelectorAll<HTMLElement>('h2[data-topic]'))) {
    const topicId = h.dataset.topic!;
    const topic = msg.topics.find((t) => t.id === topicId);
    if (!topic) continue;
    const b = el('button', { type: 'button', class: 'topic-done', 'data-topic-done': topicId, 'aria-pressed': String(topic.done) });
    setDoneButton(b, topic.done);
    b.addEventListener('click', () => {
      const done = b.getAttribute('aria-pressed') !== 'true';
      post({ type: 'setTopicDone', phaseId: msg.phase.id, topicId, done });
    });
    h.after(el('div', { class: 'topic-actions' }, b));
  }
}

function setDoneButton(b: HTMLElement, done: boolean): void {
  b.setAttribute('aria-pressed', String(done));
  b.replaceChildren(icon(done ? 'pass-filled' : 'circle-large-outline'), done ? ' Done' : ' Mark topic done');
  b.classList.toggle('is-done', done);
}

function renderExercises(msg: LessonMessage): HTMLElement {
  const section = el('section', { class: 'exercises', 'aria-labelledby': 'exercises-title' }, el('h2', { id: 'exercises-title' }, 'Practice'));
  const list = el('ul');
  for (const ex of msg.exercises) {
    const status = ex.status === 'passed' ? 'Passed' : ex.status === 'started' ? 'Started' : 'Not started';
    const li = el('li', { 'data-exercise': ex.id },
      el('div', { class: 'exercise-title' }, icon(ex.status === 'passed' ? 'pass-filled' : 'beaker'), ` ${ex.title}`),
      el('div', { class: 'exercise-meta' }, `${ex.difficulty} · about ${ex.minutes} min · ${status}`),
    );
    li.append(button(ex.status === 'not-started' ? 'Start exercise' : 'Open exercise', 'play', () => post({ type: 'startExercise', exerciseId: ex.id }), { class: 'primary' }));
    list.append(li);
  }
  section.append(list);
  return section;
}

function renderQuiz(msg: LessonMessage): HTMLElement {
  const quiz = msg.quiz!;
  const section = el('section', { class: 'quiz', 'aria-labelledby': 'quiz-title' }, el('h2', { id: 'quiz-title' }, 'Check your understanding'));
  const score = el('p', { class: 'quiz-score', 'aria-live': 'polite' });
  section.append(score);
  quiz.questions.forEach((q, qi) => {
    const fieldset = el('fieldset', { 'data-question': q.id }, el('legend', {}, `${qi + 1}. ${q.prompt}`));
    q.options.forEach((text, oi) => {
      const b = el('button', { type: 'button', class: 'option', 'data-option': String(oi) }, text);
      b.addEventListener('click', () => post({ type: 'answerQuiz', phaseId: msg.phase.id, questionId: q.id, option: oi }));
      fieldset.append(b);
    });
    fieldset.append(el('div', { class: 'feedback', 'aria-live': 'polite' }));
    section.append(fieldset);
    const answer = quiz.answers[q.id];
    if (answer) showQuizResult(fieldset, answer.option, answer.correct, answer.correctOption, answer.explanations);
  });
  updateScore(section);
  return section;
}

function showQuizResult(fieldset: Element, option: number, correct: boolean, correctOption: number, explanations: string[]): void {
  fieldset.querySelectorAll<HTMLButtonElement>('button.option').forEach((b, i) => {
    b.classList.toggle('chosen', i === option);
    b.classList.toggle('right', i === correctOption);
    b.classList.toggle('wrong', i === option && !correct);
    b.setAttribute('aria-pressed', String(i === option));
    const existing = b.querySelector('.explanation');
    existing?.remove();
    b.append(el('span', { class: 'explanation' }, explanations[i] ?? ''));
  });
  const feedback = fieldset.querySelector('.feedback')!;
  feedback.replaceChildren(icon(correct ? 'pass-filled' : 'error'), correct ? ' Correct.' : ' Not quite — the explanations under each option say why.');
  fieldset.setAttribute('data-answered', correct ? 'correct' : 'wrong');
}

function updateScore(section: Element): void {
  const total = section.querySelectorAll('fieldset').length;
  const answered = section.querySelectorAll('fieldset[data-answered]').length;
  const right = section.querySelectorAll('fieldset[data-answered="correct"]').length;
  const score = section.querySelector('.quiz-score');
  if (score) score.textContent = answered ? `${right} of ${total} correct (${answered} answered)` : `${total} questions. Pick an answer to see why it is right or wrong.`;
}

function renderPager(msg: LessonMessage): HTMLElement {
  const pager = el('nav', { class: 'pager', 'aria-label': 'Phases' });
  if (msg.prev) pager.append(button(`Phase: ${msg.prev.title}`, 'arrow-left', () => post({ type: 'openLesson', phaseId: msg.prev!.id }), { 'data-nav': 'prev' }));
  pager.append(el('span', { class: 'spacer' }));
  if (msg.next) pager.append(button(`Next: ${msg.next.title}`, 'arrow-right', () => post({ type: 'openLesson', phaseId: msg.next!.id }), { 'data-nav': 'next' }));
  return pager;
}

function scrollToTopic(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
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
  }
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => { if (current) vscode.setState({ phaseId: current.phase.id, scrollY: window.scrollY }); }, 200);
});

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
    case 'quizResult': {
      const fieldset = document.querySelector(`fieldset[data-question="${CSS.escape(msg.questionId)}"]`);
      if (fieldset) {
        showQuizResult(fieldset, msg.option, msg.correct, msg.correctOption, msg.explanations);
        updateScore(fieldset.closest('section')!);
      }
      break;
    }
    case 'progress': {
      if (!current) break;
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
      document.querySelector('[data-notes]')?.setAttribute('data-notes', String(msg.hasNotes));
      post({ type: 'progressApplied', phaseId: current.phase.id, doneTopics: current.topics.filter((t) => t.done).map((t) => t.id) });
      break;
    }
  }
});

post({ type: 'ready' });
