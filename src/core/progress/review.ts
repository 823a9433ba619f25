import { z } from 'zod';

/**
 * Spaced repetition with a Leitner system: every answered question sits in a box; each box has an interval.
 * A miss sends the question back to box 1 (due again the next day); a correct answer moves it one box up, so
 * the gaps grow: 1, 3, 7, 16, 35, then 75 days. SM-2 would tune an ease factor per question; with a handful of
 * reviews per question the boxes give the same behaviour and are easy to explain to the learner.
 */
export const BOX_INTERVAL_DAYS = [1, 3, 7, 16, 35, 75] as const;
export const MAX_BOX = BOX_INTERVAL_DAYS.length;
/** A question counts as mastered once it was answered correctly again after at least one review interval. */
export const MASTERED_BOX = 3;

const DAY = 24 * 60 * 60 * 1000;

export const ReviewEntrySchema = z.object({
  box: z.number().int().min(1).max(MAX_BOX),
  due: z.iso.datetime({ offset: true }),
  /** When the question was last answered. */
  at: z.iso.datetime({ offset: true }),
  reviews: z.number().int().min(0).default(0),
  lapses: z.number().int().min(0).default(0),
});

export type ReviewEntry = z.infer<typeof ReviewEntrySchema>;

function dueAfter(box: number, now: Date): string {
  return new Date(now.getTime() + BOX_INTERVAL_DAYS[box - 1]! * DAY).toISOString();
}

/** The schedule after a question is answered for the first time. */
export function firstSchedule(correct: boolean, now: Date): ReviewEntry {
  const box = correct ? 2 : 1;
  return { box, due: dueAfter(box, now), at: now.toISOString(), reviews: 0, lapses: correct ? 0 : 1 };
}

/** The schedule after a review answer. */
export function nextSchedule(entry: ReviewEntry, correct: boolean, now: Date): ReviewEntry {
  const box = correct ? Math.min(entry.box + 1, MAX_BOX) : 1;
  return { box, due: dueAfter(box, now), at: now.toISOString(), reviews: entry.reviews + 1, lapses: entry.lapses + (correct ? 0 : 1) };
}

export function isMastered(entry: ReviewEntry): boolean {
  return entry.box >= MASTERED_BOX;
}
