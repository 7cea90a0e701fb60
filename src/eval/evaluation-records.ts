import { z } from 'zod';
import type { JsonValue, Sample, SampleOutcome, ScoreReport } from '../core/index.js';
import { JsonValueSchema } from '../core/index.js';
import type { FinishReason, GenerationOutput } from '../runtime/index.js';

/**
 * Why a sample missed full marks, for feedback: nothing written ('empty'); cut off at the token
 * limit before a readable answer ('truncated': finish reason "length" and the answer could not be
 * read); an answer that could not be read although the model stopped by itself ('format-error');
 * or a readable but wrong (or partly right) answer ('wrong-answer'). A readable wrong answer that
 * also ran to the limit is a wrong answer: the limit did not cause it (small models often state a
 * choice letter and ramble on), and calling it truncated would send the agent after output length.
 * Every record keeps its finish reason, so truncation stays visible either way.
 */
export const RecordErrorCategorySchema = z.enum(['format-error', 'wrong-answer', 'truncated', 'empty']);
export type RecordErrorCategory = z.infer<typeof RecordErrorCategorySchema>;

/** One line of records.jsonl: everything about one sample's evaluation. */
export const EvaluationRecordSchema = z.object({
  id: z.string(),
  subtask: z.string().nullable(),
  prompt: z.string(),
  output: z.string(),
  /** What the deciding metric's scorer read from the output (null when nothing could be read). */
  extracted: JsonValueSchema.nullable(),
  /** The per-sample value of every metric that applies to this sample. */
  metrics: z.record(z.string(), z.number()),
  /** The metric the category is decided by: the primary one, unless it cannot be computed here. */
  decidedBy: z.string().nullable(),
  formatError: z.boolean(),
  /** Null when the answer is right (the deciding metric's best value). */
  category: RecordErrorCategorySchema.nullable(),
  detail: z.string().nullable(),
  finishReason: z.enum(['stop', 'length', 'error']),
  promptTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  /** Set when the backend could not generate for this sample (e.g. the endpoint refused the prompt). */
  generationError: z.string().nullable(),
});
export type EvaluationRecord = z.infer<typeof EvaluationRecordSchema>;

const TOLERANCE = 1e-9;

export function categorizeSample(input: {
  output: string;
  finishReason: FinishReason;
  value: number | null;
  best: number;
  formatError: boolean;
}): RecordErrorCategory | null {
  if (input.output.trim() === '') return 'empty';
  if (input.value !== null && Math.abs(input.value - input.best) <= TOLERANCE) return null;
  if (!input.formatError) return 'wrong-answer';
  return input.finishReason === 'length' ? 'truncated' : 'format-error';
}

/** What scoring made of each sample, per metric; `best` and `supported` come from each metric's scorer. */
export interface MetricFacts {
  name: string;
  primary: boolean;
  best: number;
  supported: boolean;
}

/**
 * Joins samples, generations and the score report into one record per sample, in sample order.
 * The category comes from the primary metric, or from the first computable metric when the
 * primary one cannot be computed here (e.g. Pass@1 without a sandbox).
 */
export function buildEvaluationRecords(samples: Sample[], outputs: GenerationOutput[], report: ScoreReport, metrics: MetricFacts[]): EvaluationRecord[] {
  const outputById = new Map(outputs.map((output) => [output.id, output]));
  const outcomeIndex = new Map<string, Map<string, SampleOutcome>>();
  for (const [metric, outcomes] of Object.entries(report.outcomes)) outcomeIndex.set(metric, new Map(outcomes.map((outcome) => [outcome.id, outcome])));
  const ordered = [...metrics.filter((metric) => metric.primary), ...metrics.filter((metric) => !metric.primary)];

  return samples.map((sample) => {
    const generation = outputById.get(sample.id) ?? {
      id: sample.id,
      output: '',
      promptTokens: null,
      outputTokens: null,
      finishReason: 'error' as const,
      error: 'no output',
    };
    const values: Record<string, number> = {};
    for (const metric of metrics) {
      const outcome = outcomeIndex.get(metric.name)?.get(sample.id);
      if (outcome && metric.supported) values[metric.name] = outcome.value;
    }
    const deciding = ordered.find((metric) => metric.supported && outcomeIndex.get(metric.name)?.has(sample.id));
    const outcome = deciding ? outcomeIndex.get(deciding.name)!.get(sample.id)! : undefined;
    const category =
      deciding && outcome
        ? categorizeSample({
            output: generation.output,
            finishReason: generation.finishReason,
            value: outcome.value,
            best: deciding.best,
            formatError: outcome.formatError,
          })
        : null;
    return {
      id: sample.id,
      subtask: sample.subtask ?? null,
      prompt: sample.prompt,
      output: generation.output,
      extracted: (outcome?.extracted ?? null) as JsonValue | null,
      metrics: values,
      decidedBy: deciding?.name ?? null,
      formatError: outcome?.formatError ?? false,
      category,
      detail: outcome?.detail ?? null,
      finishReason: generation.finishReason,
      promptTokens: generation.promptTokens,
      outputTokens: generation.outputTokens,
      generationError: generation.error ?? null,
    };
  });
}

/** Counts per category, for summaries: "undecided" when no metric could be computed here. */
export function countCategories(records: EvaluationRecord[]): Record<RecordErrorCategory | 'correct' | 'undecided', number> {
  const counts = { correct: 0, 'format-error': 0, 'wrong-answer': 0, truncated: 0, empty: 0, undecided: 0 };
  for (const record of records) counts[record.decidedBy === null ? 'undecided' : (record.category ?? 'correct')] += 1;
  return counts;
}
