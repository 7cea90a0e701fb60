import { z } from 'zod';
import { IntervalSchema, VerdictSchema } from './feedback.js';

export const LESSON_VERSION = 1;

/**
 * What one experiment taught, kept across runs (<home>/lessons.sqlite): the change it made to its
 * parent's plan and the effect measured on the validation split against its reference. Made only
 * from validation feedback: no held-out item or score is ever part of a lesson.
 */
export const LessonSchema = z.object({
  schemaVersion: z.literal(LESSON_VERSION),
  /** "<run-id>/<experiment-id>": the experiment it came from. */
  id: z.string().min(1),
  task: z.string().min(1),
  domain: z.string().min(1),
  metric: z.string().min(1),
  /** The heuristic move's key ([idea] in its rationale), when the plan came from one. */
  idea: z.string().nullable(),
  /** What was changed, in words: "data.count 16 → 48; training.learning_rate 0.0002 → 0.0005", or the first plan. */
  change: z.string(),
  /** What it was measured against: an experiment id, or "base" for the base model. */
  reference: z.string(),
  /** The improvement over the reference (positive: better), as measured; null when none was. */
  effect: z.number().nullable(),
  interval: IntervalSchema.nullable(),
  verdict: VerdictSchema,
  runId: z.string().min(1),
  experimentId: z.string().min(1),
  createdAt: z.string(),
});
export type Lesson = z.infer<typeof LessonSchema>;
