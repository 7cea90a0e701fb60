import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withFolderLock, writeFileAtomically } from '../runtime/index.js';
import type { EvaluateInput } from './evaluate.js';
import { evaluate, evaluationFingerprint, generationOptions, planEvaluation, plannedDecoding } from './evaluate.js';
import type { EvaluationFingerprint } from './evaluation-fingerprint.js';
import { EvaluationFingerprintSchema } from './evaluation-fingerprint.js';
import type { EvaluationReportFile } from './evaluation-report.js';
import { readEvaluationReport } from './evaluation-report.js';
import { EvaluationRecordSchema } from './evaluation-records.js';
import { judgeKeptEvaluation, type KeptEvaluation } from './judge-kept-evaluation.js';
import { rescoreEvaluation } from './rescore-evaluation.js';

/** What became of a kept evaluation: reused as it is, scored again in another mode, or evaluated anew (and why). */
export type ReuseOutcome = { kind: 'reused' } | { kind: 'rescored'; reason: string } | { kind: 'evaluated'; reason: string };

export interface EvaluateReusingInput extends EvaluateInput {
  /** Told, in one line, whether the kept evaluation was reused and, when not, why. */
  log?: ((line: string) => void) | undefined;
}

export interface EvaluateReusingResult {
  file: EvaluationReportFile;
  reportPath: string;
  outcome: ReuseOutcome;
}

/** Written before evaluating into the folder: an interrupted evaluation resumes only into the same fingerprint. */
const PENDING = 'pending-fingerprint.json';
/** What a kept evaluation consists of; the rest of the folder is left alone. */
const KEPT_FILES = ['report.json', 'records.jsonl', 'generation', PENDING];

/**
 * An evaluation kept in `outDir` (a base model's validation scores, kept across runs under the
 * ftdojo home) reused only when it measured exactly what this one would: the backend describes
 * the engine it would run (weights' sha256, prompt template, versions) without generating, the
 * fingerprint this evaluation would have is built from that, and the kept one must match it field
 * by field (judgeKeptEvaluation), with records for exactly the split's samples, in order. Only the
 * scoring mode differs: the kept outputs are scored again. Anything else, a kept file that cannot
 * be read, or a backend that cannot describe itself: the kept files are removed and the model is
 * evaluated again, and `log` says why.
 */
export function evaluateReusing(input: EvaluateReusingInput): Promise<EvaluateReusingResult> {
  // Processes sharing one home (a suite's jobs on one node) keep some evaluations in one folder
  // (the base model's): one evaluates, the next reuses what it kept.
  return withFolderLock(input.outDir, () => evaluateReusingHeld(input));
}

async function evaluateReusingHeld(input: EvaluateReusingInput): Promise<EvaluateReusingResult> {
  const reportPath = join(input.outDir, 'report.json');
  const log = input.log ?? (() => undefined);
  const plan = planEvaluation(input);
  if (!input.backend.describe) {
    const reason = `${input.backend.name} cannot tell its engine facts before generating, so a kept evaluation cannot be checked`;
    return fresh(input, reportPath, existsSync(reportPath) ? reason : 'nothing kept', null, log);
  }
  const expected = evaluationFingerprint(input, plan, await input.backend.describe(generationOptions(input, plan)), plannedDecoding(plan));
  const kept = await readKept(input.outDir);
  const verdict = judgeKeptEvaluation(
    kept,
    expected,
    plan.samples.map((sample) => sample.id),
  );
  if (verdict.kind === 'reuse') {
    log(`kept evaluation reused: its fingerprint matches (${expected.digest.slice(0, 12)}…)`);
    return { file: verdict.file, reportPath, outcome: { kind: 'reused' } };
  }
  if (verdict.kind === 'rescore') {
    log(`kept evaluation scored again: ${verdict.reason}`);
    const file = await rescoreEvaluation({
      reportPath,
      task: input.task,
      samples: input.samples,
      scoring: plan.scoring,
      library: input.library,
      codeRunner: input.codeRunner,
      bootstrap: input.bootstrap,
    });
    return { file, reportPath, outcome: { kind: 'rescored', reason: verdict.reason } };
  }
  if (verdict.kind === 'resume') return fresh(input, reportPath, verdict.reason, expected, log, true);
  return fresh(input, reportPath, verdict.reason, expected, log);
}

async function fresh(
  input: EvaluateReusingInput,
  reportPath: string,
  reason: string,
  expected: EvaluationFingerprint | null,
  log: (line: string) => void,
  resume = false,
): Promise<EvaluateReusingResult> {
  if (resume) log('resuming an interrupted evaluation of the same fingerprint');
  else {
    log(`evaluating: ${reason}`);
    // Kept generations of another fingerprint must not be resumed: the local backend resumes a
    // folder whose settings match, and a re-converted model at the same path has the same settings.
    await Promise.all(KEPT_FILES.map((name) => rm(join(input.outDir, name), { recursive: true, force: true })));
  }
  await mkdir(input.outDir, { recursive: true });
  if (expected) await writeFileAtomically(join(input.outDir, PENDING), JSON.stringify(expected, null, 2) + '\n');
  const result = await evaluate(input);
  await rm(join(input.outDir, PENDING), { force: true });
  return { file: await readEvaluationReport(result.reportPath), reportPath, outcome: { kind: 'evaluated', reason } };
}

/** The kept evaluation in a folder, read without trusting it: what is missing or unreadable is said so. */
export async function readKept(outDir: string): Promise<KeptEvaluation> {
  const reportPath = join(outDir, 'report.json');
  if (!existsSync(reportPath)) {
    const pending = join(outDir, PENDING);
    if (!existsSync(pending))
      return existsSync(join(outDir, 'generation')) ? { state: 'unreadable', reason: 'generations without a report or a fingerprint' } : { state: 'none' };
    try {
      return { state: 'pending', fingerprint: EvaluationFingerprintSchema.parse(JSON.parse(await readFile(pending, 'utf8'))) };
    } catch (error) {
      return { state: 'unreadable', reason: `${PENDING} cannot be read (${firstLine(error)})` };
    }
  }
  let file: EvaluationReportFile;
  try {
    file = await readEvaluationReport(reportPath);
  } catch (error) {
    return { state: 'unreadable', reason: `report.json cannot be read (${firstLine(error)})` };
  }
  try {
    const text = await readFile(join(outDir, file.files.records), 'utf8');
    const ids = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => EvaluationRecordSchema.parse(JSON.parse(line)).id);
    return { state: 'complete', file, recordIds: ids };
  } catch (error) {
    return { state: 'unreadable', reason: `${file.files.records} cannot be read (${firstLine(error)})` };
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 160);
}
