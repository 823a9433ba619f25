/**
 * A node:test reporter that prints one JSON object per line, so the coach can show each check's result
 * precisely (name, expected vs actual, location) instead of scraping human-readable output.
 * Built to dist/test-reporter.mjs and passed to `node --test --test-reporter=<file>`.
 */
interface TestEvent {
  type: string;
  data: {
    name?: string;
    nesting?: number;
    file?: string;
    line?: number;
    column?: number;
    details?: { duration_ms?: number; error?: unknown; type?: string };
    message?: string;
    counts?: Record<string, number>;
  };
}

function describeError(error: unknown): Record<string, unknown> {
  let e = error as { cause?: unknown; message?: string; code?: string; failureType?: string } | undefined;
  const failureType = e?.failureType;
  // node:test wraps the thrown error; the assertion is its cause.
  if (e && e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  const a = e as { message?: string; expected?: unknown; actual?: unknown; operator?: string; stack?: string; code?: string } | undefined;
  const stack = typeof a?.stack === 'string' ? a.stack.split('\n').filter((l) => /^\s+at /.test(l) && !l.includes('node:')).slice(0, 3).map((l) => l.trim()) : [];
  return {
    message: a?.message ?? String(error),
    ...(a && 'expected' in a ? { expected: safe(a.expected) } : {}),
    ...(a && 'actual' in a ? { actual: safe(a.actual) } : {}),
    ...(a?.operator ? { operator: a.operator } : {}),
    ...(failureType ? { failureType } : {}),
    ...(a?.code ? { code: a.code } : {}),
    stack,
  };
}

function safe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const s = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    return s === undefined ? String(value) : s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
  } catch {
    return String(value);
  }
}

export default async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    const d = event.data;
    switch (event.type) {
      case 'test:pass':
      case 'test:fail': {
        const passed = event.type === 'test:pass';
        const kind = d.details?.type === 'suite' ? 'suite-' : '';
        const base = { event: `${kind}${passed ? 'pass' : 'fail'}`, name: d.name, nesting: d.nesting, file: d.file, line: d.line, durationMs: d.details?.duration_ms };
        yield `${JSON.stringify(!passed ? { ...base, error: describeError(d.details?.error) } : base)}\n`;
        break;
      }
      case 'test:diagnostic':
        yield `${JSON.stringify({ event: 'diagnostic', message: d.message })}\n`;
        break;
      default:
        break;
    }
  }
}
