/** A lesson split into its `##` sections; used for search, topic anchors and word counts. */
export interface LessonSection {
  /** The `{#id}` anchor, or a slug of the heading. */
  id: string;
  title: string;
  /** Markdown of the section body, without its heading. */
  body: string;
  /** 1-based line of the heading in the file. */
  line: number;
}

export interface ParsedLesson {
  title: string;
  intro: string;
  sections: LessonSection[];
}

const HEADING_ID = /\s*\{#([a-z0-9-]+)\}\s*$/;

/** Splits `Title {#id}` into its parts. */
export function splitHeadingId(text: string): { title: string; id?: string } {
  const m = HEADING_ID.exec(text);
  if (!m) return { title: text.trim() };
  return { title: text.slice(0, m.index).trim(), id: m[1] };
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_~]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Splits markdown into the title, the intro and `##` sections, ignoring headings inside code fences. */
export function parseLesson(markdown: string): ParsedLesson {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let title = '';
  const intro: string[] = [];
  const sections: LessonSection[] = [];
  let current: { id: string; title: string; line: number; body: string[] } | undefined;
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    }
    if (!fence && !fenceMatch) {
      const h1 = /^#\s+(.*)$/.exec(line);
      if (h1 && !title) {
        title = splitHeadingId(h1[1]!).title;
        return;
      }
      const h2 = /^##\s+(.*)$/.exec(line);
      if (h2) {
        if (current) sections.push(finish(current));
        const { title: t, id } = splitHeadingId(h2[1]!);
        current = { id: id ?? slugify(t), title: t, line: i + 1, body: [] };
        return;
      }
    }
    (current ? current.body : intro).push(line);
  });
  if (current) sections.push(finish(current));
  return { title, intro: intro.join('\n').trim(), sections };
}

function finish(s: { id: string; title: string; line: number; body: string[] }): LessonSection {
  return { id: s.id, title: s.title, line: s.line, body: s.body.join('\n').trim() };
}

/** Words of prose: fenced code blocks are not counted. */
export function proseWordCount(markdown: string): number {
  const withoutCode = markdown.replace(/^\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\1\s*$/gm, ' ');
  return withoutCode.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}
