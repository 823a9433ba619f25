import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, DEFAULT_BUCKETS } from '../src/registry.ts';
import type { Registry } from '../src/registry.ts';
import { parseExposition, valueOf, bucketsOf } from './helpers/exposition.ts';

/** Renders the registry and parses the text the way Prometheus would. */
function scrape(registry: Registry) {
  return parseExposition(registry.render());
}

test('a counter adds up per label set, declares HELP and TYPE, and starts at 0 when it has no labels', () => {
  const registry = createRegistry();
  const jobs = registry.counter('jobs_processed_total', 'Background jobs processed, by queue and outcome.', ['queue', 'outcome']);
  registry.counter('deploys_total', 'Deploys of this service.');

  const before = scrape(registry);
  assert.equal(valueOf(before, 'deploys_total'), 0, 'a counter without labels should be exported at 0 before its first inc(), so rate() shows 0 instead of "no data"');

  jobs.inc({ queue: 'email', outcome: 'ok' });
  jobs.inc({ queue: 'email', outcome: 'ok' });
  jobs.inc({ queue: 'email', outcome: 'failed' });
  jobs.inc({ queue: 'sms', outcome: 'ok' }, 5);

  const after = scrape(registry);
  assert.equal(valueOf(after, 'jobs_processed_total', { queue: 'email', outcome: 'ok' }), 2, 'inc() with no amount adds 1: two calls should give 2');
  assert.equal(valueOf(after, 'jobs_processed_total', { queue: 'email', outcome: 'failed' }), 1, 'each distinct label set is its own series');
  assert.equal(valueOf(after, 'jobs_processed_total', { queue: 'sms', outcome: 'ok' }), 5, 'inc(labels, 5) should add 5');
  const family = after.families.get('jobs_processed_total');
  assert.equal(family?.type, 'counter', 'the metric should have a "# TYPE jobs_processed_total counter" line');
  assert.equal(family?.help, 'Background jobs processed, by queue and outcome.', 'the metric should have a "# HELP" line with its help text');
  assert.equal(after.families.get('deploys_total')?.type, 'counter', 'every registered metric should be rendered with its TYPE');
});

test('a histogram renders cumulative buckets ending with +Inf, plus _sum and _count, per label set', () => {
  const registry = createRegistry();
  const sizes = registry.histogram('upload_size_bytes', 'Size of uploaded files.', ['endpoint'], [100, 1000, 10000]);
  for (const bytes of [50, 100, 999, 5000, 20000]) sizes.observe({ endpoint: '/upload' }, bytes);
  sizes.observe({ endpoint: '/avatar' }, 10);
  registry.histogram('queue_wait_seconds', 'Time jobs wait before a worker picks them up.');

  const metrics = scrape(registry);
  assert.equal(metrics.families.get('upload_size_bytes')?.type, 'histogram', 'the metric should be declared with "# TYPE upload_size_bytes histogram"');

  const upload = bucketsOf(metrics, 'upload_size_bytes', { endpoint: '/upload' });
  assert.deepEqual(
    [...upload.entries()].sort((a, b) => a[0] - b[0]),
    [[100, 2], [1000, 3], [10000, 4], [Infinity, 5]],
    'buckets are cumulative: le="100" counts 50 and 100 (le means less than OR EQUAL), le="1000" adds 999, le="10000" adds 5000, and le="+Inf" counts everything',
  );
  assert.equal(valueOf(metrics, 'upload_size_bytes_sum', { endpoint: '/upload' }), 26149, '_sum should add up every observed value');
  assert.equal(valueOf(metrics, 'upload_size_bytes_count', { endpoint: '/upload' }), 5, '_count should count the observations');

  const avatar = bucketsOf(metrics, 'upload_size_bytes', { endpoint: '/avatar' });
  assert.equal(avatar.get(100), 1, 'another label set is its own series with its own buckets');
  assert.equal(avatar.get(Infinity), 1, 'another label set should have its own +Inf bucket');

  const idle = bucketsOf(metrics, 'queue_wait_seconds');
  assert.equal(idle.size, DEFAULT_BUCKETS.length + 1, 'a histogram without labels should be exported from the start: one bucket per default bound, plus +Inf');
  assert.equal(idle.get(Infinity), 0, 'before any observation every bucket is 0');
  assert.equal(valueOf(metrics, 'queue_wait_seconds_count'), 0, 'before any observation _count is 0');
});

test('label values and help text are escaped, so odd characters cannot break the scrape', () => {
  const registry = createRegistry();
  const help = 'Counts things.\nA path like C:\\temp is fine.';
  const weird = registry.counter('odd_labels_total', help, ['path']);
  const value = 'C:\\temp\\"quoted"\nsecond line';
  weird.inc({ path: value });
  weird.inc({ path: 'plain' });

  const metrics = scrape(registry); // throws if a quote, backslash or newline is not escaped
  assert.equal(valueOf(metrics, 'odd_labels_total', { path: value }), 1, 'a label value with a backslash, double quotes and a newline should survive the round trip exactly');
  assert.equal(valueOf(metrics, 'odd_labels_total', { path: 'plain' }), 1, 'an ordinary label value should be there too');
  assert.equal(metrics.families.get('odd_labels_total')?.help, help, 'help text should escape backslashes and newlines');
});

test('mistakes that would corrupt the data are refused with an error', () => {
  const registry = createRegistry();
  const requests = registry.counter('http_requests_total', 'Requests.', ['method', 'status']);

  assert.throws(() => requests.inc({ method: 'GET', status: '200' }, -1), 'a counter must never go down: inc() with a negative amount should throw');
  assert.throws(() => requests.inc({ method: 'GET' }), 'a missing label should throw: the series would not line up with the others');
  assert.throws(() => requests.inc({ method: 'GET', status: '200', user: 'u-81723' }), 'an undeclared label should throw: that is how per-user labels sneak in');
  assert.throws(() => registry.counter('http_requests_total', 'Again.'), 'registering the same metric name twice should throw');
  assert.throws(() => registry.counter('http requests', 'Spaces.'), 'a metric name with a space is invalid and should throw');
  assert.throws(() => registry.counter('ok_total', 'Bad label.', ['status-code']), 'a label name with a dash is invalid and should throw');
  assert.throws(() => registry.histogram('latency_seconds', 'Reserved label.', ['le']), '"le" is reserved for histogram buckets and should be refused as a label name');
  assert.throws(() => registry.histogram('latency_b_seconds', 'Unsorted.', [], [0.5, 0.1, 1]), 'buckets that are not in increasing order should throw');
  assert.throws(() => registry.histogram('latency_c_seconds', 'Repeated bound.', [], [0.1, 0.1, 1]), 'buckets must be STRICTLY increasing: a bound given twice should throw');

  requests.inc({ method: 'GET', status: 200 });
  assert.equal(valueOf(scrape(registry), 'http_requests_total', { method: 'GET', status: '200' }), 1, 'number label values are turned into strings, and refused calls must not have changed anything');
});
