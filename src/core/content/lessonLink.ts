/** Links to a lesson topic from outside the panel: `<scheme>://backend-roadmap-coach.backend-roadmap-coach/lesson?phase=…&topic=…`. */
export const LESSON_LINK_AUTHORITY = 'backend-roadmap-coach.backend-roadmap-coach';
export const LESSON_LINK_PATH = '/lesson';

export function lessonLinkQuery(phaseId: string, topicId?: string): string {
  return `phase=${encodeURIComponent(phaseId)}${topicId ? `&topic=${encodeURIComponent(topicId)}` : ''}`;
}

export function lessonLink(phaseId: string, topicId?: string, scheme = 'vscode'): string {
  return `${scheme}://${LESSON_LINK_AUTHORITY}${LESSON_LINK_PATH}?${lessonLinkQuery(phaseId, topicId)}`;
}

/** The phase and topic of a lesson link, or undefined when it is not one (ids are checked, never trusted). */
export function parseLessonLink(path: string, query: string): { phaseId: string; topicId?: string } | undefined {
  if (path !== LESSON_LINK_PATH) return undefined;
  const q = new URLSearchParams(query);
  const phaseId = q.get('phase') ?? '';
  const topicId = q.get('topic') ?? '';
  if (!/^[a-z0-9-]+$/.test(phaseId)) return undefined;
  return /^[a-z0-9-]+$/.test(topicId) ? { phaseId, topicId } : { phaseId };
}
