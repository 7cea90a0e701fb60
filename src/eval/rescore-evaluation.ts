import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Sample, ScoringMode, TaskSpec } from '../core/index.js';
import { FtdojoError } from '../core/index.js';
import type { GenerationOutput } from '../runtime/index.js';
import { writeFileAtomically } from '../runtime/index.js';
import type { CodeRunner } from './code-runner.js';
import { fingerprintDigest } from './evaluation-fingerprint.js';
import { buildEvaluationRecords, countCategories, EvaluationRecordSchema, type EvaluationRecord } from './evaluation-records.js';
import { readEvaluationReport, type EvaluationReportFile } from './evaluation-report.js';
import { metricFacts } from './metric-facts.js';
import { scorePredictions } from './score-predictions.js';
import { scorerLibrary, type ScorerLibrary } from './scorer-library.js';

export interface RescoreEvaluationInput {
  /** The evaluation's report.json; its records.jsonl beside it holds the outputs. */
  reportPath: string;
  task: TaskSpec;
  /** The split's samples (with answers); those the evaluation covered are picked by id. */
  samples: Sample[];
  scoring: ScoringMode;
  library?: ScorerLibrary | undefined;
  /** Runs model-written code for the scorers that must (TableBench's Pass@1). */
  codeRunner?: CodeRunner | undefined;
  bootstrap?: { resamples: number; seed: number } | undefined;
}

/**
 * An evaluation scored again in another mode from the outputs it kept: no model runs, the
 * generations are the same, so every fact of the fingerprint but the mode (and its digest) stays.
 * report.json and records.jsonl are rewritten in the new mode. A held-out split is still measured
 * once: what changes is how the same answers are counted.
 */
export async function rescoreEvaluation(input: RescoreEvaluationInput): Promise<EvaluationReportFile> {
  const file = await readEvaluationReport(input.reportPath);
  if (file.report.scoring === input.scoring) return file;
  const folder = dirname(input.reportPath);
  const recordsPath = join(folder, file.files.records);
  const records = await readRecords(recordsPath);
  const byId = new Map(input.samples.map((sample) => [sample.id, sample]));
  const samples = records.map((record) => {
    const sample = byId.get(record.id);
    if (!sample)
      throw new FtdojoError('INVALID_INPUT', `${recordsPath} holds sample "${record.id}", which the ${file.report.split} split of ${input.task.id} does not`, {
        hint: 'the split changed since this evaluation: evaluate again into a new folder',
      });
    return sample;
  });
  const outputs: GenerationOutput[] = records.map((record) => ({
    id: record.id,
    output: record.output,
    promptTokens: record.promptTokens,
    outputTokens: record.outputTokens,
    finishReason: record.finishReason,
    ...(record.generationError === null ? {} : { error: record.generationError }),
  }));
  const library = input.library ?? scorerLibrary;
  const report = await scorePredictions({
    task: input.task,
    profile: file.report.profile,
    split: file.report.split,
    samples,
    predictions: outputs.map((output) => ({ id: output.id, output: output.output })),
    bootstrap: input.bootstrap,
    library,
    scoring: input.scoring,
    codeRunner: input.codeRunner,
  });
  const rescored = buildEvaluationRecords(samples, outputs, report, await metricFacts(input.task, report, library, input.scoring));
  const fingerprint = { ...file.fingerprint, scoring: input.scoring };
  const updated: EvaluationReportFile = {
    ...file,
    report,
    fingerprint: { ...fingerprint, digest: fingerprintDigest(fingerprint) },
    categories: countCategories(rescored),
  };
  await writeFileAtomically(recordsPath, rescored.map((record) => JSON.stringify(record)).join('\n') + '\n');
  await writeFileAtomically(input.reportPath, JSON.stringify(updated, null, 2) + '\n');
  return updated;
}

async function readRecords(path: string): Promise<EvaluationRecord[]> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new FtdojoError('INVALID_INPUT', `cannot read ${path}`, {
      hint: 'evaluate again into a new folder: the outputs to score are kept in records.jsonl',
      cause,
    });
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => EvaluationRecordSchema.parse(JSON.parse(line)));
}
