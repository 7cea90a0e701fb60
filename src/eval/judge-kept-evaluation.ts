import type { EvaluationFingerprint, FingerprintDifference } from './evaluation-fingerprint.js';
import { compareFingerprints, fingerprintDigest } from './evaluation-fingerprint.js';
import type { EvaluationReportFile } from './evaluation-report.js';

/** What a folder holds of an earlier evaluation, read without trusting it. */
export type KeptEvaluation =
  | { state: 'none' }
  | { state: 'unreadable'; reason: string }
  /** Interrupted: generations may be kept, and the fingerprint they were started for. */
  | { state: 'pending'; fingerprint: EvaluationFingerprint }
  | { state: 'complete'; file: EvaluationReportFile; recordIds: string[] };

export type KeptVerdict =
  | { kind: 'reuse'; file: EvaluationReportFile }
  /** The same outputs, scored in another mode: score them again, generate nothing. */
  | { kind: 'rescore'; reason: string }
  /** An interrupted evaluation of the same fingerprint: finish it. */
  | { kind: 'resume'; reason: string }
  | { kind: 'evaluate'; reason: string };

/**
 * Fields a kept evaluation may differ in and still be reused: how the same computation was spread
 * (batch size, threads, device). The digest leaves them out for that reason (evaluation-fingerprint.ts).
 */
export const ROUNDING_ONLY_FIELDS: readonly string[] = ['batchSize', 'engine.threads', 'engine.device'];

/**
 * Whether a kept evaluation measured exactly what `expected` describes: its fingerprint must be
 * intact (its digest recomputes), equal to `expected` field by field (compareFingerprints, the
 * rounding-only fields aside) and of the same digest, and its records must be the split's samples,
 * in order. A kept evaluation that differs only in the scoring mode is scored again.
 */
export function judgeKeptEvaluation(kept: KeptEvaluation, expected: EvaluationFingerprint, sampleIds: readonly string[]): KeptVerdict {
  if (kept.state === 'none') return { kind: 'evaluate', reason: 'nothing kept' };
  if (kept.state === 'unreadable') return { kind: 'evaluate', reason: `the kept evaluation is unreadable: ${kept.reason}` };
  const fingerprint = kept.state === 'pending' ? kept.fingerprint : kept.file.fingerprint;
  if (fingerprintDigest(fingerprint) !== fingerprint.digest)
    return { kind: 'evaluate', reason: 'the kept fingerprint does not match its own digest (edited or corrupt)' };
  const differences = compareFingerprints(fingerprint, expected).filter((difference) => !ROUNDING_ONLY_FIELDS.includes(difference.field));
  const decisive = differences.filter((difference) => difference.field !== 'scoring');
  if (decisive.length > 0) return { kind: 'evaluate', reason: `the kept fingerprint differs: ${decisive.map(describeDifference).join('; ')}` };
  if (kept.state === 'pending') return { kind: 'resume', reason: 'an interrupted evaluation of the same fingerprint' };

  const mismatch = firstMismatch(kept.recordIds, sampleIds);
  if (mismatch !== null) return { kind: 'evaluate', reason: `the kept records are not the split's samples: ${mismatch}` };
  const scoring = differences.find((difference) => difference.field === 'scoring');
  if (scoring) return { kind: 'rescore', reason: `kept in ${String(scoring.left)} scoring, ${String(scoring.right)} asked` };
  // Every field compared alike; the digest is the last word (it covers what outputs depend on).
  if (fingerprint.digest !== expected.digest)
    return { kind: 'evaluate', reason: `the kept digest ${short(fingerprint.digest)} is not ${short(expected.digest)}` };
  return { kind: 'reuse', file: kept.file };
}

function firstMismatch(kept: readonly string[], expected: readonly string[]): string | null {
  if (kept.length !== expected.length) return `${kept.length} records kept, ${expected.length} samples in the split`;
  const index = kept.findIndex((id, position) => id !== expected[position]);
  return index < 0 ? null : `record ${index + 1} is "${kept[index]}", the split's sample ${index + 1} is "${expected[index]}"`;
}

function describeDifference(difference: FingerprintDifference): string {
  return `${difference.field} ${short(difference.left)} → ${short(difference.right)}`;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return 'none';
  return /^[0-9a-f]{64}$/.test(text) ? `${text.slice(0, 12)}…` : text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
