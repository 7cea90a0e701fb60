import { z } from 'zod';

/** Any JSON value: gold references and metadata are plain data so they can be written to files. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

/**
 * One evaluation item. `prompt` is the full user message the model sees; `reference` is the gold
 * answer in structured form (what scorers compare against); `target` is the gold answer rendered
 * in the task's required output format (what a perfect model would write).
 */
export const SampleSchema = z.object({
  id: z.string().min(1),
  subtask: z.string().optional(),
  prompt: z.string(),
  reference: JsonValueSchema,
  target: z.string(),
  meta: z.record(z.string(), JsonValueSchema).default({}),
});
export type Sample = z.infer<typeof SampleSchema>;

/**
 * One row of the agent-visible training pool. It carries the same fields as a held-out sample
 * (pool rows are answers the agent is allowed to train on) plus where it came from and any
 * extra material (e.g. a worked solution usable as chain-of-thought).
 */
export const PoolRowSchema = SampleSchema.extend({
  source: z.string(),
  extra: z.record(z.string(), JsonValueSchema).default({}),
});
export type PoolRow = z.infer<typeof PoolRowSchema>;

/** A model's answer to one sample, as `ftdojo score --predictions` reads it. */
export const PredictionSchema = z.object({
  id: z.string().min(1),
  output: z.string(),
});
export type Prediction = z.infer<typeof PredictionSchema>;
