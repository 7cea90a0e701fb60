import type { Feedback, RunStage, RunTotals, TotalsStage } from '../core/index.js';
import { TOTALS_STAGES, trainedTokensOf } from '../core/index.js';
import type { RunState } from '../store/index.js';

/**
 * Where each stage of the run log goes in the totals. The dojo's experiment phases open the
 * validate, train and evaluate stages (validate from the data script on, evaluate on the validation
 * split). decide and record are the agent's own work between experiments, as propose is: they
 * join it (today's recorder writes only propose). The held-out split has no stage in the log:
 * heldOut is the gap before the test-scored event (RunState.heldOutSeconds).
 */
export const TOTALS_STAGE_OF: Readonly<Record<RunStage, Exclude<TotalsStage, 'heldOut'>>> = {
  propose: 'propose',
  decide: 'propose',
  record: 'propose',
  implement: 'implement',
  validate: 'validate',
  train: 'train',
  evaluate: 'evaluate',
};

/**
 * A run's totals from its replayed log and its experiments' feedback: tokens trained (each
 * experiment's tokensPerSecond x trainSeconds, see trainedTokensOf) and seconds per part. Stage
 * seconds are those of the iterations the log keeps: a redone attempt replaces the one it redoes,
 * as in the report's other stage figures.
 */
export function runTotals(state: RunState, feedbackOf: (experimentId: string) => Feedback | null): RunTotals {
  const stageSeconds = Object.fromEntries(TOTALS_STAGES.map((stage) => [stage, 0])) as Record<TotalsStage, number>;
  for (const stage of state.iterations.flatMap((iteration) => iteration.stages)) {
    if (stage.seconds !== null) stageSeconds[TOTALS_STAGE_OF[stage.stage]] += stage.seconds;
  }
  stageSeconds.heldOut = state.heldOutSeconds ?? 0;
  // Milliseconds, as the log records them: sums of floats would otherwise carry noise (523.6310000000001).
  for (const stage of TOTALS_STAGES) stageSeconds[stage] = Math.round(stageSeconds[stage] * 1000) / 1000;
  let trainedTokens: number | null = null;
  let experimentsWithoutTokens = 0;
  for (const experimentId of state.experiments.keys()) {
    const training = feedbackOf(experimentId)?.training ?? null;
    if (training === null) continue;
    const tokens = trainedTokensOf(training);
    if (tokens === null) experimentsWithoutTokens += 1;
    else trainedTokens = (trainedTokens ?? 0) + tokens;
  }
  return { trainedTokens, experimentsWithoutTokens, stageSeconds };
}
