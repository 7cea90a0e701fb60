import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readOptionalFile } from './read-experiment-files.js';
import type { BaselineSummary, ReportScore } from '../core/index.js';

/*
 * The shapes of a baseline run's scores.json and status.json, narrowed to what the report reads.
 * The bench writes them (src/bench/baseline) but sits above this layer, so the report reads the
 * files as documents, the way any other tool would, instead of importing the bench's types.
 */
const IntervalSchema = z.object({ low: z.number(), high: z.number(), level: z.number() });
const SplitScoreSchema = z.object({ primary: z.object({ metric: z.string(), value: z.number().nullable(), interval: IntervalSchema.optional() }) });
const RoleScoresSchema = z.object({ validation: SplitScoreSchema.optional(), test: SplitScoreSchema.optional() });
const BaselineScoresSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('ftdojo-baseline-scores'),
  task: z.string(),
  profile: z.string(),
  createdAt: z.string(),
  scores: z.object({ base: RoleScoresSchema.optional(), tuned: RoleScoresSchema.optional() }),
  limit: z.number().nullable(),
});
const BaselineStatusSchema = z.object({ state: z.string() });

const json =
  <T>(schema: z.ZodType<T>) =>
  (text: string): T =>
    schema.parse(JSON.parse(text));

function scoreOf(split: z.infer<typeof SplitScoreSchema> | undefined): ReportScore | null {
  if (split === undefined) return null;
  const { metric, value, interval } = split.primary;
  return { metric, value, interval: interval ? { low: interval.low, high: interval.high, level: interval.level } : null };
}

/**
 * The latest completed fixed-recipe baseline of a task and profile under `<home>/runs`
 * (`baseline-<task>-<profile>-<time>` folders whose status.json says succeeded), or null.
 * "Latest" is by the creation time scores.json records; the folder name breaks ties.
 */
export function findLatestBaseline(home: string, task: string, profile: string, warnings: string[]): BaselineSummary | null {
  const runsDir = join(home, 'runs');
  if (!existsSync(runsDir)) return null;
  const prefix = `baseline-${task}-${profile}-`;
  let latest: BaselineSummary | null = null;
  for (const name of readdirSync(runsDir)
    .filter((entry) => entry.startsWith(prefix))
    .sort()) {
    const dir = join(runsDir, name);
    const status = readOptionalFile(join(dir, 'status.json'), json(BaselineStatusSchema), warnings, runsDir);
    if (status?.state !== 'succeeded') continue;
    const scores = readOptionalFile(join(dir, 'scores.json'), json(BaselineScoresSchema), warnings, runsDir);
    // The prefix alone does not tell "task-a" in profile "mini-x" from "task-a-mini" (and so on).
    if (scores === null || scores.task !== task || scores.profile !== profile) continue;
    if (latest !== null && scores.createdAt < latest.createdAt) continue;
    latest = {
      runId: name,
      createdAt: scores.createdAt,
      test: scoreOf(scores.scores.tuned?.test),
      validation: scoreOf(scores.scores.tuned?.validation),
      limit: scores.limit,
    };
  }
  return latest;
}

/** What to run for a baseline, when there is none. */
export function baselineHint(task: string, profile: string): string {
  return `no completed fixed-recipe baseline for ${task} (${profile}) yet: run \`ftdojo baseline --task ${task}${profile === 'mini' ? '' : ` --profile ${profile}`}\``;
}
