import type { Sample, SampleOutcome } from '../../core/index.js';
import { mean } from '../scorer.js';
import type { ChemcotbenchReading } from './json-chemcotbench.js';

/**
 * How ChemCoTBench's notebooks turn per-item results into a score, for the `official` mode:
 * an item they cannot read is left out of the list they average (it counts neither right nor
 * wrong), each subtask is scored on its own, and a task-level number is the mean over subtasks
 * (the paper reports the subtasks and averages them; it never pools their items).
 */

/**
 * The fact that marks an item the official code leaves out: 'dropped'; 'crash' where it raises
 * (its run would stop, so the item has no official score); 'unsupported' where we cannot run
 * what it runs (an oracle this build lacks).
 */
export const OFFICIAL_LEFT_OUT = 'officialLeftOut';

export type LeftOut = Exclude<ChemcotbenchReading, { kind: 'value' }> | { kind: 'unsupported'; reason: string };

const LEFT_OUT_DETAIL: Record<LeftOut['kind'], string> = {
  dropped: 'left out, as the official code does',
  crash: 'official code raises here, item left out',
  unsupported: 'unsupported here, item left out',
};

/** The outcome of an item the official code leaves out: `worst` as its value, never counted. */
export function leftOutOutcome(sample: Sample, reading: LeftOut, worst: number): SampleOutcome {
  const detail = `${LEFT_OUT_DETAIL[reading.kind]}: ${reading.reason}`;
  return { id: sample.id, subtask: sample.subtask, value: worst, formatError: true, detail, facts: { [OFFICIAL_LEFT_OUT]: reading.kind } };
}

export function isLeftOut(outcome: SampleOutcome): boolean {
  return outcome.facts?.[OFFICIAL_LEFT_OUT] !== undefined;
}

/**
 * The mean over subtasks of each subtask's score, `subtaskScore` computed on the items the
 * official code kept; a subtask whose items were all left out has no score and is skipped, and
 * with none left the result is null. On one subtask's outcomes (the per-subtask breakdown) this
 * is that subtask's score.
 */
export function macroOverSubtasks(outcomes: SampleOutcome[], subtaskScore: (kept: SampleOutcome[]) => number | null = meanValue): number | null {
  const groups = new Map<string, SampleOutcome[]>();
  for (const outcome of outcomes) {
    if (isLeftOut(outcome)) continue;
    const key = outcome.subtask ?? '';
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  const scores = [...groups.values()].map(subtaskScore).filter((score): score is number => score !== null);
  return mean(scores);
}

function meanValue(outcomes: SampleOutcome[]): number | null {
  return mean(outcomes.map((outcome) => outcome.value));
}
