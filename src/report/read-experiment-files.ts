import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Feedback, Hypothesis, ImplementationRecord } from '../core/index.js';
import { HypothesisSchema, ImplementationRecordSchema, parseFeedback } from '../core/index.js';
import type { EvaluationReportFile } from '../eval/index.js';
import { EvaluationReportFileSchema } from '../eval/index.js';
import type { TrainerLogEntry } from '../runtime/index.js';
import { experimentPaths } from '../store/index.js';
import { parseTrainerLog } from '../runtime/index.js';

/** What an experiment folder holds; each file may be missing (an interrupted run) or unreadable. */
export interface ExperimentFiles {
  hypothesis: Hypothesis | null;
  feedback: Feedback | null;
  /** eval/report.json: the validation split. */
  validation: EvaluationReportFile | null;
  /** test/report.json: the held-out split, scored for the chosen experiment only. */
  test: EvaluationReportFile | null;
  trainerLog: TrainerLogEntry[] | null;
  /** implementation.json: how the code came to be (template, or a coder's rounds). */
  implementation: ImplementationRecord | null;
}

export function experimentFolder(runDir: string, experimentId: string): string {
  return experimentPaths(runDir, experimentId).dir;
}

/**
 * Reads one file when it is there. A file that is there but cannot be read becomes a warning,
 * not an exception: a report of a damaged run should still show everything else.
 */
export function readOptionalFile<T>(path: string, parse: (text: string) => T, warnings: string[], root: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    warnings.push(`${relative(root, path) || path}: cannot be read (${describeError(error)})`);
    return null;
  }
}

/** One line for a warning: a schema error names its first bad field, not its whole JSON dump. */
function describeError(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

function parseJson<T>(parse: (json: unknown) => T): (text: string) => T {
  return (text) => parse(JSON.parse(text));
}

/**
 * Reads an evaluation report.json synchronously with the schema `readEvaluationReport` checks
 * against (that one is async, and the report's assembly is a plain synchronous reduction).
 */
export function readEvaluationReportFile(path: string, warnings: string[], root: string): EvaluationReportFile | null {
  return readOptionalFile(
    path,
    parseJson((json) => EvaluationReportFileSchema.parse(json)),
    warnings,
    root,
  );
}

/**
 * Reads every file of one experiment that is there. `feedbackPath` is the one the log names
 * (relative to the run folder); feedback.json in the experiment folder otherwise.
 */
export function readExperimentFiles(runDir: string, experimentId: string, feedbackPath: string | null, warnings: string[]): ExperimentFiles {
  const paths = experimentPaths(runDir, experimentId);
  return {
    hypothesis: readOptionalFile(
      paths.hypothesis,
      parseJson((json) => HypothesisSchema.parse(json)),
      warnings,
      runDir,
    ),
    feedback: readOptionalFile(feedbackPath === null ? paths.feedback : join(runDir, feedbackPath), parseJson(parseFeedback), warnings, runDir),
    validation: readEvaluationReportFile(paths.evaluationReport, warnings, runDir),
    test: readEvaluationReportFile(paths.testReport, warnings, runDir),
    trainerLog: readOptionalFile(paths.trainerLog, parseTrainerLog, warnings, runDir),
    implementation: readOptionalFile(
      paths.implementation,
      parseJson((json) => ImplementationRecordSchema.parse(json)),
      warnings,
      runDir,
    ),
  };
}
