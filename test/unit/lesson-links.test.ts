import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonLink, linkLessonReferences, parseLessonLink } from '../../src/core/content/lessonLink';
import { fileReader, loadRoadmap } from '../../src/core/content/loader';

const phases = [
  { id: 'caching', number: 6, topics: [{ id: 'strategies', title: 'Caching strategies' }, { id: 'invalidation', title: 'Cache invalidation and TTLs' }] },
  { id: 'testing', number: 9, topics: [{ id: 'unit', title: 'Unit tests and test doubles' }] },
];
const href = (p: string, t: string) => lessonLink(p, t);

describe('lesson references in exercise READMEs become links', () => {
  it('links "Phase N · Topic title", also wrapped over two lines or in bold, and lesson: targets', () => {
    const md = 'It follows Phase 6 · Caching\nstrategies and **Phase 9 · Unit tests and test doubles**; see [the TTL part](lesson:caching#invalidation).\n';
    assert.equal(linkLessonReferences(md, phases, href),
      `It follows [Phase 6 · Caching strategies](${href('caching', 'strategies')}) and **[Phase 9 · Unit tests and test doubles](${href('testing', 'unit')})**; see [the TTL part](${href('caching', 'invalidation')}).\n`);
    const link = new URL(href('caching', 'strategies'));
    assert.deepEqual(parseLessonLink(link.pathname, link.search.slice(1)), { phaseId: 'caching', topicId: 'strategies' });
  });

  it('leaves alone what is not a topic of that phase, what is already a link, and code blocks', () => {
    const md = 'Phase 6 · Unit tests and test doubles (wrong phase). [Phase 6 · Caching strategies](https://example.com). lesson:caching#nope [x](lesson:caching#nope)\n```\nPhase 6 · Caching strategies\n```\n';
    assert.equal(linkLessonReferences(md, phases, href), md);
  });

  it('links most "Phase N ·" references written in the shipped exercise READMEs (titles as the roadmap spells them)', async () => {
    const content = join(__dirname, '../../../content');
    const roadmap = await loadRoadmap(fileReader(content));
    let refs = 0;
    let linked = 0;
    const unlinked: string[] = [];
    for (const id of readdirSync(join(content, 'exercises'))) {
      const md = readFileSync(join(content, 'exercises', id, 'README.md'), 'utf8');
      const out = linkLessonReferences(md, roadmap.phases, href);
      refs += (md.match(/Phase\s+\d+\s+·/g) ?? []).length;
      linked += (out.match(/\[Phase\s\d+\s·[^\]]*\]\(vscode:/g) ?? []).length;
      for (const m of out.matchAll(/(?<!\[)Phase\s+\d+\s+·\s+[^.,;*\n]{0,40}/g)) unlinked.push(`${id}: ${m[0]}`);
    }
    assert.ok(refs > 0);
    assert.ok(linked / refs >= 0.6, `only ${linked} of ${refs} references link to a topic; not linked:\n${unlinked.join('\n')}`);
  });
});
