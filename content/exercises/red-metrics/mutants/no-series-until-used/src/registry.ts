// mutant: creates a series only on the first inc()/observe(), so a metric without labels is missing until then; breaks "a metric without labels is exported from the start, at 0"
/**
 * Label values by label name, e.g. { method: 'GET', route: '/orders/:id' }.
 * Numbers are accepted and turned into strings.
 */
export type Labels = Record<string, string | number>;

export interface Counter {
  /** Adds `amount` (default 1, never negative) to the series for `labels`. */
  inc(labels?: Labels, amount?: number): void;
}

export interface Histogram {
  /** Records one observation (a duration in seconds, a size in bytes…) in the series for `labels`. */
  observe(labels: Labels, value: number): void;
}

export interface Registry {
  counter(name: string, help: string, labelNames?: string[]): Counter;
  histogram(name: string, help: string, labelNames?: string[], buckets?: number[]): Histogram;
  /** the Prometheus text exposition of every metric, for GET /metrics */
  render(): string;
  /** the Content-Type to serve render() with */
  readonly contentType: string;
}

/** Default histogram buckets, in seconds: from 5 ms to 10 s, fine enough around typical API latencies. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** One series of a counter: its label values (in labelNames order) and its value. */
type CounterSeries = { values: string[]; value: number };

/**
 * One series of a histogram. `counts[i]` is the number of observations that fell in bucket i
 * alone (not cumulative); the last slot is the implicit +Inf bucket.
 */
type HistogramSeries = { values: string[]; counts: number[]; sum: number; count: number };

type CounterMetric = { kind: 'counter'; name: string; help: string; labelNames: string[]; series: Map<string, CounterSeries> };
type HistogramMetric = { kind: 'histogram'; name: string; help: string; labelNames: string[]; buckets: number[]; series: Map<string, HistogramSeries> };

/** Creates an empty metrics registry: the one place a service's metrics live, rendered on GET /metrics. */
export function createRegistry(): Registry {
  /** in registration order, which render() keeps */
  const metrics = new Map<string, CounterMetric | HistogramMetric>();

  /**
   * Checks what every metric needs, and refuses a second metric with the same name: two pieces of code
   * registering "http_requests_total" would otherwise overwrite each other's numbers silently.
   */
  function checkDefinition(name: string, help: string, labelNames: string[]): void {
    if (!METRIC_NAME.test(name)) throw new TypeError(`invalid metric name "${name}"`);
    if (metrics.has(name)) throw new Error(`a metric called "${name}" is already registered`);
    if (typeof help !== 'string' || help === '') throw new TypeError(`metric "${name}" needs a help text`);
    for (const label of labelNames) {
      if (!LABEL_NAME.test(label) || label.startsWith('__')) throw new TypeError(`invalid label name "${label}" for metric "${name}"`);
    }
    if (new Set(labelNames).size !== labelNames.length) throw new TypeError(`metric "${name}" lists a label name twice`);
  }

  /**
   * Turns a labels object into the label values in labelNames order, and a key for the series map.
   * Exactly the declared labels: a missing label would make a series nobody can query next to the
   * others, and an undeclared one is usually a typo or a cardinality accident.
   */
  function seriesKey(metric: { name: string; labelNames: string[] }, labels: Labels): { key: string; values: string[] } {
    const given = Object.keys(labels);
    const unknown = given.filter((label) => !metric.labelNames.includes(label));
    const missing = metric.labelNames.filter((label) => !(label in labels));
    if (unknown.length > 0 || missing.length > 0) {
      throw new TypeError(
        `metric "${metric.name}" takes exactly the labels [${metric.labelNames.join(', ')}]` +
          (missing.length ? `; missing: ${missing.join(', ')}` : '') +
          (unknown.length ? `; unknown: ${unknown.join(', ')}` : ''),
      );
    }
    const values = metric.labelNames.map((label) => String(labels[label]));
    return { key: JSON.stringify(values), values };
  }

  return {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',

    counter(name, help, labelNames = []) {
      checkDefinition(name, help, labelNames);
      const metric: CounterMetric = { kind: 'counter', name, help, labelNames: [...labelNames], series: new Map() };
      // A metric without labels has exactly one series: export it at 0 from the start, so a query
      // like rate(jobs_failed_total[5m]) returns 0 rather than "no data" before the first failure.
      metrics.set(name, metric);

      return {
        inc(labels = {}, amount = 1) {
          // Counters only go up; rate() treats any decrease as a process restart.
          if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`counter "${name}" can only increase by a finite amount >= 0, got ${amount}`);
          const { key, values } = seriesKey(metric, labels);
          let series = metric.series.get(key);
          if (!series) metric.series.set(key, (series = { values, value: 0 }));
          series.value += amount;
        },
      };
    },

    histogram(name, help, labelNames = [], buckets = DEFAULT_BUCKETS) {
      checkDefinition(name, help, labelNames);
      if (labelNames.includes('le')) throw new TypeError(`histogram "${name}" cannot have a label called "le": it is used for the buckets`);
      if (!Array.isArray(buckets) || buckets.length === 0) throw new TypeError(`histogram "${name}" needs at least one bucket`);
      buckets.forEach((bound, i) => {
        if (!Number.isFinite(bound)) throw new TypeError(`histogram "${name}": bucket bounds must be finite numbers (+Inf is added for you), got ${bound}`);
        if (i > 0 && bound <= buckets[i - 1]!) throw new TypeError(`histogram "${name}": bucket bounds must be strictly increasing`);
      });

      const metric: HistogramMetric = { kind: 'histogram', name, help, labelNames: [...labelNames], buckets: [...buckets], series: new Map() };
      const emptySeries = (values: string[]): HistogramSeries => ({ values, counts: new Array<number>(metric.buckets.length + 1).fill(0), sum: 0, count: 0 });
      metrics.set(name, metric);

      return {
        observe(labels, value) {
          if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`histogram "${name}" can only observe numbers, got ${value}`);
          const { key, values } = seriesKey(metric, labels);
          let series = metric.series.get(key);
          if (!series) metric.series.set(key, (series = emptySeries(values)));
          // `le` means "less than or equal": a value exactly on a bound belongs to that bucket.
          const index = metric.buckets.findIndex((bound) => value <= bound);
          series.counts[index === -1 ? metric.buckets.length : index]!++;
          series.sum += value;
          series.count++;
        },
      };
    },

    render() {
      const lines: string[] = [];
      for (const metric of metrics.values()) {
        lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`);
        lines.push(`# TYPE ${metric.name} ${metric.kind}`);
        if (metric.kind === 'counter') {
          for (const series of metric.series.values()) {
            lines.push(`${metric.name}${formatLabels(metric.labelNames, series.values)} ${formatNumber(series.value)}`);
          }
          continue;
        }
        for (const series of metric.series.values()) {
          // Stored per bucket, exposed cumulatively: each bucket counts everything <= its bound.
          // That is what lets Prometheus add buckets across instances and compute quantiles.
          let cumulative = 0;
          metric.buckets.forEach((bound, i) => {
            cumulative += series.counts[i]!;
            lines.push(`${metric.name}_bucket${formatLabels(metric.labelNames, series.values, formatNumber(bound))} ${cumulative}`);
          });
          cumulative += series.counts[metric.buckets.length]!;
          lines.push(`${metric.name}_bucket${formatLabels(metric.labelNames, series.values, '+Inf')} ${cumulative}`);
          lines.push(`${metric.name}_sum${formatLabels(metric.labelNames, series.values)} ${formatNumber(series.sum)}`);
          lines.push(`${metric.name}_count${formatLabels(metric.labelNames, series.values)} ${series.count}`);
        }
      }
      return lines.length > 0 ? `${lines.join('\n')}\n` : '';
    },
  };
}

/** `{a="1",b="2"}`, with an optional `le` label last; an empty string when there are no labels at all. */
function formatLabels(names: string[], values: string[], le?: string): string {
  const pairs = names.map((name, i) => `${name}="${escapeLabelValue(values[i]!)}"`);
  if (le !== undefined) pairs.push(`le="${le}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

/**
 * Escapes a label value for the text format: backslash, double quote and newline.
 * Without it, a route like /say"hi" would end the value early and break the whole scrape.
 */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes only backslash and newline. */
function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go-style float formatting where JavaScript differs: Prometheus writes infinities as +Inf / -Inf. */
function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
