import type { DataStrategy, ImplementationRecord, RunBudget, TrainingChanges } from '../core/index.js';
import type { ReportIteration, ReportScore, RunReport, RunTotals, TotalsStage } from '../core/index.js';
import { TOTALS_STAGES } from '../core/index.js';

/*
 * Words and numbers shared by the Markdown and the HTML report, so both say the same thing the
 * same way. Plain text only: each renderer escapes for its own format.
 */

export function formatValue(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function formatInterval(interval: ReportScore['interval'], digits = 3): string {
  return interval ? `[${formatValue(interval.low, digits)}, ${formatValue(interval.high, digits)}]` : '';
}

/** "0.400 [0.300, 0.500]", "0.400", or "—". */
export function formatScore(score: ReportScore | null | undefined, digits = 3): string {
  if (!score) return '—';
  const range = formatInterval(score.interval, digits);
  return range ? `${formatValue(score.value, digits)} ${range}` : formatValue(score.value, digits);
}

/** "45 s", "12 min 05 s", "30 min", "1 h 02 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return total % 60 ? `${minutes} min ${String(total % 60).padStart(2, '0')} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function describeBudget(budget: RunBudget): string {
  const parts = [
    budget.wallSeconds === null ? null : `${formatDuration(budget.wallSeconds)} wall clock`,
    budget.trainingSeconds === null ? null : `${formatDuration(budget.trainingSeconds)} training`,
    budget.experiments === null ? null : `${budget.experiments} experiments`,
    budget.llmTokens === null ? null : `${budget.llmTokens} LLM tokens`,
  ].filter((part): part is string => part !== null);
  return parts.length ? parts.join(', ') : 'no limit';
}

/** The data strategy's key settings: "800 rows · solution then target · balance subtask". */
export function describeData(data: DataStrategy): string {
  return [
    `${data.count} rows`,
    data.response === 'target' ? 'target only' : 'solution then target',
    data.balance === 'none' ? null : `balance ${data.balance}`,
    data.maxCharacters === null ? null : `≤ ${data.maxCharacters} characters`,
    data.subtasks.length ? `subtasks ${data.subtasks.join(', ')}` : null,
    data.dedupe ? null : 'duplicates kept',
    data.synthesizeRows ? `${data.synthesizeRows} synthesized` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
}

/** The training settings the plan sets: "lr 0.0002 · 2 epochs · LoRA rank 8 / alpha 16". */
export function describeTraining(training: TrainingChanges): string {
  const lora =
    training.lora_rank === undefined ? null : `LoRA rank ${training.lora_rank}${training.lora_alpha === undefined ? '' : ` / alpha ${training.lora_alpha}`}`;
  const batch =
    training.per_device_train_batch_size === undefined
      ? null
      : `batch ${training.per_device_train_batch_size}${training.gradient_accumulation_steps === undefined ? '' : ` × ${training.gradient_accumulation_steps}`}`;
  const parts = [
    training.learning_rate === undefined ? null : `lr ${training.learning_rate}`,
    training.num_train_epochs === undefined ? null : `${training.num_train_epochs} epoch${training.num_train_epochs === 1 ? '' : 's'}`,
    lora,
    training.lora_dropout === undefined ? null : `dropout ${training.lora_dropout}`,
    training.cutoff_len === undefined ? null : `cutoff ${training.cutoff_len}`,
    batch,
    training.lr_scheduler_type === undefined ? null : training.lr_scheduler_type,
    training.warmup_ratio === undefined ? null : `warmup ${training.warmup_ratio}`,
  ].filter((part): part is string => part !== null);
  return parts.length ? parts.join(' · ') : 'defaults';
}

/** "accepted", "not accepted", or "—" when there was no decision. */
export function describeAccepted(accepted: boolean | null): string {
  return accepted === null ? '—' : accepted ? 'accepted' : 'not accepted';
}

const TOTALS_STAGE_LABEL: Record<TotalsStage, string> = {
  propose: 'propose',
  implement: 'implement',
  validate: 'validate',
  train: 'train',
  evaluate: 'evaluate',
  heldOut: 'held-out',
};

/** "48,213 tokens trained · time: propose 0% · implement 0% · validate 15% · train 40% · evaluate 41% · held-out 4%". */
export function describeTotals(totals: RunTotals): string {
  const missing = totals.experimentsWithoutTokens ? ` (${totals.experimentsWithoutTokens} experiment(s) that trained reported no count)` : '';
  const tokens = totals.trainedTokens === null ? 'no trained tokens reported' : `${totals.trainedTokens.toLocaleString('en-US')} tokens trained${missing}`;
  const seconds = TOTALS_STAGES.reduce((sum, stage) => sum + totals.stageSeconds[stage], 0);
  if (seconds <= 0) return `${tokens} · no stage time recorded`;
  const shares = TOTALS_STAGES.map((stage) => `${TOTALS_STAGE_LABEL[stage]} ${Math.round((100 * totals.stageSeconds[stage]) / seconds)}%`);
  return `${tokens} · time: ${shares.join(' · ')}`;
}

/** The run's facts as label and value, the first table of both reports. */
export function runFactRows(report: RunReport): [string, string][] {
  const { run } = report;
  const best = report.iterations.find((iteration) => iteration.experimentId === run.bestExperimentId);
  return [
    ['task', `${run.task} (${run.profile})`],
    ['status', `${run.status}${run.finishReason ? `: ${run.finishReason}` : ''}`],
    ['agent', `${run.agent}, planner ${run.planner}`],
    ['budget', describeBudget(run.budget)],
    [
      'time used',
      `${formatDuration(run.secondsUsed)} wall clock, ${formatDuration(run.stageSeconds)} in stages${run.resumes ? `, resumed ${run.resumes}×` : ''}`,
    ],
    ['iterations', `${run.iterationsFinished} finished, ${run.experiments} experiments`],
    ['totals', describeTotals(report.totals)],
    ['best', run.bestExperimentId ? `${run.bestExperimentId} (validation ${formatScore(best?.validation)})` : 'none accepted: the base model stays the best'],
    ['base model, validation', formatScore(report.baseValidation)],
    ['run folder', run.runDir],
  ];
}

/** "train 10 min 10 s · evaluate 1 min 35 s". */
export function describeStages(iteration: ReportIteration): string {
  const parts = Object.entries(iteration.stageSeconds).map(([stage, seconds]) => `${stage} ${formatDuration(seconds)}`);
  return parts.length ? parts.join(' · ') : '—';
}

/** What one iteration tried and why, and how it came out, as label and plain text. */
export function iterationStoryItems(iteration: ReportIteration): [string, string][] {
  const items: [string, string][] = [];
  const plan = iteration.plan;
  // The summary is the rationale's first line: shown once, as "why", when the plan is known.
  if (iteration.summary && !plan) items.push(['plan', iteration.summary]);
  if (plan) {
    items.push(['why', plan.rationale], ['expected effect', plan.expectedEffect]);
    items.push(['changes', `${plan.changes}, addressing ${plan.addresses} (proposed by ${plan.proposer})`]);
    items.push(['data', describeData(plan.data)], ['training', describeTraining(plan.training)]);
  }
  items.push([
    'outcome',
    `${iteration.state ?? iteration.status}, validation ${formatScore(iteration.validation)}${iteration.verdict ? `, ${iteration.verdict}` : ''}`,
  ]);
  if (iteration.decisionReason !== null) items.push(['decision', iteration.decisionReason]);
  const diagnosis = iteration.diagnosis;
  if (diagnosis) items.push(['diagnosis', `${diagnosis.problem}${diagnosis.evidence.length ? `: ${diagnosis.evidence.join('; ')}` : ''}`]);
  if (iteration.failure) items.push([`failure (${iteration.failure.category})`, iteration.failure.hint || iteration.failure.rootCause.join('; ')]);
  if (iteration.implementation && iteration.implementation.implementer !== 'template') items.push(['code', describeImplementation(iteration.implementation)]);
  items.push(['stages', describeStages(iteration)]);
  return items;
}

/** A coder's rounds in a line: who wrote the code, each draft's fate, and a fallback's reason. */
export function describeImplementation(record: ImplementationRecord): string {
  const rounds = record.rounds.map(
    (round) =>
      `round ${round.round} ${round.outcome === 'failed' ? `failed at the ${round.failedTier} tier (${round.findings.map((finding) => finding.code).join(', ')})` : round.outcome}`,
  );
  const what =
    record.outcome === 'written'
      ? `written by ${record.model}`
      : record.outcome === 'repaired'
        ? `written by ${record.model} and repaired in ${record.rounds.length - 1} round(s)`
        : `the template, after ${record.model}'s code: ${record.fellBack}`;
  return `${what}${rounds.length ? `: ${rounds.join('; ')}` : ''} (implementation.json has each diff)`;
}

/** The iteration table's columns, the same in Markdown and HTML (the validation one names the metric). */
export const ITERATION_COLUMNS = ['#', 'experiment', 'parent', 'changes', 'addresses', 'state', 'validation', 'verdict', 'decision', 'training time'] as const;

/** One iteration as a row of ITERATION_COLUMNS. */
export function iterationRow(iteration: ReportIteration): string[] {
  return [
    String(iteration.iteration),
    iteration.experimentId ?? '—',
    iteration.parentExperimentId ?? 'base',
    iteration.plan?.changes ?? '—',
    iteration.plan?.addresses ?? '—',
    iteration.state ?? iteration.status,
    formatScore(iteration.validation),
    iteration.verdict ?? '—',
    describeAccepted(iteration.accepted),
    formatDuration(iteration.stageSeconds.train),
  ];
}
