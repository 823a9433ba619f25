import { z } from 'zod';
import { DEFAULT_CONFIG, type AnalysisConfig, type SeveritySetting } from './types';
import { isRuleId, RULE_IDS, RULES, type RuleId } from './rules';

/** Severity settings, weakest first. */
export const SEVERITY_SETTINGS = ['off', 'hint', 'information', 'warning', 'error'] as const satisfies readonly SeveritySetting[];
export const SeveritySchema = z.enum(SEVERITY_SETTINGS);

export const MAX_TIMEOUT_MS = 600_000;
/** Larger files are almost always generated or data; 4 MB keeps one file's analysis well under a few seconds. */
export const MAX_FILE_SIZE_KB = 4096;

const globs = z.array(z.string());
/** The settings shared by the editor (`roadmapCoach.diagnostics.*`) and the CLI (`.roadmap-coach.json`), besides `rules`. Each is checked on its own: one invalid value never costs the valid ones. */
const FIELDS = {
  include: globs,
  exclude: globs,
  servicePaths: globs,
  timeoutMs: z.number().int().positive().max(MAX_TIMEOUT_MS),
  maxFileSizeKB: z.number().int().positive().max(MAX_FILE_SIZE_KB),
} as const;

export interface ResolvedConfig {
  analysis: AnalysisConfig;
  include: string[];
  exclude: string[];
  /** One line per invalid field: `field: why`. The field keeps its default; every other field is used. */
  problems: string[];
}

const describe = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v));

function issue(field: string, schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  const first = r.success ? undefined : r.error.issues[0];
  const where = first?.path.length ? `${field}${first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}` : field;
  return `${where}: ${first?.message ?? 'invalid'} (got ${describe(value)})`;
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
        else if (SeveritySchema.safeParse(sev).success) rules[id] = sev as SeveritySetting;
        else problems.push(`rules.${id}: expected one of ${SEVERITY_SETTINGS.join(', ')} (got ${describe(sev)})`);
      }
    }
  }
  const value = <K extends keyof typeof FIELDS>(key: K, fallback: z.infer<(typeof FIELDS)[K]>): z.infer<(typeof FIELDS)[K]> => {
    const v = input[key];
    if (v === undefined) return fallback;
    const schema = FIELDS[key];
    const r = schema.safeParse(v);
    if (r.success) return r.data as z.infer<(typeof FIELDS)[K]>;
    if (Array.isArray(v) && schema === (globs as z.ZodType)) {
      // Keep the valid globs of a list; report the others.
      v.forEach((item, i) => typeof item !== 'string' && problems.push(`${key}[${i}]: expected a glob string (got ${describe(item)})`));
      return v.filter((item): item is string => typeof item === 'string') as z.infer<(typeof FIELDS)[K]>;
    }
    problems.push(issue(key, schema, v));
    return fallback;
  };
  for (const key of Object.keys(input)) if (key !== 'rules' && key !== '$schema' && !(key in FIELDS)) problems.push(`${key}: unknown setting (known: rules, ${Object.keys(FIELDS).join(', ')})`);
  const include = value('include', []);
  const exclude = value('exclude', []);
  const servicePaths = value('servicePaths', []);
  const timeoutMs = value('timeoutMs', DEFAULT_CONFIG.timeoutMs);
  const maxFileSizeKB = value('maxFileSizeKB', DEFAULT_CONFIG.maxFileBytes / 1024);
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
