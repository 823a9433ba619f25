import { Marked, type Tokens } from 'marked';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import javascript from 'highlight.js/lib/languages/javascript';
import sql from 'highlight.js/lib/languages/sql';
import json from 'highlight.js/lib/languages/json';
import bash from 'highlight.js/lib/languages/bash';
import http from 'highlight.js/lib/languages/http';
import yaml from 'highlight.js/lib/languages/yaml';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import { slugify, splitHeadingId } from './lesson';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('json', json);
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('http', http);
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('dockerfile', dockerfile);

const LANG_ALIASES: Record<string, string> = {
  ts: 'typescript', typescript: 'typescript', tsx: 'typescript',
  js: 'javascript', javascript: 'javascript', mjs: 'javascript', jsx: 'javascript',
  sql: 'sql', json: 'json', jsonc: 'json', bash: 'bash', sh: 'bash', shell: 'bash', console: 'bash',
  http: 'http', yaml: 'yaml', yml: 'yaml', dockerfile: 'dockerfile', docker: 'dockerfile',
};

export interface RenderOptions {
  /** Maps an extension-relative image path (e.g. `media/x.png`) to a URL the webview may load; undefined drops the image. */
  resolveImage?: (path: string) => string | undefined;
  /** Command ids that `command:` links may run (the webview asks the host, which checks again). */
  allowedCommands?: readonly string[];
  /** Returns the text of an SVG diagram (`media/diagrams/x.svg`) to inline, so it follows the editor theme. */
  readSvg?: (path: string) => string | undefined;
  /** Objectives and key points by topic id: shown at the top and as a recap at the end of each topic section. */
  topics?: ReadonlyMap<string, { objectives: readonly string[]; keyPoints: readonly string[] }>;
}

export interface RenderedHeading {
  id: string;
  title: string;
  depth: number;
}

export interface RenderResult {
  html: string;
  headings: RenderedHeading[];
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SAFE_SCHEMES = /^(https?:|mailto:)/i;

/** Classifies a link target. Everything not listed here is dropped (its text is kept). */
export type LinkTarget =
  | { kind: 'external'; href: string }
  | { kind: 'lesson'; phaseId: string; topicId?: string }
  | { kind: 'anchor'; id: string }
  | { kind: 'command'; command: string }
  | { kind: 'exercise'; exerciseId: string }
  | { kind: 'unsafe' };

export function classifyLink(rawHref: string, allowedCommands: readonly string[] = []): LinkTarget {
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"), so strip them first.
  // eslint-disable-next-line no-control-regex
  const href = rawHref.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const lesson = /^lesson:([a-z0-9-]+)(?:#([a-z0-9-]+))?$/.exec(href);
  if (lesson) return lesson[2] ? { kind: 'lesson', phaseId: lesson[1]!, topicId: lesson[2] } : { kind: 'lesson', phaseId: lesson[1]! };
  const exercise = /^exercise:([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(href);
  if (exercise) return { kind: 'exercise', exerciseId: exercise[1]! };
  const anchor = /^#([A-Za-z0-9-_]+)$/.exec(href);
  if (anchor) return { kind: 'anchor', id: anchor[1]! };
  const command = /^command:([A-Za-z0-9_.-]+)$/.exec(href);
  if (command) return allowedCommands.includes(command[1]!) ? { kind: 'command', command: command[1]! } : { kind: 'unsafe' };
  if (SAFE_SCHEMES.test(href)) {
    try {
      const url = new URL(href);
      if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') return { kind: 'external', href: url.href };
    } catch {
      return { kind: 'unsafe' };
    }
  }
  return { kind: 'unsafe' };
}

/**
 * Renders lesson markdown to HTML that is safe to put in the webview:
 * raw HTML is escaped, links survive only for safe schemes, images only from the extension.
 * The webview's Content-Security-Policy is the second wall.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderResult {
  const headings: RenderedHeading[] = [];
  const usedIds = new Set<string>();
  let openTopic: string | undefined;
  let diagrams = 0;
  const recap = (): string => {
    const points = openTopic ? options.topics?.get(openTopic)?.keyPoints : undefined;
    openTopic = undefined;
    if (!points?.length) return '';
    return `<aside class="recap" aria-label="Key points"><p class="recap-title">Key points</p><ul>${points.map((p) => `<li>${inlineMarkdown(p)}</li>`).join('')}</ul></aside>\n`;
  };
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(token.text);
      },
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading): string {
        const inline = this.parser.parseInline(token.tokens);
        const { title, id: explicit } = splitHeadingId(token.text);
        const htmlTitle = splitHeadingId(inline).title;
        let id = explicit ?? (slugify(title) || 'section');
        while (usedIds.has(id)) id = `${id}-x`;
        usedIds.add(id);
        headings.push({ id, title, depth: token.depth });
        const topicAttr = explicit && token.depth === 2 ? ` data-topic="${escapeHtml(explicit)}"` : '';
        const before = token.depth <= 2 ? recap() : '';
        let after = '';
        if (explicit && token.depth === 2 && options.topics?.has(explicit)) {
          openTopic = explicit;
          const objectives = options.topics.get(explicit)!.objectives;
          if (objectives.length) after = `<aside class="objectives" aria-label="Objectives"><p class="objectives-title">In this topic</p><ul>${objectives.map((o) => `<li>${inlineMarkdown(o)}</li>`).join('')}</ul></aside>\n`;
        }
        return `${before}<h${token.depth} id="${escapeHtml(id)}"${topicAttr} tabindex="-1">${htmlTitle}</h${token.depth}>\n${after}`;
      },
      code(token: Tokens.Code): string {
        const info = (token.lang ?? '').trim().split(/\s+/)[0]!.toLowerCase();
        if (info === 'checkpoint') {
          const id = token.text.trim();
          return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) ? `<div class="checkpoint" data-question="${id}"></div>\n` : '';
        }
        const language = LANG_ALIASES[info];
        const body = language ? hljs.highlight(token.text, { language, ignoreIllegals: true }).value : escapeHtml(token.text);
        const cls = language ? `hljs language-${language}` : info === 'text' || info === 'ascii' ? 'diagram' : 'plain';
        const label = info ? `<span class="code-lang">${escapeHtml(info)}</span>` : '';
        return `<div class="code-block">${label}<pre class="${cls}"><code>${body}</code></pre></div>\n`;
      },
      link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link): string {
        const text = this.parser.parseInline(token.tokens);
        const target = classifyLink(token.href, options.allowedCommands);
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        switch (target.kind) {
          case 'external':
            return `<a href="${escapeHtml(target.href)}"${title} class="external">${text}</a>`;
          case 'lesson':
            return `<a href="#" data-lesson="${escapeHtml(target.phaseId)}"${target.topicId ? ` data-topic-link="${escapeHtml(target.topicId)}"` : ''}${title}>${text}</a>`;
          case 'anchor':
            return `<a href="#${escapeHtml(target.id)}" data-anchor="${escapeHtml(target.id)}"${title}>${text}</a>`;
          case 'command':
            return `<a href="#" data-command="${escapeHtml(target.command)}"${title}>${text}</a>`;
          case 'exercise':
            return `<a href="#" class="exercise-link" data-exercise="${escapeHtml(target.exerciseId)}"${title}><span class="codicon codicon-beaker" aria-hidden="true"></span> ${text}</a>`;
          default:
            return `<span class="dropped-link">${text}</span>`;
        }
      },
      image(token: Tokens.Image): string {
        const alt = escapeHtml(token.text);
        const local = /^(?:\.\/)?(media\/[A-Za-z0-9_./-]+\.(?:png|svg|gif|jpe?g|webp))$/.exec(token.href);
        if (local && !local[1]!.includes('..') && /^media\/diagrams\/[A-Za-z0-9_-]+\.svg$/.test(local[1]!) && options.readSvg) {
          const svg = options.readSvg(local[1]!);
          if (svg !== undefined) {
            const clean = sanitizeSvg(svg, `d${++diagrams}-`);
            if (clean) return `<figure class="diagram">${clean.replace(/^<svg\b/, `<svg role="img" aria-label="${alt}"`)}</figure>`;
          }
        }
        const src = local && !local[1]!.includes('..') ? options.resolveImage?.(local[1]!) : undefined;
        if (!src) return `<span class="dropped-image">[image: ${alt}]</span>`;
        return `<img src="${escapeHtml(src)}" alt="${alt}">`;
      },
    },
  });
  const html = (marked.parse(markdown) as string) + recap();
  return { html, headings };
}

/** Inline markdown (code and bold; everything else escaped) for short strings such as objectives and quiz options. */
export function inlineMarkdown(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const SVG_ELEMENTS = new Set(['svg', 'g', 'title', 'desc', 'defs', 'marker', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan']);
const SVG_ATTRIBUTES = new Set([
  'viewbox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'class', 'transform',
  'text-anchor', 'dominant-baseline', 'font-size', 'font-weight', 'font-style', 'markerwidth', 'markerheight', 'refx', 'refy', 'orient',
  'markerunits', 'marker-end', 'marker-start', 'marker-mid', 'id', 'fill', 'stroke-width', 'stroke-dasharray', 'stroke-linecap',
  'stroke-linejoin', 'xmlns', 'preserveaspectratio', 'opacity', 'dx', 'dy', 'letter-spacing', 'role', 'aria-hidden', 'aria-label',
]);

/**
 * Keeps only an allow-list of SVG elements and attributes: no scripts, styles, foreign content, links or event
 * handlers; colours come from classes the panel's stylesheet maps to theme colours (`fill` may only be "none").
 * Ids are prefixed so two diagrams on one page do not share marker ids. Returns undefined for a non-SVG.
 */
export function sanitizeSvg(source: string, idPrefix: string): string | undefined {
  const out: string[] = [];
  let skipDepth = 0;
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[\s\S]*?\?>|<\/\s*([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>|([^<]+)|(<)/g;
  let sawSvg = false;
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    const [, close, open, attrs, selfClose, text, stray] = m;
    if (close !== undefined) {
      const name = close.toLowerCase();
      if (skipDepth > 0) {
        skipDepth--;
        continue;
      }
      if (SVG_ELEMENTS.has(name)) out.push(`</${name}>`);
    } else if (open !== undefined) {
      const name = open.toLowerCase();
      if (skipDepth > 0 || !SVG_ELEMENTS.has(name)) {
        if (!selfClose) skipDepth++;
        continue;
      }
      if (name === 'svg') sawSvg = true;
      const kept: string[] = [];
      const attr = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g;
      for (let a = attr.exec(attrs ?? ''); a; a = attr.exec(attrs ?? '')) {
        const key = a[1]!.toLowerCase();
        let value = a[2] ?? a[3] ?? '';
        if (!SVG_ATTRIBUTES.has(key)) continue;
        if (key === 'fill' && value !== 'none') continue;
        if (key === 'id') value = idPrefix + value;
        if (key.startsWith('marker-')) {
          const ref = /^url\(#([A-Za-z0-9_-]+)\)$/.exec(value.trim());
          if (!ref) continue;
          value = `url(#${idPrefix}${ref[1]})`;
        }
        if (/[<>"&]/.test(value) || /javascript:|url\(/i.test(value.replace(/^url\(#[A-Za-z0-9_-]+\)$/, ''))) continue;
        kept.push(` ${a[1]}="${value}"`);
      }
      out.push(`<${name}${kept.join('')}${selfClose ? '/' : ''}>`);
    } else if (text !== undefined || stray !== undefined) {
      if (skipDepth === 0) out.push(escapeHtml(decodeXmlEntities(text ?? stray ?? '')));
    }
  }
  const html = out.join('').trim();
  return sawSvg && html.startsWith('<svg') ? html : undefined;
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (e, name: string) => {
    const n = name.toLowerCase();
    if (n === 'lt') return '<';
    if (n === 'gt') return '>';
    if (n === 'amp') return '&';
    if (n === 'quot') return '"';
    if (n === 'apos') return "'";
    const code = n.startsWith('#x') ? parseInt(n.slice(2), 16) : parseInt(n.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : e;
  });
}
