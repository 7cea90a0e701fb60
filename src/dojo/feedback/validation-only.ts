import type { Sample } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import type { EvaluationRecord, EvaluationReportFile } from '../../eval/index.js';

const HINT =
  'feedback is built from validation results only: pass the validation evaluation (the test split is scored once by the bench and never shown to the agent)';

/**
 * Refuses anything but a validation evaluation: a report whose split (in the score report or
 * in its fingerprint) is not 'validation', or records or samples for items that report did not
 * score. A refusal is a wiring bug in the environment, not the agent's doing: INTERNAL.
 */
export function assertValidationOnly(
  what: string,
  report: EvaluationReportFile,
  records: readonly EvaluationRecord[] = [],
  samples: readonly Sample[] = [],
): void {
  const splits = new Set([report.report.split, report.fingerprint.task.split]);
  if (splits.size !== 1 || !splits.has('validation')) {
    throw new FtdojoError('INTERNAL', `refusing ${what}: it is an evaluation on the ${[...splits].join('/')} split, not on validation`, { hint: HINT });
  }
  const scored = new Set<string>();
  for (const outcomes of Object.values(report.report.outcomes)) for (const outcome of outcomes) scored.add(outcome.id);
  const stray = [...records.map((record) => record.id), ...samples.map((sample) => sample.id)].filter((id) => !scored.has(id));
  if (stray.length) {
    throw new FtdojoError('INTERNAL', `refusing ${what}: ${stray.length} record(s) or sample(s) are not items of its validation report`, { hint: HINT });
  }
}
