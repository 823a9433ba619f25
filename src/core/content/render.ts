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
  | { kind: 'unsafe' };

export function classifyLink(rawHref: string, allowedCommands: readonly string[] = []): LinkTarget {
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"), so strip them first.
  // eslint-disable-next-line no-control-regex
  const href = rawHref.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const lesson = /^lesson:([a-z0-9-]+)(?:#([a-z0-9-]+))?$/.exec(href);
  if (lesson) return lesson[2] ? { kind: 'lesson', phaseId: lesson[1]!, topicId: lesson[2] } : { kind: 'lesson', phaseId: lesson[1]! };
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
        return `<h${token.depth} id="${escapeHtml(id)}"${topicAttr} tabindex="-1">${htmlTitle}</h${token.depth}>\n`;
      },
      code(token: Tokens.Code): string {
        const info = (token.lang ?? '').trim().split(/\s+/)[0]!.toLowerCase();
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
          default:
            return `<span class="dropped-link">${text}</span>`;
        }
      },
      image(token: Tokens.Image): string {
        const alt = escapeHtml(token.text);
        const local = /^(?:\.\/)?(media\/[A-Za-z0-9_./-]+\.(?:png|svg|gif|jpe?g|webp))$/.exec(token.href);
        const src = local && !local[1]!.includes('..') ? options.resolveImage?.(local[1]!) : undefined;
        if (!src) return `<span class="dropped-image">[image: ${alt}]</span>`;
        return `<img src="${escapeHtml(src)}" alt="${alt}">`;
      },
    },
  });
  const html = marked.parse(markdown) as string;
  return { html, headings };
}
