import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ContentService } from '../../src/core/content/service';

const CONTENT = join(__dirname, '..', '..', '..', 'content');

describe('lesson search', () => {
  it('ranks title matches first and says why a text match matched', async () => {
    const content = new ContentService(CONTENT);
    await content.load();
    const hits = await content.search('timeout');
    assert.ok(hits.length > 1);
    const firstText = hits.findIndex((h) => !h.label.toLowerCase().includes('timeout'));
    const lastTitle = hits.map((h) => h.label.toLowerCase().includes('timeout')).lastIndexOf(true);
    assert.ok(lastTitle >= 0, 'some topic has "timeout" in its title');
    assert.ok(firstText < 0 || lastTitle < firstText, `title matches come first: ${hits.map((h) => h.label).join(', ')}`);
    for (const h of hits.filter((x) => x.topicId && !x.label.toLowerCase().includes('timeout'))) {
      assert.match(h.snippet ?? '', /timeout/i, `${h.label} shows the matching text`);
    }
  });
});
