import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
  ['databases', 'orms', 'n-plus-one'],
  ['deployment', 'graceful-shutdown', 'no-graceful-shutdown'],
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
  this.timeout(300_000);
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

  it('links only to https, existing lessons and topics, exercises of the roadmap and diagrams that exist', () => {
    const topicIds = new Map(phases.map((p) => [p.id, new Set(p.topics.map((t) => t.id))]));
    const exerciseIds = new Set(phases.flatMap((p) => p.exercises));
    for (const p of phases) {
      const md = lessons.get(p.id)!;
      assert.ok(codeBlocks(p, md).some((b) => b.lang === 'text') || /!\[[^\]]+\]\(media\/diagrams\//.test(md), `${p.lesson} has a diagram`);
      const prose = md.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, '');
      for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const href = m[1]!;
        if (href.startsWith('exercise:')) {
          assert.ok(exerciseIds.has(href.slice(9)), `${p.lesson}: ${href} names an exercise of the roadmap`);
        } else if (href.startsWith('media/diagrams/')) {
          assert.ok(existsSync(join(ROOT, href)), `${p.lesson}: ${href} exists`);
        } else if (href.startsWith('lesson:')) {
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

  it('type-checks every TypeScript block against the real packages (strict, ES2022, NodeNext)', () => {
    const blocks = phases.flatMap((p) => codeBlocks(p, lessons.get(p.id)!)).filter((b) => b.lang === 'ts' || b.lang === 'typescript');
    const skipped = blocks.filter((b) => /^\/\/ not type-checked: \S/.test(b.code));
    const checked = blocks.filter((b) => !skipped.includes(b));
    assert.ok(checked.length >= 100, `most blocks are checked (${checked.length} checked, ${skipped.length} skipped)`);
    assert.ok(skipped.length <= Math.ceil(blocks.length * 0.05), `few blocks are marked not type-checked (${skipped.length})`);
    const errors = typeCheckBlocks(checked.map((b) => ({ where: `${b.phase.lesson}:${b.line + 1}`, code: b.code })));
    assert.deepEqual(errors, [], `TypeScript errors in lesson code:\n${errors.join('\n')}`);
  });
});

describe('lessons: the type check of code blocks', function () {
  this.timeout(300_000);

  it('reports a real type error, a wrong import form and a package that is not installed, with the lesson line', () => {
    const errors = typeCheckBlocks([
      { where: 'a.md:10', code: "import { Redis } from 'ioredis';\nconst redis = new Redis();\nconst n: number = await redis.get('k');\n" },
      { where: 'b.md:20', code: "import Redis from 'ioredis';\nexport const redis = new Redis();\n" },
      { where: 'c.md:30', code: "import { thing } from 'no-such-package-anywhere';\nthing();\n" },
      { where: 'd.md:40', code: "import type { Request, Response } from 'express';\nexport function ok(req: Request, res: Response): void { res.json({ id: req.params.id }); }\n" },
    ]);
    assert.ok(errors.some((e) => e.startsWith('a.md:12: ') && /string \| null.*number/s.test(e)), `get() returns string | null:\n${errors.join('\n')}`);
    assert.ok(errors.some((e) => e.startsWith('b.md:21: ') && /construct/i.test(e)), `default import of ioredis under NodeNext:\n${errors.join('\n')}`);
    assert.ok(errors.some((e) => e.startsWith('c.md:30: ') && /no-such-package-anywhere/.test(e)), `unknown package:\n${errors.join('\n')}`);
    assert.ok(!errors.some((e) => e.startsWith('d.md')), `a correct block passes:\n${errors.join('\n')}`);
  });

  it('keeps local declarations small and honest: no shorthand modules, a reason each, never shadowing an installed package', () => {
    const files = fixtureDeclarations();
    assert.ok(files.length > 0);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const name = relative(LESSON_TYPES, f);
      assert.match(text, /^\/\/ \S/, `${name} starts with a comment that says why it is not the real package`);
      assert.doesNotMatch(text, /declare\s+module\s+['"][^'"]+['"]\s*;/, `${name} has no shorthand (any-typed) module`);
      for (const m of text.matchAll(/declare\s+module\s+['"]([^'"]+)['"]/g)) {
        assert.ok(!existsSync(join(ROOT, 'node_modules', m[1]!, 'package.json')), `${name} declares ${m[1]}, which is installed: use the real types`);
      }
    }
  });
});

/** Local declarations for packages too heavy or native to install for a type check (see each file). */
const LESSON_TYPES = join(ROOT, 'test', 'fixtures', 'lesson-types');

function fixtureDeclarations(dir = LESSON_TYPES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? fixtureDeclarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);
}

/**
 * Type-checks code blocks as ES modules next to the project's node_modules, so imports resolve to the real
 * packages' types (NodeNext: the same CJS/ESM interop rules as a learner's project). Returns the errors as
 * `<where + line>: message`, where `where` names the block's first code line.
 */
function typeCheckBlocks(blocks: { where: string; code: string }[]): string[] {
  const dir = join(ROOT, '.lesson-blocks');
  const files = new Map<string, { where: string; text: string }>();
  blocks.forEach((b, i) => {
    const text = /\b(import|export)\b/.test(b.code) ? b.code : `${b.code}\nexport {};\n`;
    files.set(join(dir, `block-${i}.mts`), { where: b.where, text });
  });
  const options: ts.CompilerOptions = {
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'], types: ['node'], noEmit: true, skipLibCheck: true, typeRoots: [join(ROOT, 'node_modules', '@types')],
    // NestJS decorators are the legacy (experimental) kind; a Nest project turns this on in its tsconfig.
    experimentalDecorators: true, emitDecoratorMetadata: true,
  };
  const host = ts.createCompilerHost(options, true);
  const virtual = (f: string) => files.get(f)?.text;
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
  const program = ts.createProgram([...files.keys(), ...fixtureDeclarations()], options, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => !d.file || files.has(d.file.fileName) || d.file.fileName.startsWith(LESSON_TYPES)).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return `(global): ${msg}`;
    const block = files.get(d.file.fileName);
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    if (!block) return `${relative(ROOT, d.file.fileName)}:${line + 1}: ${msg}`;
    const [, file, first] = /^(.*):(\d+)$/.exec(block.where)!;
    return `${file}:${Number(first) + line}: ${msg}`;
  });
}
