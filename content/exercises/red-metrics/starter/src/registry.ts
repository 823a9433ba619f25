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

/** Creates an empty metrics registry: the one place a service's metrics live, rendered on GET /metrics. */
export function createRegistry(): Registry {
  // TODO: keep the metrics in registration order (a Map from name to metric works well).
  //       Each metric keeps one series per distinct combination of label values.

  return {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',

    counter(name, help, labelNames = []) {
      // TODO: validate the name and label names (see the README), refuse a name already registered.
      void name;
      void help;
      void labelNames;
      return {
        inc(labels = {}, amount = 1) {
          // TODO: check the labels and the amount, then add `amount` to that series' value.
          void labels;
          void amount;
        },
      };
    },

    histogram(name, help, labelNames = [], buckets = DEFAULT_BUCKETS) {
      // TODO: as for counter(), plus: `le` is not allowed as a label name, and buckets must be
      //       finite numbers in strictly increasing order (+Inf is always added for you).
      void name;
      void help;
      void labelNames;
      void buckets;
      return {
        observe(labels, value) {
          // TODO: find (or create) the series, count the observation in its bucket, add to sum and count.
          void labels;
          void value;
        },
      };
    },

    render() {
      // TODO: for every metric, in registration order:
      //   # HELP <name> <help, escaped>
      //   # TYPE <name> counter|histogram
      //   then its samples; for a histogram, per series: cumulative <name>_bucket{…,le="…"} lines
      //   ending with le="+Inf", then <name>_sum{…} and <name>_count{…}.
      // End the text with a newline.
      return '';
    },
  };
}

/** Escapes a label value for the text format: backslash, double quote and newline. */
function escapeLabelValue(value: string): string {
  // TODO
  return value;
}
