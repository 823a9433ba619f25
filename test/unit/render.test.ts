import * as assert from 'node:assert/strict';
import { classifyLink, renderMarkdown } from '../../src/core/content/render';

const hostile = (md: string) => renderMarkdown(md, { allowedCommands: ['roadmapCoach.startExercise'], resolveImage: (p) => `https://file+.vscode-resource.test/${p}` }).html;

/** No executable HTML may survive: no tags that run script, no on* attributes, no dangerous URLs in attributes. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<\s*(script|iframe|object|embed|style|link|meta|form|svg|math)\b/i, `no dangerous element in ${html}`);
  for (const name of attributeNames(html)) assert.doesNotMatch(name, /^on/i, `no event-handler attribute in ${html}`);
  assert.doesNotMatch(html, /(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):/i, `no dangerous URL in ${html}`);
}

/** Attribute names of every tag, read the way a browser tokenizes them (quoted values skipped whole). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-z][a-z0-9]*/gi)) {
    const attr = /\s*([^\s=>"'/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?/y;
    attr.lastIndex = tag.index + tag[0].length;
    for (let m = attr.exec(html); m; m = attr.exec(html)) names.push(m[1]!);
  }
  return names;
}

describe('safe markdown renderer', () => {
  it('escapes raw HTML blocks and inline tags', () => {
    const html = hostile('<script>alert(1)</script>\n\nHello <img src=x onerror="alert(1)"> and <b onclick="x()">bold</b>');
    assertInert(html);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the script tag is shown as text');
    assert.match(html, /&lt;img src=x onerror=/);
  });

  it('drops javascript:, data: and vbscript: links but keeps their text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', ' javascript:alert(1)']) {
      const html = hostile(`[click me](${href})`);
      assertInert(html);
      assert.match(html, /click me/, `text kept for ${href}`);
      assert.doesNotMatch(html, /<a /, `no anchor for ${href}`);
    }
    assertInert(hostile('<javascript:alert(1)>'));
  });

  it('allows https, http and mailto links', () => {
    const html = hostile('[docs](https://nodejs.org/api/) [plain](http://example.com) [mail](mailto:a@b.c)');
    assert.match(html, /<a href="https:\/\/nodejs\.org\/api\/"/);
    assert.match(html, /<a href="http:\/\/example\.com\/"/);
    assert.match(html, /<a href="mailto:a@b\.c"/);
  });

  it('turns lesson: links into in-panel navigation and rejects other command links', () => {
    const html = hostile('[loop](lesson:node-runtime#event-loop) [go](command:roadmapCoach.startExercise) [bad](command:workbench.action.terminal.new)');
    assert.match(html, /data-lesson="node-runtime" data-topic-link="event-loop"/);
    assert.match(html, /data-command="roadmapCoach\.startExercise"/);
    assert.doesNotMatch(html, /workbench\.action\.terminal/, 'a command outside the allow-list is dropped');
  });

  it('escapes HTML inside link text and titles', () => {
    const html = hostile('[<img src=x onerror=alert(1)>](https://example.com "a\\" onmouseover=\\"alert(1)")');
    assertInert(html);
  });

  it('only loads images from the extension media folder', () => {
    assert.match(hostile('![diagram](media/loop.png)'), /<img src="https:\/\/file\+\.vscode-resource\.test\/media\/loop\.png" alt="diagram">/);
    for (const src of ['https://evil.example/x.png', 'data:image/png;base64,AAAA', 'media/../../etc/passwd.png', 'file:///etc/passwd']) {
      const html = hostile(`![x](${src})`);
      assertInert(html);
      assert.doesNotMatch(html, /<img/, `image ${src} is dropped`);
    }
  });

  it('keeps ASCII diagrams intact and highlights TypeScript', () => {
    const diagram = '```text\n[ A ] --> [ B ]\n   |   <tag>\n```';
    const html = hostile(diagram);
    assert.match(html, /<pre class="diagram"><code>\[ A \] --&gt; \[ B \]\n {3}\| {3}&lt;tag&gt;\n?<\/code><\/pre>/);
    const ts = hostile('```ts\nconst x: number = 1;\n```');
    assert.match(ts, /class="hljs-keyword">const</);
  });

  it('gives topic headings their stable anchors', () => {
    const r = renderMarkdown('# Title\n\n## The event loop {#event-loop}\n\ntext\n\n## Other');
    assert.deepEqual(r.headings.map((h) => h.id), ['title', 'event-loop', 'other']);
    assert.match(r.html, /<h2 id="event-loop" data-topic="event-loop" tabindex="-1">The event loop<\/h2>/);
  });

  it('classifies link targets', () => {
    assert.equal(classifyLink('https://a.b').kind, 'external');
    assert.equal(classifyLink('lesson:x').kind, 'lesson');
    assert.equal(classifyLink('#anchor').kind, 'anchor');
    assert.equal(classifyLink('ftp://a.b').kind, 'unsafe');
    assert.equal(classifyLink('//evil.example').kind, 'unsafe');
  });
});
