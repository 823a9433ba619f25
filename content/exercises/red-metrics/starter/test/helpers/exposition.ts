// A strict parser for the Prometheus text exposition format (version 0.0.4), used by the tests.
// The tests never compare your output with a fixed string: they parse it with this, the way
// Prometheus would, and look at the samples. Anything Prometheus would reject throws here with a
// message that says which line is wrong and why.
// (This file has no tests; `node --test` only runs files named *.test.ts.)

export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; help?: string; type?: string; samples: Sample[] };
export type Exposition = { families: Map<string, Family>; samples: Sample[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses the body of a /metrics response. */
export function parseExposition(text: string): Exposition {
  if (typeof text !== 'string') throw new TypeError(`render() should return a string, got ${typeof text}`);
  const families = new Map<string, Family>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  let current: string | null = null; // the family whose lines we are in: a family's lines must not be split up
  /** families whose group of lines has ended */
  const finished = new Set<string>();

  const enter = (name: string) => {
    if (current === name) return;
    if (finished.has(name)) {
      throw new Error(`the lines of metric ${name} must be grouped together, but they are split by lines of another metric`);
    }
    if (current !== null) finished.add(current);
    current = name;
  };

  const lines = text.split('\n');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a newline ("\\n")');
  lines.forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line.trim() === '') return;

    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) ([^ ]+) ?(.*)$/.exec(line);
      if (!meta) return; // an ordinary comment
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) throw new Error(`${where}: invalid metric name ${name}`);
      const family = families.get(name) ?? { name, samples: [] };
      families.set(name, family);
      enter(name);
      if (kind === 'HELP') {
        if (family.help !== undefined) throw new Error(`${where}: a second HELP line for ${name}`);
        family.help = unescapeHelp(rest, where);
      } else {
        if (family.type !== undefined) throw new Error(`${where}: a second TYPE line for ${name}`);
        if (family.samples.length > 0) throw new Error(`${where}: the TYPE line of ${name} must come before its samples`);
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown metric type "${rest}"`);
        family.type = rest;
      }
      return;
    }

    const sample = parseSample(line, where);
    const family = familyOf(families, sample.name);
    if (!family) throw new Error(`${where}: sample ${sample.name} has no "# TYPE" line before it`);
    enter(family.name);
    const identity = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(identity)) throw new Error(`${where}: the same series appears twice`);
    seen.add(identity);
    family.samples.push(sample);
    samples.push(sample);
  });
  return { families, samples };
}

/**
 * The family a sample belongs to: a metric with the same name, or the histogram it is a
 * _bucket, _sum or _count of.
 */
function familyOf(families: Map<string, Family>, name: string): Family | undefined {
  const exact = families.get(name);
  if (exact?.type) return exact.type === 'histogram' ? undefined : exact;
  const suffix = /_(bucket|sum|count)$/.exec(name);
  if (!suffix) return undefined;
  const base = families.get(name.slice(0, -suffix[0].length));
  return base?.type === 'histogram' ? base : undefined;
}

function parseSample(line: string, where: string): Sample {
  const nameMatch = METRIC_NAME.exec(line);
  if (!nameMatch) throw new Error(`${where}: a sample must start with a metric name`);
  const name = nameMatch[0];
  let i = name.length;
  const labels: Record<string, string> = {};

  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const labelMatch = LABEL_NAME.exec(line.slice(i));
      if (!labelMatch) throw new Error(`${where}: expected a label name at column ${i + 1}`);
      const label = labelMatch[0];
      i += label.length;
      if (line[i] !== '=' || line[i + 1] !== '"') throw new Error(`${where}: expected ="…" after label ${label}`);
      i += 2;
      let value = '';
      for (;;) {
        const ch = line[i];
        if (ch === undefined) throw new Error(`${where}: the value of label ${label} is not closed with a double quote`);
        if (ch === '"') break;
        if (ch === '\\') {
          const next = line[i + 1];
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else throw new Error(`${where}: invalid escape \\${next ?? ''} in the value of label ${label} (only \\\\, \\" and \\n are allowed)`);
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      i++; // the closing quote
      if (label in labels) throw new Error(`${where}: label ${label} appears twice`);
      labels[label] = value;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new Error(`${where}: expected , or } after the value of label ${label}`);
    }
    i++; // the closing brace
  }

  if (line[i] !== ' ') throw new Error(`${where}: expected one space between the series and its value`);
  const parts = line.slice(i + 1).split(' ');
  if (parts.length > 2 || parts[0] === '') throw new Error(`${where}: expected "<series> <value>" (and at most a timestamp)`);
  const value = parseValue(parts[0]!);
  if (value === undefined) throw new Error(`${where}: "${parts[0]}" is not a number Prometheus understands`);
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescapeHelp(text: string, where: string): string {
  return text.replace(/\\(.?)/g, (_, next: string) => {
    if (next === '\\') return '\\';
    if (next === 'n') return '\n';
    throw new Error(`${where}: invalid escape \\${next} in HELP text (only \\\\ and \\n are allowed)`);
  });
}

/** The value of the one sample called `name` whose labels are exactly `labels`, or undefined. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const found = exposition.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted);
  return found?.value;
}

/** Every sample called `name` (whatever its labels). */
export function samplesNamed(exposition: Exposition, name: string): Sample[] {
  return exposition.samples.filter((s) => s.name === name);
}

/**
 * The `_bucket` samples of histogram `name` (without _bucket) for one label set (the labels other
 * than le), as a Map from the upper bound (`le` read as a number, "+Inf" as Infinity) to the
 * cumulative count. Comparing bounds as numbers means "0.5" and "0.50" are the same bucket.
 */
export function bucketsOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): Map<number, number> {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const buckets = new Map<number, number>();
  for (const sample of samplesNamed(exposition, `${name}_bucket`)) {
    const { le, ...rest } = sample.labels;
    if (le === undefined || JSON.stringify(Object.entries(rest).sort()) !== wanted) continue;
    buckets.set(le === '+Inf' ? Infinity : Number(le), sample.value);
  }
  return buckets;
}
