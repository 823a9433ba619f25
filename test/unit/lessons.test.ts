import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ContentService } from '../../src/core/content/service';
import { proseWordCount } from '../../src/core/content/lesson';
import type { Phase } from '../../src/core/content/loader';

const ROOT = join(__dirname, '..', '..', '..');
const CONTENT = join(ROOT, 'content');
/** The user's roadmap: the shared original when it is beside the checkout, else the copy kept with the tests. */
const SHARED_SEED = join(ROOT, '..', 'shared', 'seed', 'roadmap.md');
const SEED_COPY = join(ROOT, 'test', 'fixtures', 'seed-roadmap.md');
const SEED = existsSync(SHARED_SEED) ? SHARED_SEED : SEED_COPY;

/**
 * Every concept the seed roadmap lists, in the seed's own words, and the topic that teaches it.
 * The first check below proves each phrase really is in the seed, so this table cannot drift from it.
 */
const SEED_CONCEPTS: Record<number, [string, string][]> = {
  0: [['guardian of the data and the business logic', 'role-and-boundaries'], ['API Design', 'api-design'], ['Data Modeling', 'data-modeling'], ['Concurrency', 'concurrency'], ['Reliability', 'reliability']],
  1: [['Closures & Scope', 'closures-scope'], ['Prototypes', 'prototypes'], ['Memory Management', 'memory-management'], ['TypeScript', 'typescript'], ['Big-O Complexity', 'big-o'], ['Maps/Sets', 'maps-sets'], ['Queues/Stacks', 'queues-stacks']],
  2: [['The Event Loop', 'event-loop'], ['Call Stack vs Task Queues', 'task-queues'], ['Non-Blocking I/O', 'non-blocking-io'], ['Buffers & Streams', 'buffers-streams']],
  3: [['HTTP Protocol', 'http-protocol'], ['RESTful Design', 'rest-design'], ['Idempotency', 'idempotency'], ['Pagination', 'pagination'], ['Versioning', 'versioning']],
  4: [['Middleware Pattern', 'express-middleware'], ['Error Handling', 'express-error-handling'], ['Architecture', 'nest-architecture'], ['DI (Dependency Injection)', 'dependency-injection'], ['Modules', 'nest-modules'], ['Pipes', 'pipes'], ['Guards', 'guards'], ['Interceptors', 'interceptors']],
  5: [['SQL vs NoSQL', 'sql-vs-nosql'], ['Schema Design', 'schema-design'], ['Indexing', 'indexing'], ['Transactions (ACID)', 'transactions'], ['ORMs', 'orms']],
  6: [['In-Memory Caching', 'in-memory-caching'], ['Distributed Caching (Redis)', 'distributed-caching'], ['Caching Strategies', 'caching-strategies'], ['Cache Invalidation', 'cache-invalidation']],
  7: [['AuthN (Who are you?)', 'authn'], ['AuthZ (What can you do?)', 'authz'], ['OAuth2 / OIDC', 'oauth-oidc'], ['OWASP Top 10', 'owasp-top-10'], ['Sanitizing Inputs', 'input-sanitization'], ['Rate Limiting', 'rate-limiting'], ['Hashing Passwords', 'password-hashing']],
  8: [['Message Queues', 'message-queues'], ['Pub/Sub', 'pub-sub'], ['Background Jobs', 'background-jobs'], ['Webhooks', 'webhooks']],
  9: [['Unit Tests', 'unit-tests'], ['Integration Tests', 'integration-tests'], ['Contract Tests', 'contract-tests'], ['TDD (Test Driven Development)', 'tdd']],
  10: [['Logging', 'logging'], ['Metrics', 'metrics'], ['Tracing', 'tracing'], ['Error Tracking', 'error-tracking']],
  11: [['Vertical Scaling', 'vertical-scaling'], ['Horizontal Scaling', 'horizontal-scaling'], ['Load Balancing', 'load-balancing'], ['Circuit Breakers', 'circuit-breakers'], ['Retries with Exponential Backoff', 'retries-backoff'], ['Timeouts', 'timeouts']],
  12: [['Environment Configuration', 'environment-config'], ['Docker', 'docker'], ['CI/CD', 'ci-cd'], ['Process Management', 'process-management'], ['Graceful Shutdown', 'graceful-shutdown']],
  13: [['Monolith vs Microservices', 'monolith-vs-microservices'], ['CAP Theorem', 'cap-theorem'], ['Database Scaling', 'database-scaling'], ['API Gateways', 'api-gateways'], ['Eventual Consistency', 'eventual-consistency']],
  14: [['Clean Architecture', 'clean-architecture'], ['SOLID Principles', 'solid'], ['Code Reviews', 'code-reviews'], ['Refactoring', 'refactoring']],
  15: [['The "Uber" Core', 'ride-hailing-core'], ['The "Stripe" Clone', 'payments-platform'], ['The High-Frequency Chat', 'realtime-chat'], ['The Video Transcoder', 'video-transcoding']],
  16: [['"Design WhatsApp"', 'design-whatsapp'], ['"Design the schema for AirBnB"', 'design-airbnb-schema'], ['"How to prevent double-booking a seat?"', 'double-booking'], ['Ownership', 'ownership'], ['Debugging', 'debugging-layers'], ['Business Value', 'business-value']],
};

/** Topics the coaching diagnostics link to, and the rule each must explain. */
const RULE_TOPICS: [string, string, string][] = [
  ['node-runtime', 'floating-promises', 'floating-promise'],
  ['api-engineering', 'pagination', 'offset-pagination'],
  ['observability', 'logging', 'console-in-service'],
  ['scalability-reliability', 'timeouts', 'missing-timeout'],
];

function seedSection(seed: string, n: number): string {
  const start = seed.indexOf(`## Phase ${n}:`);
  const end = seed.indexOf('\n## ', start + 5);
  return seed.slice(start, end < 0 ? undefined : end);
}

interface Block { phase: Phase; lang: string; code: string; line: number }

function codeBlocks(phase: Phase, markdown: string): Block[] {
  const blocks: Block[] = [];
  const re = /^```([^\n]*)\n([\s\S]*?)^```\s*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    blocks.push({ phase, lang: m[1]!.trim().split(/\s+/)[0]!, code: m[2]!, line: markdown.slice(0, m.index).split('\n').length });
  }
  return blocks;
}

describe('lessons: the curriculum', function () {
  this.timeout(120_000);
  let content: ContentService;
  let phases: Phase[];
  const lessons = new Map<string, string>();

  before(async () => {
    content = new ContentService(CONTENT);
    phases = (await content.load()).phases;
    for (const p of phases) lessons.set(p.id, (await content.lesson(p)).lesson!.markdown);
  });

  it('covers every concept of the seed as a topic of its phase, with a real section', () => {
    const seed = readFileSync(SEED, 'utf8');
    if (SEED !== SEED_COPY) assert.equal(readFileSync(SEED_COPY, 'utf8'), seed, 'test/fixtures/seed-roadmap.md is a current copy of the shared roadmap');
    for (const p of phases) {
      const concepts = SEED_CONCEPTS[p.number];
      assert.ok(concepts, `seed concepts listed for phase ${p.number}`);
      const section = seedSection(seed, p.number);
      for (const [phrase, topicId] of concepts) {
        assert.ok(section.includes(phrase), `the seed's phase ${p.number} mentions "${phrase}"`);
        assert.ok(p.topics.some((t) => t.id === topicId), `phase ${p.id} has topic ${topicId} for "${phrase}"`);
      }
    }
  });

  it('gives every topic a section in manifest order, then outcomes and further reading', async () => {
    for (const p of phases) {
      const { lesson } = await content.lesson(p);
      const ids = lesson!.sections.map((s) => s.id);
      assert.deepEqual(ids, [...p.topics.map((t) => t.id), 'outcomes', 'further-reading'], `sections of ${p.lesson}`);
      for (const s of lesson!.sections.slice(0, p.topics.length)) {
        assert.ok(proseWordCount(s.body) >= 120, `${p.lesson}#${s.id} teaches (${proseWordCount(s.body)} words)`);
      }
      assert.equal((lessons.get(p.id)!.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, '').match(/^# /gm) ?? []).length, 1, `${p.lesson} has one title`);
    }
  });

  it('has 1,500–4,000 words of prose per lesson', () => {
    for (const p of phases) {
      const words = proseWordCount(lessons.get(p.id)!);
      assert.ok(words >= 1500 && words <= 4000, `${p.lesson}: ${words} words`);
    }
  });

  it('explains each coaching rule in the topic its diagnostic links to', async () => {
    for (const [phaseId, topicId, rule] of RULE_TOPICS) {
      const phase = content.phase(phaseId)!;
      const section = (await content.lesson(phase)).lesson!.sections.find((s) => s.id === topicId)!;
      assert.ok(section.body.includes(`### The coach rule \`${rule}\``), `${phaseId}#${topicId} explains ${rule}`);
      assert.ok(section.body.includes(`roadmap-coach-ignore-next-line ${rule}`), `${phaseId}#${topicId} says how to suppress ${rule}`);
    }
  });

  it('draws diagrams as text blocks and links only to https and existing lessons', () => {
    const topicIds = new Map(phases.map((p) => [p.id, new Set(p.topics.map((t) => t.id))]));
    for (const p of phases) {
      const md = lessons.get(p.id)!;
      assert.ok(codeBlocks(p, md).some((b) => b.lang === 'text'), `${p.lesson} has an ASCII diagram`);
      const prose = md.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, '');
      for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const href = m[1]!;
        if (href.startsWith('lesson:')) {
          const [phaseId, topicId] = href.slice(7).split('#');
          assert.ok(topicIds.has(phaseId!), `${p.lesson}: ${href} names an existing phase`);
          if (topicId) assert.ok(topicIds.get(phaseId!)!.has(topicId) || ['outcomes', 'further-reading'].includes(topicId), `${p.lesson}: ${href} names an existing topic`);
        } else {
          assert.match(href, /^https:\/\//, `${p.lesson}: external links use https (${href})`);
          assert.doesNotThrow(() => new URL(href), `${p.lesson}: ${href} is a well-formed URL`);
        }
      }
    }
  });

  it('builds on earlier phases: every phase after the first links back to an earlier one', () => {
    for (const p of phases.filter((x) => x.number > 1)) {
      const earlier = new Set(phases.filter((x) => x.number < p.number).map((x) => x.id));
      const links = [...lessons.get(p.id)!.matchAll(/\(lesson:([a-z0-9-]+)/g)].map((m) => m[1]!);
      assert.ok(links.some((id) => earlier.has(id)), `${p.lesson} refers back to an earlier phase`);
    }
  });

  it('type-checks every TypeScript block (strict, ES2022, @types/node)', () => {
    const blocks = phases.flatMap((p) => codeBlocks(p, lessons.get(p.id)!)).filter((b) => b.lang === 'ts' || b.lang === 'typescript');
    const skipped = blocks.filter((b) => /^\/\/ not type-checked: \S/.test(b.code));
    const checked = blocks.filter((b) => !skipped.includes(b));
    assert.ok(checked.length >= 100, `most blocks are checked (${checked.length} checked, ${skipped.length} skipped)`);
    assert.ok(skipped.length <= Math.ceil(blocks.length * 0.05), `few blocks are marked not type-checked (${skipped.length})`);
    const dir = join(ROOT, '.lesson-blocks');
    const files = new Map<string, { block: Block; text: string }>();
    const packages = new Set<string>();
    checked.forEach((b, i) => {
      const text = /\b(import|export)\b/.test(b.code) ? b.code : `${b.code}\nexport {};\n`;
      files.set(join(dir, `block-${i}.mts`), { block: b, text });
      for (const m of b.code.matchAll(/from\s+['"]([^'".][^'"]*)['"]|import\s*\(\s*['"]([^'".][^'"]*)['"]\s*\)|require\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (!spec.startsWith('node:')) packages.add(spec);
      }
    });
    // Third-party packages are typed `any` (shorthand ambient modules); our own code is still checked.
    const ambient = join(dir, 'ambient.d.ts');
    const ambientText = [...packages].map((p) => `declare module '${p}';`).join('\n');
    const options: ts.CompilerOptions = {
      strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'], types: ['node'], noEmit: true, skipLibCheck: true, typeRoots: [join(ROOT, 'node_modules', '@types')],
    };
    const host = ts.createCompilerHost(options, true);
    const virtual = (f: string) => (f === ambient ? ambientText : files.get(f)?.text);
    const origGet = host.getSourceFile.bind(host);
    host.getSourceFile = (f, lang, onError, create) => {
      const text = virtual(f);
      return text !== undefined ? ts.createSourceFile(f, text, lang, true) : origGet(f, lang, onError, create);
    };
    const origExists = host.fileExists.bind(host);
    host.fileExists = (f) => virtual(f) !== undefined || origExists(f);
    const origRead = host.readFile.bind(host);
    host.readFile = (f) => virtual(f) ?? origRead(f);
    host.getCurrentDirectory = () => ROOT;
    const program = ts.createProgram([...files.keys(), ambient], options, host);
    const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
      const { block } = files.get(d.file!.fileName)!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${block.phase.lesson}:${block.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(errors, [], `TypeScript errors in lesson code:\n${errors.join('\n')}`);
  });
});
