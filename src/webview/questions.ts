import type { AnswerState, Feedback, QuestionView } from '../shared/protocol';

/**
 * Question cards for quizzes, in-lesson checkpoints and review sessions. Every kind works with the keyboard
 * alone: single/output are buttons (Tab, Enter); "select all that apply" are checkboxes (Space) and a Check
 * button; ordering lists move the focused item with Alt+Up/Down or its Move buttons. The first answer is the
 * score; after it the card shows why each choice is right or wrong and offers practice that is not scored.
 */

export interface CardHost {
  submit(questionId: string, answer: number[]): void;
}

type CardMode = 'quiz' | 'checkpoint' | 'review';

const KIND_HINT: Record<QuestionView['kind'], string> = {
  single: 'Choose one answer.',
  output: 'What does this code print? Choose one answer.',
  multiple: 'Select all that apply, then check your answer.',
  order: 'Put the steps in order (Alt+↑/↓ moves the focused step), then check your order.',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

/** Safe HTML produced by the host's renderer (escaped text with inline code). */
function html<K extends keyof HTMLElementTagNameMap>(tag: K, markup: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = el(tag, attrs);
  node.innerHTML = markup;
  return node;
}

function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

function button(label: string, iconName: string | undefined, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, ...(iconName ? [icon(iconName), ` ${label}`] : [label]));
  b.addEventListener('click', onClick);
  return b;
}

/** Builds a question card; `number` labels it ("3." in a quiz), `state` restores an earlier answer. */
export function questionCard(q: QuestionView, mode: CardMode, host: CardHost, options: { number?: number; state?: AnswerState; eyebrow?: string } = {}): HTMLElement {
  const card = el('fieldset', { class: `question-card kind-${q.kind} mode-${mode}`, 'data-question': q.id, 'data-kind': q.kind });
  const legendId = `q-${q.id}-${mode}`;
  const legend = el('legend', { id: legendId });
  if (options.eyebrow) legend.append(el('span', { class: 'card-eyebrow' }, options.eyebrow));
  const prompt = html('span', q.promptHtml, { class: 'prompt' });
  legend.append(options.number ? `${options.number}. ` : '', prompt);
  card.append(legend);
  if (q.codeHtml) card.append(html('div', q.codeHtml, { class: 'question-code' }));
  card.append(el('p', { class: 'kind-hint' }, KIND_HINT[q.kind]));
  const body = el('div', { class: 'choices', role: q.kind === 'order' ? 'list' : 'group', 'aria-labelledby': legendId });
  card.append(body);
  const feedback = el('div', { class: 'feedback', 'aria-live': 'polite' });
  card.append(feedback);
  const controls = el('div', { class: 'card-controls' });
  card.append(controls);

  const ask = () => {
    card.removeAttribute('data-answered');
    card.classList.remove('practice');
    feedback.replaceChildren();
    controls.replaceChildren();
    body.replaceChildren();
    if (q.kind === 'single' || q.kind === 'output') {
      q.choicesHtml.forEach((choice, i) => {
        const b = html('button', choice, { type: 'button', class: 'option', 'data-option': String(i) });
        b.addEventListener('click', () => host.submit(q.id, [i]));
        body.append(b);
      });
    } else if (q.kind === 'multiple') {
      q.choicesHtml.forEach((choice, i) => {
        const id = `${legendId}-o${i}`;
        const box = el('input', { type: 'checkbox', id, 'data-option': String(i) });
        body.append(el('div', { class: 'option check' }, box, html('label', choice, { for: id })));
      });
      controls.append(button('Check answer', 'check', () => {
        const picked = Array.from(body.querySelectorAll<HTMLInputElement>('input[type=checkbox]')).flatMap((b) => (b.checked ? [Number(b.dataset.option)] : []));
        if (picked.length === 0) {
          feedback.replaceChildren(icon('info'), ' Select at least one answer first.');
          return;
        }
        host.submit(q.id, picked);
      }, { class: 'primary', 'data-action': 'check' }));
    } else {
      q.choicesHtml.forEach((choice, i) => body.append(orderItem(choice, i, body)));
      controls.append(button('Check order', 'check', () => {
        host.submit(q.id, Array.from(body.children).map((li) => Number((li as HTMLElement).dataset.item)));
      }, { class: 'primary', 'data-action': 'check' }));
    }
  };

  // The score is the first answer: kept when the card is restored, set by the first verdict otherwise.
  let firstCorrect: boolean | undefined = options.state?.first.correct;
  const show = (result: Feedback, scored: boolean) => {
    if (scored) firstCorrect = result.correct;
    card.setAttribute('data-answered', (firstCorrect ?? result.correct) ? 'correct' : 'wrong');
    card.classList.toggle('practice', !scored);
    controls.replaceChildren();
    body.replaceChildren();
    if (q.kind === 'order') {
      const yours = el('ol', { class: 'order-result' });
      result.answer.forEach((item, pos) => {
        const right = result.solution[pos] === item;
        yours.append(html('li', q.choicesHtml[item] ?? '', { class: right ? 'right' : 'wrong' }));
      });
      const answer = el('ol', { class: 'order-solution' });
      for (const item of result.solution) answer.append(html('li', q.choicesHtml[item] ?? ''));
      body.append(el('p', { class: 'order-label' }, 'Your order:'), yours, el('p', { class: 'order-label' }, 'The right order:'), answer);
    } else {
      q.choicesHtml.forEach((choice, i) => {
        const chosen = result.answer.includes(i);
        const right = result.solution.includes(i);
        const item = el('div', { class: `option answered${chosen ? ' chosen' : ''}${right ? ' right' : ''}${chosen && !right ? ' wrong' : ''}`, 'data-option': String(i) });
        const mark = right ? icon('pass-filled') : chosen ? icon('error') : icon('circle-large-outline');
        item.append(mark, html('span', choice, { class: 'choice-text' }));
        item.append(el('span', { class: 'sr-only' }, `${chosen ? 'You chose this. ' : ''}${right ? 'Correct answer.' : 'Not a correct answer.'}`));
        item.append(html('span', result.explanationsHtml[i] ?? '', { class: 'explanation' }));
        body.append(item);
      });
    }
    if (result.explanationHtml) body.append(html('p', result.explanationHtml, { class: 'explanation summary' }));
    const verdict = result.correct ? ' Correct.' : q.kind === 'multiple' ? ' Not quite: every right option, and only those, had to be selected.' : ' Not quite.';
    const parts: (Node | string)[] = [icon(result.correct ? 'pass-filled' : 'error'), verdict];
    if (!scored && mode !== 'review') parts.push(el('span', { class: 'practice-note' }, ` Practice: your score keeps your first answer (${firstCorrect ? 'right' : 'wrong'}).`));
    feedback.replaceChildren(...parts);
    if (mode !== 'review') controls.append(button('Try again (practice)', 'refresh', ask, { 'data-action': 'retry' }));
  };

  // Restore: the latest attempt is what the learner saw last; the first one is the score.
  if (options.state) show(options.state.last ?? options.state.first, !options.state.last);
  else ask();
  (card as HTMLElement & { showResult?: typeof show }).showResult = show;
  return card;
}

/** Shows the verdict the host sent for a card built by questionCard. */
export function showResult(card: Element, feedback: Feedback, scored: boolean): void {
  (card as HTMLElement & { showResult?: (f: Feedback, s: boolean) => void }).showResult?.(feedback, scored);
}

function orderItem(choice: string, index: number, list: HTMLElement): HTMLElement {
  const li = el('div', { class: 'order-item', role: 'listitem', tabindex: '0', 'data-item': String(index) });
  const move = (delta: number) => {
    const sibling = delta < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    if (delta < 0) sibling.before(li);
    else sibling.after(li);
    li.focus();
    announce(list);
  };
  li.append(
    el('span', { class: 'order-grip' }, icon('gripper')),
    html('span', choice, { class: 'order-text' }),
    button('', 'arrow-up', () => move(-1), { class: 'icon-button', 'aria-label': 'Move up', title: 'Move up (Alt+↑)' }),
    button('', 'arrow-down', () => move(1), { class: 'icon-button', 'aria-label': 'Move down', title: 'Move down (Alt+↓)' }),
  );
  li.addEventListener('keydown', (e) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(e.key === 'ArrowUp' ? -1 : 1);
  });
  return li;
}

/** Numbers the items so a screen reader hears the new position after a move. */
function announce(list: HTMLElement): void {
  Array.from(list.children).forEach((li, i) => li.setAttribute('aria-label', `Position ${i + 1}: ${(li.querySelector('.order-text')?.textContent ?? '').trim()}`));
}
