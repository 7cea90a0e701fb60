import type { ErrorSample, EvaluationFeedback, JsonValue, Sample, SampleErrorLabel } from '../../core/index.js';
import type { EvaluationRecord, EvaluationReportFile } from '../../eval/index.js';
import { countCategories } from '../../eval/index.js';
import { excerpt } from './excerpt.js';

/** A validation evaluation: report.json, its records, and the validation samples (for expected answers). */
export interface ValidationEvaluation {
  report: EvaluationReportFile;
  records: readonly EvaluationRecord[];
  /** The validation samples; without them error samples carry no expected answer. */
  samples?: readonly Sample[] | undefined;
}

export const MAX_ERROR_SAMPLES = 10;
/** The order labels take turns in, so that rarer kinds of error are not crowded out by wrong answers. */
const LABEL_ORDER: readonly SampleErrorLabel[] = ['format-error', 'truncated', 'empty', 'wrong-answer'];
const PROMPT_CHARACTERS = 600;
const OUTPUT_CHARACTERS = 600;
const ANSWER_CHARACTERS = 200;

/**
 * The evaluation level, from a validation evaluation only (the caller checks that with
 * `assertValidationOnly`): primary and other metrics, the primary metric per subtask, how the
 * items fared, and up to ten error samples taken in turns across labels, in record order.
 */
export function evaluationFeedback(evaluation: ValidationEvaluation): EvaluationFeedback {
  const { report: file, records } = evaluation;
  const { primary } = file.report;
  const metric = (result: typeof primary) => ({
    metric: result.metric,
    value: result.value,
    direction: result.direction,
    unsupported: result.unsupported ?? null,
  });
  const counts = countCategories([...records]);
  return {
    split: 'validation',
    samples: file.report.samples,
    primary: { ...metric(primary), interval: primary.interval ?? null },
    metrics: file.report.metrics.map(metric),
    bySubtask: Object.entries(primary.bySubtask).map(([subtask, entry]) => ({
      subtask,
      value: entry.value,
      count: entry.count,
      formatErrors: entry.formatErrors,
    })),
    formatErrorRate: primary.count ? primary.formatErrors / primary.count : 0,
    outcomes: {
      correct: counts.correct,
      'wrong-answer': counts['wrong-answer'],
      'format-error': counts['format-error'],
      truncated: counts.truncated,
      empty: counts.empty,
      undecided: counts.undecided,
    },
    errorSamples: pickErrorSamples(records, evaluation.samples ?? []),
    fingerprint: file.fingerprint.digest,
  };
}

function pickErrorSamples(records: readonly EvaluationRecord[], samples: readonly Sample[]): ErrorSample[] {
  const byLabel = new Map<SampleErrorLabel, EvaluationRecord[]>(LABEL_ORDER.map((label) => [label, []]));
  for (const record of records) if (record.category !== null) byLabel.get(record.category)!.push(record);
  const picked: EvaluationRecord[] = [];
  for (let round = 0; picked.length < MAX_ERROR_SAMPLES; round += 1) {
    const taken = LABEL_ORDER.map((label) => byLabel.get(label)![round]).filter((record): record is EvaluationRecord => record !== undefined);
    if (taken.length === 0) break;
    picked.push(...taken.slice(0, MAX_ERROR_SAMPLES - picked.length));
  }
  const order = new Map(records.map((record, index) => [record.id, index]));
  picked.sort((left, right) => order.get(left.id)! - order.get(right.id)!);
  const expected = new Map(samples.map((sample) => [sample.id, sample.target]));
  return picked.map((record) => ({
    id: record.id,
    subtask: record.subtask,
    label: record.category!,
    prompt: excerpt(record.prompt, PROMPT_CHARACTERS),
    output: excerpt(record.output, OUTPUT_CHARACTERS),
    extracted: record.extracted === null ? null : excerpt(asText(record.extracted), ANSWER_CHARACTERS),
    expected: expected.has(record.id) ? excerpt(expected.get(record.id)!, ANSWER_CHARACTERS) : null,
    finishReason: record.finishReason,
  }));
}

function asText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
