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

interface LinkablePhase {
  id: string;
  number: number;
  topics: readonly { id: string; title: string }[];
}

/**
 * Turns the lesson references of an exercise README into links the markdown preview can follow:
 * "Phase 6 · Caching strategies" (also wrapped over two lines or in bold) when the title is a topic of that
 * phase, and `lesson:<phase>#<topic>` link targets. Everything else, code blocks included, is left as written.
 */
export function linkLessonReferences(markdown: string, phases: readonly LinkablePhase[], href: (phaseId: string, topicId: string) => string): string {
  const targets: { pattern: RegExp; phaseId: string; topicId: string }[] = [];
  for (const p of phases) {
    for (const t of [...p.topics].sort((a, b) => b.title.length - a.title.length)) {
      const title = t.title.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
      targets.push({ pattern: new RegExp(`(?<![\\[\\w])Phase\\s+${p.number}\\s+·\\s+${title}(?![\\w\\]])`, 'g'), phaseId: p.id, topicId: t.id });
    }
  }
  const known = new Set(phases.flatMap((p) => p.topics.map((t) => `${p.id}#${t.id}`)));
  return markdown
    .split(/(^```[\s\S]*?^```)/m)
    .map((part, i) => {
      if (i % 2 === 1) return part; // a fenced code block
      let text = part.replace(/\]\(lesson:([a-z0-9-]+)#([a-z0-9-]+)\)/g, (whole, phaseId: string, topicId: string) => (known.has(`${phaseId}#${topicId}`) ? `](${href(phaseId, topicId)})` : whole));
      for (const t of targets) text = text.replace(t.pattern, (ref) => `[${ref.replace(/\s+/g, ' ')}](${href(t.phaseId, t.topicId)})`);
      return text;
    })
    .join('');
}
