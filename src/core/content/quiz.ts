import type { QuizQuestion } from './schema';
import { inlineMarkdown, renderMarkdown } from './render';
import type { Feedback, QuestionView } from '../../shared/protocol';

/**
 * Grading and presentation of questions, shared by the lesson panel, checkpoints and review sessions.
 *
 * An answer is a list of numbers: for single, output and multiple questions the indices of the options the
 * learner picked (as shown); for ordering questions the display positions of the items in the order the learner
 * put them. The webview never receives which option is correct before the learner has answered.
 */
export type AnswerValue = number[];

/** What the panel may show before the question is answered. */
export interface PublicQuestion {
  id: string;
  kind: QuizQuestion['kind'];
  prompt: string;
  code?: string;
  lang?: string;
  /** Option texts (choice kinds) or item texts in display order (order kind). */
  choices: string[];
}

/** What the panel shows once the learner has answered. */
export interface QuestionFeedback {
  correct: boolean;
  /** The learner's answer as display indices. */
  answer: AnswerValue;
  /** Display indices that are correct (choice kinds) or the correct order as display indices (order kind). */
  solution: number[];
  /** One explanation per choice (choice kinds); empty for the order kind. */
  explanations: string[];
  explanation?: string;
}

/** A stable shuffle of the items of an ordering question: display position → item index. */
export function displayOrder(question: QuizQuestion): number[] {
  if (question.kind !== 'order') return [];
  const n = question.items.length;
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 2166136261;
  for (const ch of question.id) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let attempt = 0; attempt < 8; attempt++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // Never show the items already in the right order.
    if (order.some((item, pos) => item !== pos)) break;
  }
  return order;
}

export function publicQuestion(question: QuizQuestion): PublicQuestion {
  const base = { id: question.id, kind: question.kind, prompt: question.prompt, ...(question.code ? { code: question.code } : {}), ...(question.lang ? { lang: question.lang } : {}) };
  if (question.kind === 'order') return { ...base, choices: displayOrder(question).map((i) => question.items[i]!) };
  return { ...base, choices: question.options.map((o) => o.text) };
}

/** Checks the shape of an answer for a question: indices in range, no repeats, the right count. */
export function isValidAnswer(question: QuizQuestion, answer: readonly number[]): boolean {
  const n = question.kind === 'order' ? question.items.length : question.options.length;
  if (!answer.every((i) => Number.isInteger(i) && i >= 0 && i < n)) return false;
  if (new Set(answer).size !== answer.length) return false;
  switch (question.kind) {
    case 'single':
    case 'output':
      return answer.length === 1;
    case 'multiple':
      return answer.length >= 1;
    case 'order':
      return answer.length === n;
  }
}

export function grade(question: QuizQuestion, answer: readonly number[]): QuestionFeedback {
  if (!isValidAnswer(question, answer)) throw new Error(`not a valid answer for question "${question.id}"`);
  if (question.kind === 'order') {
    const shown = displayOrder(question);
    const solution = shown.map((_, item) => shown.indexOf(item));
    const correct = answer.every((pos, k) => shown[pos] === k);
    return { correct, answer: [...answer], solution, explanations: [], explanation: question.explanation };
  }
  const solution = question.options.flatMap((o, i) => (o.correct ? [i] : []));
  const picked = new Set(answer);
  const correct = solution.length === picked.size && solution.every((i) => picked.has(i));
  return {
    correct,
    answer: [...answer].sort((a, b) => a - b),
    solution,
    explanations: question.options.map((o) => o.explanation),
    ...(question.explanation ? { explanation: question.explanation } : {}),
  };
}

/** A question as the panel shows it, with its text rendered to safe HTML (inline code, bold; everything else escaped). */
export function questionView(question: QuizQuestion): QuestionView {
  const pub = publicQuestion(question);
  return {
    id: question.id,
    kind: question.kind,
    placement: question.placement,
    ...(question.topic ? { topic: question.topic } : {}),
    promptHtml: inlineMarkdown(question.prompt),
    ...(question.code ? { codeHtml: renderMarkdown('```' + (question.lang ?? 'text') + '\n' + question.code + '\n```').html } : {}),
    choicesHtml: pub.choices.map(inlineMarkdown),
  };
}

export function feedbackView(feedback: QuestionFeedback): Feedback {
  return {
    correct: feedback.correct,
    answer: feedback.answer,
    solution: feedback.solution,
    explanationsHtml: feedback.explanations.map(inlineMarkdown),
    ...(feedback.explanation ? { explanationHtml: inlineMarkdown(feedback.explanation) } : {}),
  };
}
