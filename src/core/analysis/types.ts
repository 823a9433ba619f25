import { DEFAULT_SEVERITIES, type RuleId } from './rules';

// The rule registry is the one list of rules; these re-exports keep the engine's plain-data API in one import.
export { RULES, RULE_IDS, type RuleId } from './rules';
export type { RuleMeta as RuleInfo } from './rule';

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
  /** An example the editor can open beside the code, tailored to what the finding saw (e.g. `keyset/prisma`). */
  example?: string;
}

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
  rules: DEFAULT_SEVERITIES,
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
  /** Findings beyond the per-file cap (MAX_FINDINGS_PER_FILE), not reported. */
  omitted?: number;
}

/** The note an editor shows at the top of a file whose findings hit the per-file cap (undefined when none were left out). */
export function omittedNote(result: FileResult): { message: string; range: Range } | undefined {
  if (!result.omitted) return undefined;
  const more = result.omitted === 1 ? '1 more finding is' : `${result.omitted} more findings are`;
  return {
    message: `Roadmap Coach lists at most ${result.findings.length} findings per file: ${more} not shown here. Fix or ignore some of these (or run roadmap-coach lint) to see the rest.`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}
