import { z } from 'zod';
import { JsonValueSchema } from './sample.js';
import { ScoringModeSchema, type ScoringMode } from './scoring-mode.js';

export const TASK_SPEC_VERSION = 1;

export const DOMAINS = ['math', 'patent', 'chemistry', 'finance', 'table-qa', 'biology'] as const;
export const DomainSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a domain is lower-case kebab-case, e.g. "table-qa"');

export const DirectionSchema = z.enum(['higher', 'lower']);

/**
 * One place where the `corrected` mode deliberately differs from the benchmark's own code, with
 * an item that shows why (an output and what each mode gives it): the card lists them.
 */
export const ScoringDifferenceSchema = z.object({
  /** What differs, in a few words: "which \"Final Answer:\" is read". */
  what: z.string(),
  /** What the official code does. */
  official: z.string(),
  /** What `corrected` does instead, and why. */
  corrected: z.string(),
  /** An item that shows why: an output, the reference, and each mode's score. */
  example: z.string(),
});
export type ScoringDifference = z.infer<typeof ScoringDifferenceSchema>;

/** A metric's two scoring modes, for the card: what `official` reproduces, and where `corrected` differs. */
export const MetricScoringSchema = z.object({
  /** The evaluation code `official` reproduces (repository, file, commit), and anything of it that cannot run here. */
  official: z.string(),
  differences: z.array(ScoringDifferenceSchema).default([]),
});
export type MetricScoring = z.infer<typeof MetricScoringSchema>;

/** One metric of a task: a scorer from the library, its parameters, and how to read it. */
export const MetricSpecSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'metric names are kebab-case, e.g. "macro-f1"'),
  scorer: z.string().min(1),
  params: z.record(z.string(), JsonValueSchema).default({}),
  direction: DirectionSchema,
  primary: z.boolean().default(false),
  /** Restrict the metric to these subtasks (all samples when absent). */
  subtasks: z.array(z.string()).optional(),
  description: z.string().optional(),
  /**
   * Its scoring modes, for the card. The mode itself is the evaluation's (see profileScoringMode),
   * handed to the scorer as `params.scoring`; a metric without this scores alike in both modes.
   */
  scoring: MetricScoringSchema.optional(),
});
export type MetricSpec = z.infer<typeof MetricSpecSchema>;

export const BudgetSchema = z.object({
  /** Wall-clock budget for the whole agent run, in seconds. */
  wallClockSeconds: z.number().int().positive(),
  /** Maximum training samples the agent may use. */
  sampleCap: z.number().int().positive(),
});

export const ProfileNameSchema = z.enum(['paper', 'mini']);
export type ProfileName = z.infer<typeof ProfileNameSchema>;

export const ProfileSpecSchema = z.object({
  baseModel: z.string(),
  budget: BudgetSchema,
  /** Target split sizes (the split rule may give fewer when data is short; the card says so). */
  validationSize: z.number().int().nonnegative(),
  testSize: z.number().int().nonnegative(),
  maxNewTokens: z.number().int().positive(),
  /** Where this profile reads its data: the Hugging Face hub (pinned) or the offline mirror. */
  dataFrom: z.enum(['hub', 'mirror']),
  /** The deterministic split rule, in words (the code is in the task's folder). */
  splitRule: z.string(),
  /** Set when this profile cannot run from the offline mirror, with the reason. */
  unavailableOffline: z.string().optional(),
  /** Deviations from the paper's protocol that this profile makes, in words. */
  deviations: z.array(z.string()).default([]),
  /** How its scores are computed unless asked otherwise; absent: paper `official`, mini `corrected` (profileScoringMode). */
  scoring: ScoringModeSchema.optional(),
});
export type ProfileSpec = z.infer<typeof ProfileSpecSchema>;

/**
 * The scoring mode a profile reports by default: its own `scoring`, else `official` for the paper
 * profile (its numbers are compared with the paper's) and `corrected` for mini.
 */
export function profileScoringMode(spec: { profiles: Record<ProfileName, { scoring?: ScoringMode | undefined }> }, profile: string): ScoringMode {
  const own = spec.profiles[profile as ProfileName]?.scoring;
  if (own !== undefined) return own;
  return profile === 'paper' ? 'official' : 'corrected';
}

export const SubtaskSpecSchema = z.object({
  id: z.string(),
  description: z.string(),
});

/** The public, serialisable description of a task: what its card shows. Never holds answers. */
export const TaskSpecSchema = z.object({
  schemaVersion: z.literal(TASK_SPEC_VERSION),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'task ids are lower-case kebab-case, e.g. "my-task"'),
  title: z.string(),
  domain: DomainSchema,
  /** True for the paper's 13 tasks; false for extensions and user tasks. */
  paperTask: z.boolean(),
  description: z.string(),
  outputFormat: z.object({
    description: z.string(),
    example: z.string(),
  }),
  subtasks: z.array(SubtaskSpecSchema).default([]),
  /** Dataset ids (see `ftdojo data ls`) offered to the agent as raw training material. */
  sources: z.array(z.string()),
  /** Dataset ids the held-out splits are drawn from (never offered to the agent). */
  heldOutFrom: z.array(z.string()),
  metrics: z.array(MetricSpecSchema).min(1),
  profiles: z.object({ paper: ProfileSpecSchema, mini: ProfileSpecSchema }),
  notes: z.array(z.string()).default([]),
});
export type TaskSpec = z.infer<typeof TaskSpecSchema>;

export function primaryMetric(spec: TaskSpec): MetricSpec {
  const primary = spec.metrics.filter((metric) => metric.primary);
  if (primary.length !== 1) throw new Error(`task ${spec.id} must declare exactly one primary metric, found ${primary.length}`);
  return primary[0]!;
}
