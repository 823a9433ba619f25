/** File endings the engine analyses. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Plain data out of the engine: no `vscode` types. Lines and characters are 0-based here; the CLI prints 1-based. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without looking: marked as the preferred quick fix. */
  preferred: boolean;
}

export type RuleId = 'console-in-service' | 'offset-pagination' | 'floating-promise' | 'missing-timeout';

export interface LessonRef {
  phaseId: string;
  topicId: string;
}

export interface Finding {
  file: string;
  rule: RuleId;
  severity: Severity;
  range: Range;
  message: string;
  lesson: LessonRef;
  fixes: Fix[];
}

export interface RuleInfo {
  id: RuleId;
  title: string;
  description: string;
  lesson: LessonRef;
  defaultSeverity: Severity;
}

export const RULES: Record<RuleId, RuleInfo> = {
  'console-in-service': {
    id: 'console-in-service',
    title: 'console in service code',
    description: 'console.* in backend service code: no levels, no structure, no request context. Use the project logger.',
    lesson: { phaseId: 'observability', topicId: 'logging' },
    defaultSeverity: 'warning',
  },
  'offset-pagination': {
    id: 'offset-pagination',
    title: 'offset pagination',
    description: 'OFFSET/skip paging reads and throws away every skipped row and shifts when rows change. Page with a cursor.',
    lesson: { phaseId: 'api-engineering', topicId: 'pagination' },
    defaultSeverity: 'warning',
  },
  'floating-promise': {
    id: 'floating-promise',
    title: 'floating promise',
    description: 'A promise nobody awaits: its errors are lost or crash the process, and its work may never run.',
    lesson: { phaseId: 'node-runtime', topicId: 'floating-promises' },
    defaultSeverity: 'warning',
  },
  'missing-timeout': {
    id: 'missing-timeout',
    title: 'outbound I/O without a timeout',
    description: 'An outbound call with no timeout can hang forever and hold a request, a socket and memory with it.',
    lesson: { phaseId: 'scalability-reliability', topicId: 'timeouts' },
    defaultSeverity: 'warning',
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export interface AnalysisConfig {
  rules: Record<RuleId, SeveritySetting>;
  /** Globs (relative to the root) of backend service code, in addition to the built-in conventions. */
  servicePaths: string[];
  /** Timeout suggested by the quick fixes, in milliseconds. */
  timeoutMs: number;
  /** Files larger than this are skipped and reported once. */
  maxFileBytes: number;
}

export const DEFAULT_CONFIG: AnalysisConfig = {
  rules: { 'console-in-service': 'warning', 'offset-pagination': 'warning', 'floating-promise': 'warning', 'missing-timeout': 'warning' },
  servicePaths: [],
  timeoutMs: 5000,
  maxFileBytes: 1024 * 1024,
};

export interface Skipped {
  file: string;
  reason: string;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  skipped?: string;
}
