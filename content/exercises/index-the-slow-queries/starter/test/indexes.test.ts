import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { SCHEMA, SEED } from '../src/schema.ts';
import { CUSTOMER_BY_EMAIL, PENDING_QUEUE, RECENT_PAID_ORDERS } from '../src/queries.ts';
import { INDEXES } from '../src/indexes.ts';

// Every test here only reads, so the file loads the data and your indexes once, in one PostgreSQL
// (PGlite, in this process). Plans are compared by node types, index names and pages read, never by
// timings, which change with the machine.

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
};

let pg: PGlite;
let indexProblem: string | undefined;
const ORIGINAL = new Set(['customers_pkey', 'orders_pkey']);

before(async () => {
  pg = await PGlite.create();
  await pg.exec(SCHEMA);
  await pg.exec(SEED);
  for (const sql of INDEXES) {
    try {
      await pg.exec(sql);
    } catch (e) {
      indexProblem ??= `${sql}\n  failed: ${(e as Error).message}`;
    }
  }
  await pg.exec('ANALYZE');
});
after(async () => { await pg.close(); });

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

async function plan(sql: string, params: unknown[] = []): Promise<{ root: PlanNode; nodes: PlanNode[]; text: string }> {
  assert.equal(indexProblem, undefined, 'every statement in INDEXES runs');
  const { rows } = await pg.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const root = rows[0]!['QUERY PLAN'][0]!.Plan;
  const nodes = [...walk(root)];
  const text = nodes.map((n) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`).join(' > ');
  return { root, nodes, text };
}

/** The indexes you added: name → definition, predicate (for a partial index) and expression columns. */
async function addedIndexes(): Promise<Map<string, { def: string; predicate: string | null; expression: string | null }>> {
  const { rows } = await pg.query<{ name: string; def: string; predicate: string | null; expression: string | null }>(`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def,
           pg_get_expr(i.indpred, i.indrelid) AS predicate, pg_get_expr(i.indexprs, i.indrelid) AS expression
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid IN ('orders'::regclass, 'customers'::regclass)`);
  return new Map(rows.filter((r) => !ORIGINAL.has(r.name)).map((r) => [r.name, r]));
}

const pagesRead = (n: PlanNode) => (n['Shared Hit Blocks'] ?? 0) + (n['Shared Read Blocks'] ?? 0);

test('INDEXES holds only CREATE INDEX statements, and each one runs', async () => {
  assert.ok(INDEXES.length > 0, 'INDEXES is empty: add your CREATE INDEX statements');
  for (const sql of INDEXES) {
    assert.match(sql, /^\s*CREATE\s+(UNIQUE\s+)?INDEX\b/i, `not a CREATE INDEX statement: ${sql}`);
    assert.ok(!/;\s*\S/.test(sql), `one statement per string: ${sql}`);
  }
  assert.equal(indexProblem, undefined);
});

test('a customer\'s newest paid orders: an index seek on customer_id and status, already in order', async () => {
  for (const customer of [42, 7]) {
    const { root, nodes, text } = await plan(RECENT_PAID_ORDERS, [customer]);
    assert.ok(!nodes.some((n) => n['Node Type'] === 'Seq Scan'), `reads all of a table (${text})`);
    assert.ok(!nodes.some((n) => /Sort/.test(n['Node Type'])), `sorts the orders itself: the index should deliver them newest first (${text})`);
    const scan = nodes.find((n) => n['Relation Name'] === 'orders' && n['Index Name'] && n['Index Name'] !== 'orders_pkey');
    assert.ok(scan, `uses one of your indexes on orders (${text})`);
    const cond = scan['Index Cond'] ?? '';
    assert.ok(/customer_id/.test(cond) && /status/.test(cond), `the Index Cond names customer_id and status (it is: ${cond || 'none'})`);
    assert.ok(pagesRead(root) < 50, `reads ${pagesRead(root)} pages for 20 rows: the index walks through other customers' orders (${text})`);
  }
});

test('the pending queue: a partial index that holds only pending orders, already in queue order', async () => {
  const { nodes, text } = await plan(PENDING_QUEUE);
  assert.ok(!nodes.some((n) => n['Node Type'] === 'Seq Scan'), `reads all of orders (${text})`);
  assert.ok(!nodes.some((n) => /Sort/.test(n['Node Type'])), `sorts the pending orders itself (${text})`);
  const used = nodes.find((n) => n['Relation Name'] === 'orders' && n['Index Name'])?.['Index Name'];
  assert.ok(used, `uses an index on orders (${text})`);
  const index = (await addedIndexes()).get(used);
  assert.ok(index, `${used} is one of your indexes`);
  assert.match(index.predicate ?? '', /status\s*=\s*'pending'/, `${used} is partial, WHERE status = 'pending' (it is: ${index.def})`);
});

test('sign-in by email in any capitals: an index on lower(email)', async () => {
  const { nodes, text } = await plan(CUSTOMER_BY_EMAIL, ['USER42@example.COM']);
  assert.ok(!nodes.some((n) => n['Node Type'] === 'Seq Scan'), `reads all of customers (${text})`);
  const used = nodes.find((n) => n['Relation Name'] === 'customers' && n['Index Name'])?.['Index Name'];
  assert.ok(used, `uses an index on customers (${text})`);
  const index = (await addedIndexes()).get(used);
  assert.match(index?.expression ?? '', /lower\(email\)/, `${used} stores lower(email)`);
  const { rows } = await pg.query<{ id: number }>(CUSTOMER_BY_EMAIL, ['USER42@example.COM']);
  assert.deepEqual(rows.map((r) => r.id), [42], 'and the query still finds the customer');
});

test('at most three indexes, and every one of them is used by one of the three queries', async () => {
  const added = await addedIndexes();
  assert.ok(added.size <= 3, `${added.size} new indexes (${[...added.keys()].join(', ')}): every index slows down every write to its table`);
  const used = new Set<string>();
  for (const [sql, params] of [[RECENT_PAID_ORDERS, [42]], [RECENT_PAID_ORDERS, [7]], [PENDING_QUEUE, []], [CUSTOMER_BY_EMAIL, ['user9@example.com']]] as const) {
    for (const n of (await plan(sql, [...params])).nodes) if (n['Index Name']) used.add(n['Index Name']);
  }
  const unused = [...added.keys()].filter((name) => !used.has(name));
  assert.deepEqual(unused, [], 'indexes that no query uses only cost writes and disk');
});
