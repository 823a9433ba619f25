import { z } from 'zod';

/**
 * Schemas of the editor-only settings (exercises, notes). The analysis settings are the CLI's config schema
 * (`analysis/config.ts`). Each invalid value falls back to its own default and is reported; valid values are kept.
 */
export const ExerciseSettingsSchema = z.object({
  folder: z
    .string()
    .trim()
    .min(1)
    .refine((f) => !/^([\\/]|[A-Za-z]:)/.test(f) && !f.split(/[\\/]/).includes('..'), 'a folder inside the workspace (relative, no "..")')
    .catch('roadmap-exercises'),
  timeoutSeconds: z.number().int().min(5).max(3600).catch(60),
  nodePath: z.string().trim().catch(''),
  watch: z.boolean().catch(false),
});
export type ExerciseSettings = z.infer<typeof ExerciseSettingsSchema>;

export const NotesSettingsSchema = z.object({ folder: z.string().trim().catch('') });
export type NotesSettings = z.infer<typeof NotesSettingsSchema>;

/** Parses one section; `problems` names every key whose value was replaced by its default. */
export function parseSection<T extends z.ZodObject>(schema: T, raw: Record<string, unknown>): { value: z.infer<T>; problems: string[] } {
  const problems: string[] = [];
  for (const [key, field] of Object.entries(schema.shape)) {
    if (raw[key] === undefined) continue;
    const inner = (field as z.ZodCatch<z.ZodType>).unwrap();
    const r = inner.safeParse(raw[key]);
    if (!r.success) problems.push(`${key}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  }
  return { value: schema.parse(raw) as z.infer<T>, problems };
}
