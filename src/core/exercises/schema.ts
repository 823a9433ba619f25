import { z } from 'zod';
import { IdSchema } from '../content/schema';

export const ExerciseManifestSchema = z.object({
  id: IdSchema,
  phase: z.number().int().min(0),
  title: z.string().min(1),
  summary: z.string().min(1),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  minutes: z.number().int().positive(),
  goals: z.array(z.string().min(1)).min(1),
  // Forward slashes only, relative, no `..` segment: the same meaning on every platform.
  open: z.array(z.string().regex(/^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/, 'must be a relative path inside the exercise, with forward slashes').min(1)).min(1),
  hints: z.array(z.string().min(1)).min(1),
  /**
   * npm packages the exercise needs in its folder (name → semver range, the same as the starter's
   * package.json `dependencies`). Start asks the learner before installing them with `npm install`.
   */
  packages: z.record(z.string().regex(/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/, 'must be an npm package name'), z.string().min(1)).optional(),
  /**
   * What the learner writes. `implement` (the default): code that the exercise's tests check.
   * `write-tests`: tests; the check runs them against the shipped implementation (they must pass) and
   * against each hidden buggy one in `hidden/<name>/` (files overlaying the exercise folder; they should fail).
   */
  kind: z.enum(['implement', 'write-tests']).optional(),
  /** write-tests only: the hidden buggy implementations, each described in words (shown when a bug is not caught). */
  hiddenBugs: z.array(z.object({ name: IdSchema, description: z.string().min(1) })).min(1).optional(),
}).refine((m) => (m.kind === 'write-tests') === (m.hiddenBugs !== undefined), { message: 'hiddenBugs is required for "kind": "write-tests", and only there', path: ['hiddenBugs'] });

export type ExerciseManifest = z.infer<typeof ExerciseManifestSchema>;
