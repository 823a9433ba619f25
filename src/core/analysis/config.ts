import { z } from 'zod';
import { DEFAULT_CONFIG, RULE_IDS, type AnalysisConfig, type RuleId, type SeveritySetting } from './types';

const SeveritySchema = z.enum(['off', 'hint', 'information', 'warning', 'error']);

/** One schema for the editor settings and the CLI's `.roadmap-coach.json`. */
export const CoachConfigSchema = z.object({
  rules: z.record(z.string(), SeveritySchema).default({}),
  include: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
  servicePaths: z.array(z.string()).default([]),
  timeoutMs: z.number().int().positive().max(600_000).default(DEFAULT_CONFIG.timeoutMs),
  maxFileSizeKB: z.number().int().positive().max(100_000).default(DEFAULT_CONFIG.maxFileBytes / 1024),
});

export type CoachConfig = z.infer<typeof CoachConfigSchema>;

export interface ResolvedConfig {
  analysis: AnalysisConfig;
  include: string[];
  exclude: string[];
  problems: string[];
}

/** Validates raw settings; unknown rule ids and bad values are reported and replaced by defaults. */
export function resolveConfig(raw: unknown): ResolvedConfig {
  const parsed = CoachConfigSchema.safeParse(raw ?? {});
  const problems: string[] = [];
  const cfg = parsed.success ? parsed.data : CoachConfigSchema.parse({});
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`));
  const rules = { ...DEFAULT_CONFIG.rules };
  for (const [id, sev] of Object.entries(cfg.rules)) {
    if ((RULE_IDS as string[]).includes(id)) rules[id as RuleId] = sev as SeveritySetting;
    else problems.push(`rules.${id}: unknown rule (known: ${RULE_IDS.join(', ')})`);
  }
  return {
    analysis: { rules, servicePaths: cfg.servicePaths, timeoutMs: cfg.timeoutMs, maxFileBytes: cfg.maxFileSizeKB * 1024 },
    include: cfg.include,
    exclude: cfg.exclude,
    problems,
  };
}
