import { DEFAULT_CONFIG, type AnalysisConfig, type SeveritySetting } from './types';
import { isRuleId, RULE_IDS, RULES, type RuleId } from './rules';

// Plain checks instead of zod here: the CLI resolves settings on every run, and loading zod would add
// a fifth of its start-up time for five fields.

/** Severity settings, weakest first. */
export const SEVERITY_SETTINGS = ['off', 'hint', 'information', 'warning', 'error'] as const satisfies readonly SeveritySetting[];

export const MAX_TIMEOUT_MS = 600_000;
/** Larger files are almost always generated or data; 4 MB keeps one file's analysis well under a few seconds. */
export const MAX_FILE_SIZE_KB = 4096;

type Check<T> = (v: unknown) => { value: T } | { problem: string; keep?: T };

const describe = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v));

/** A list of glob strings; a list with some non-strings keeps the strings. */
const globs: Check<string[]> = (v) => {
  if (!Array.isArray(v)) return { problem: `expected a list of glob strings (got ${describe(v)})` };
  const bad = v.map((item, i) => [item, i] as const).filter(([item]) => typeof item !== 'string');
  if (!bad.length) return { value: v as string[] };
  return { problem: bad.map(([item, i]) => `[${i}]: expected a glob string (got ${describe(item)})`).join('; '), keep: v.filter((item): item is string => typeof item === 'string') };
};

const wholeNumber = (max: number): Check<number> => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max ? { value: v } : { problem: `expected a whole number from 1 to ${max} (got ${describe(v)})` };

/**
 * The settings shared by the editor (`roadmapCoach.diagnostics.*`) and the CLI (`.roadmap-coach.json`),
 * besides `rules`. Each is checked on its own: one invalid value never costs the valid ones.
 */
const FIELDS = {
  include: globs,
  exclude: globs,
  servicePaths: globs,
  timeoutMs: wholeNumber(MAX_TIMEOUT_MS),
  maxFileSizeKB: wholeNumber(MAX_FILE_SIZE_KB),
};

export interface ResolvedConfig {
  analysis: AnalysisConfig;
  include: string[];
  exclude: string[];
  /** One line per invalid field: `field: why`. The field keeps its default; every other field is used. */
  problems: string[];
}

/**
 * Validates raw settings field by field: every valid field is used, each invalid one is reported
 * (name and reason) and keeps its default; unknown rule ids and unknown keys are reported too.
 */
export function resolveConfig(raw: unknown): ResolvedConfig {
  const problems: string[] = [];
  const input: Record<string, unknown> = raw === undefined || raw === null ? {} : typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (input !== raw && raw !== undefined && raw !== null) problems.push(`config: expected an object (got ${describe(raw)})`);

  const rules: Record<RuleId, SeveritySetting> = { ...DEFAULT_CONFIG.rules };
  if (input.rules !== undefined) {
    if (typeof input.rules !== 'object' || input.rules === null || Array.isArray(input.rules)) problems.push(`rules: expected an object of rule id → severity (got ${describe(input.rules)})`);
    else {
      for (const [id, sev] of Object.entries(input.rules)) {
        if (!isRuleId(id)) problems.push(`rules.${id}: unknown rule (known: ${RULE_IDS.join(', ')})`);
        else if ((SEVERITY_SETTINGS as readonly unknown[]).includes(sev)) rules[id] = sev as SeveritySetting;
        else problems.push(`rules.${id}: expected one of ${SEVERITY_SETTINGS.join(', ')} (got ${describe(sev)})`);
      }
    }
  }
  const value = <T>(key: keyof typeof FIELDS, check: Check<T>, fallback: T): T => {
    const v = input[key];
    if (v === undefined) return fallback;
    const r = check(v);
    if ('value' in r) return r.value;
    if (r.problem.startsWith('[')) problems.push(...r.problem.split('; ').map((p) => key + p));
    else problems.push(`${key}: ${r.problem}`);
    return r.keep ?? fallback;
  };
  for (const key of Object.keys(input)) if (key !== 'rules' && key !== '$schema' && !(key in FIELDS)) problems.push(`${key}: unknown setting (known: rules, ${Object.keys(FIELDS).join(', ')})`);
  const include = value('include', FIELDS.include, []);
  const exclude = value('exclude', FIELDS.exclude, []);
  const servicePaths = value('servicePaths', FIELDS.servicePaths, []);
  const timeoutMs = value('timeoutMs', FIELDS.timeoutMs, DEFAULT_CONFIG.timeoutMs);
  const maxFileSizeKB = value('maxFileSizeKB', FIELDS.maxFileSizeKB, DEFAULT_CONFIG.maxFileBytes / 1024);
  return { analysis: { rules, servicePaths, timeoutMs, maxFileBytes: maxFileSizeKB * 1024 }, include, exclude, problems };
}

/**
 * The `roadmapCoach.diagnostics.rules` entry of package.json `contributes.configuration`, derived from
 * the rule registry. `npm run gen:settings` writes it; a unit test fails when package.json drifts.
 */
export function ruleSettingsSchema(): Record<string, unknown> {
  return {
    type: 'object',
    scope: 'resource',
    markdownDescription: `Severity of each coaching rule: ${SEVERITY_SETTINGS.map((s) => `\`${s}\``).join(', ')}.`,
    properties: Object.fromEntries(
      RULE_IDS.map((id) => [id, { type: 'string', enum: [...SEVERITY_SETTINGS], default: RULES[id].defaultSeverity, markdownDescription: `**${RULES[id].title}**: ${RULES[id].description}` }]),
    ),
    additionalProperties: false,
    default: Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].defaultSeverity])),
  };
}
