import { z } from 'zod';
import { JsonValueSchema } from './sample.js';
import { DirectionSchema, DomainSchema } from './task-spec.js';

export const TASK_FILE_VERSION = 1;

/**
 * A task of the user's own, written as YAML or JSON: data files, how a row becomes a prompt and
 * a gold answer, how to split, and which library scorers measure it. `ftdojo tasks validate`
 * explains every mistake in such a file.
 */
export const TaskFileSchema = z
  .object({
    schemaVersion: z.literal(TASK_FILE_VERSION, { message: `schemaVersion must be ${TASK_FILE_VERSION}` }),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case kebab-case, e.g. "my-task"'),
    title: z.string().min(1),
    domain: DomainSchema,
    description: z.string().min(1, 'say what the model must do'),
    outputFormat: z.object({
      description: z.string().min(1),
      example: z.string().min(1),
    }),
    data: z
      .object({
        /** Paths relative to the task file. */
        files: z.array(z.string().min(1)).min(1, 'list at least one data file'),
        format: z.enum(['json', 'jsonl', 'csv']).optional(),
        /** Field holding a unique id; default: file name and row number. */
        id: z.string().optional(),
        /** The prompt, with {field} placeholders filled from each row. */
        prompt: z.string().min(1),
        /** Field holding the gold answer. */
        answer: z.string().min(1),
        /** How a perfect answer is written, with {answer} and {field} placeholders. Default "{answer}". */
        target: z.string().default('{answer}'),
        /** Field naming the subtask, for per-subtask scores. */
        subtask: z.string().optional(),
        /** Fields copied into each sample's meta (scorers such as tablebench-answer read them). */
        meta: z.array(z.string()).default([]),
      })
      .strict(),
    split: z
      .object({
        rule: z.enum(['seeded', 'tail-per-group']),
        validation: z.number().int().nonnegative(),
        test: z.number().int().nonnegative(),
        seed: z.string().default('ftdojo'),
        /** For tail-per-group: the field that names the group. */
        group: z.string().optional(),
      })
      .strict(),
    metrics: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'metric names are kebab-case, e.g. "accuracy"'),
            scorer: z.string().min(1),
            params: z.record(z.string(), JsonValueSchema).default({}),
            direction: DirectionSchema.optional(),
            primary: z.boolean().default(false),
            subtasks: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .min(1, 'name at least one metric'),
    budget: z
      .object({
        wallClockSeconds: z.number().int().positive().optional(),
        sampleCap: z.number().int().positive().optional(),
        maxNewTokens: z.number().int().positive().optional(),
        baseModel: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type TaskFile = z.infer<typeof TaskFileSchema>;
