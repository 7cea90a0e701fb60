import type { Hypothesis, Problem } from '../../core/index.js';
import { DataStrategySchema, ProblemSchema, TrainingChangesSchema } from '../../core/index.js';
import type { ChatMessage } from '../../llm/index.js';
import type { Diagnosis } from './diagnose.js';

/** What the task card tells the planner; the caller fills these from the task's spec and card. */
export interface TaskCard {
  id: string;
  description: string;
  /** The primary metric's name, e.g. "accuracy". */
  metric: string;
  direction: 'higher' | 'lower';
  /** What an answer must look like for the scorer to read it, e.g. "the final number in \\boxed{}". */
  outputFormat: string;
}

/** One experiment as the prompt shows it in full: its plan and the feedback facts that matter. */
export interface ExperimentFacts {
  experimentId: string;
  hypothesis: Hypothesis;
  accepted: boolean;
  /** The primary validation metric, null when the experiment gave none. */
  metric: number | null;
  formatErrorRate: number | null;
  diagnosis: Diagnosis;
}

/** One earlier attempt in a line. */
export interface AttemptSummary {
  experimentId: string;
  /** The first line of its rationale (the prompt cuts it). */
  idea: string;
  metric: number | null;
  accepted: boolean;
  problem: Problem;
}

export interface PlanningPromptInput {
  task: TaskCard;
  sampleCap: number;
  poolHasSolutions: boolean;
  charactersPerToken: number;
  modelContext: number;
  /** Mean tokens per training row, as measured by an earlier experiment; null before any. */
  meanRowTokens: number | null;
  /** The accelerator, in words ("1x NVIDIA H100, 80 GB"). */
  hardware: string;
  remainingSeconds: number;
  /** The most seconds training may take (the planner's sizing rule). */
  trainingSecondsAllowed: number;
  tokensPerSecond: number;
  tokensPerSecondSource: 'measured' | 'assumed';
  best: ExperimentFacts | null;
  last: ExperimentFacts | null;
  /** Every finished attempt, oldest first; the prompt shows only the most recent few. */
  attempts: readonly AttemptSummary[];
  /** A sound first plan sized to the budget, shown when nothing has run yet. */
  startingPoint: Hypothesis | null;
  /** Lessons from earlier runs, one line each, most relevant first (the prompt shows the first few). */
  lessons?: readonly string[] | undefined;
  /** Plans already chosen for this round of a parallel run: they run side by side with the next one. */
  pending?: readonly Hypothesis[] | undefined;
}

/**
 * The bounds that keep the prompt the same size at iteration 200 as at iteration 2: a planner
 * that reads the whole history would outgrow the model's context and pay for it every call.
 */
export const PLANNING_PROMPT_LIMITS = {
  recentAttempts: 12,
  lessons: 5,
  ideaCharacters: 120,
  descriptionCharacters: 3000,
  outputFormatCharacters: 600,
  textCharacters: 400,
  evidenceLines: 4,
  evidenceCharacters: 240,
  /** System and user message together. */
  totalCharacters: 16_000,
} as const;

/** The chat messages that ask for the next hypothesis: the rules once, then the bounded context. */
export function buildPlanningMessages(input: PlanningPromptInput): ChatMessage[] {
  const system = systemMessage();
  const budget = PLANNING_PROMPT_LIMITS.totalCharacters - system.length;
  // Fewer history lines first, since they matter least; a hard cut only if that is not enough.
  for (let recent: number = PLANNING_PROMPT_LIMITS.recentAttempts; recent >= 0; recent -= 1) {
    const user = `${userMessage(input, recent)}\n\n${CLOSING}`;
    if (user.length <= budget)
      return [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ];
  }
  // The request itself stays at the end, where the model reads it last.
  return [
    { role: 'system', content: system },
    { role: 'user', content: `${cut(userMessage(input, 0), budget - CLOSING.length - 2)}\n\n${CLOSING}` },
  ];
}

const CLOSING = 'Propose the next experiment as one JSON object (or stop).';

function systemMessage(): string {
  const trainingKeys = Object.keys(TrainingChangesSchema.shape).join(', ');
  const dataKeys = Object.keys(DataStrategySchema.shape).join(', ');
  return `You plan the next experiment of an autonomous fine-tuning run: LoRA fine-tuning of a small language model with LLaMA-Factory, to raise one task's validation metric within a fixed time budget. Each experiment is one typed hypothesis; code turns it into training rows and a training config, validates, trains, evaluates on the validation split, and decides by rule whether it is accepted.

Answer with one JSON object: a proposal, or a stop.

A proposal has these fields:
- changes: "data", "training" or "both": what differs from the parent experiment.
- addresses: the problem it answers, one of ${ProblemSchema.options.join(', ')} (usually the last experiment's diagnosed problem).
- parentExperimentId: the experiment it starts from (default: the best so far).
- data: how training rows are made from the task's pool (keys ${dataKeys}):
  - count: rows to write, a whole number from 1 to the sample cap.
  - seed: the sampling seed (default 0).
  - response: "target" (the model learns to write the answer alone) or "solution-then-target" (a worked solution, then the answer, for pool rows that have one).
  - maxCharacters: rows longer than this many characters (prompt and response) are passed over; null keeps every row. Characters divided by characters per token gives tokens.
  - balance: "none", "subtask" (rows spread evenly over subtasks) or "label" (spread evenly over answer labels).
  - subtasks: keep only these subtasks; [] keeps all.
  - dedupe: drop duplicate rows (default true).
  - synthesizeRows: how many rows without a solution get a chain of thought written by an LLM (0: none; it costs time).
- training: the full training settings of this experiment (the parent's with your changes applied), only these keys: ${trainingKeys}. cutoff_len and num_train_epochs are required; cutoff_len is at most the model's context.
- rationale: why this should help, in a sentence or two, citing the evidence.
- expectedEffect: what the feedback should show if it worked ("format errors below 5%").

Rules:
- Change one thing at a time where you can, so that the feedback says what helped.
- Estimated training seconds = count x min(cutoff_len, mean row tokens) x num_train_epochs / training tokens per second. It must be at most the training time allowed below. A proposal over the sample cap, over the model's context or over that time is rejected before it runs, and you are asked again.
- Do not repeat an experiment already tried with the same data and training.
- Acceptance is not yours to decide: a finished experiment is accepted only when a paired bootstrap over the validation items shows it beats the best so far beyond noise (the first one: when it is not worse than the base model).
- When no idea is worth the remaining budget, answer {"stop": true, "reason": "..."} instead; the run then ends with the best so far.`;
}

function userMessage(input: PlanningPromptInput, recent: number): string {
  const limits = PLANNING_PROMPT_LIMITS;
  const { task } = input;
  const sections: string[] = [];
  sections.push(
    [
      `# Task ${task.id}`,
      `metric: ${task.metric} (${task.direction} is better)`,
      `description: ${cut(task.description, limits.descriptionCharacters)}`,
      `expected output format: ${cut(task.outputFormat, limits.outputFormatCharacters)}`,
    ].join('\n'),
  );
  const rowTokens = input.meanRowTokens === null ? 'not measured yet' : `about ${Math.round(input.meanRowTokens)} tokens (measured)`;
  sections.push(
    [
      '# Data',
      `sample cap: ${input.sampleCap} rows`,
      `pool rows have worked solutions: ${input.poolHasSolutions ? 'yes' : 'no'}`,
      `characters per token: ${input.charactersPerToken.toFixed(2)}`,
      `model context: ${input.modelContext} tokens`,
      `mean training row: ${rowTokens}`,
    ].join('\n'),
  );
  const trainingTokens = Math.floor(input.trainingSecondsAllowed * input.tokensPerSecond);
  sections.push(
    [
      '# Hardware and budget',
      `hardware: ${cut(input.hardware, limits.textCharacters)}`,
      `time left: ${Math.round(input.remainingSeconds)} s`,
      `training may take at most ${Math.round(input.trainingSecondsAllowed)} s (the rest is validation, model loading and evaluation)`,
      `training speed: ${Math.round(input.tokensPerSecond)} tokens/s (${input.tokensPerSecondSource}), so at most ${trainingTokens} training tokens (count x min(cutoff_len, row tokens) x epochs)`,
    ].join('\n'),
  );
  if (input.best) sections.push(`# Best so far: ${input.best.experimentId}\n${describeExperiment(input.best, task)}`);
  else sections.push('# Best so far: none accepted yet');
  if (input.last) {
    const same = input.last.experimentId === input.best?.experimentId;
    const heading = `# Last experiment: ${input.last.experimentId}, ${same ? 'the best so far' : input.last.accepted ? 'accepted' : 'not accepted'}`;
    const body = same ? describeDiagnosis(input.last.diagnosis) : describeExperiment(input.last, task);
    sections.push(`${heading}\n${body}\nThe next proposal must address this diagnosis (problem "${input.last.diagnosis.problem}").`);
  }
  const others = input.attempts.filter((attempt) => attempt.experimentId !== input.best?.experimentId);
  if (others.length > 0) {
    const shown = recent === 0 ? [] : others.slice(-recent);
    const older = others.length - shown.length;
    const lines = shown.map(
      (attempt) =>
        `- ${attempt.experimentId}: ${cut(attempt.idea.split('\n')[0] ?? '', limits.ideaCharacters)} | ${task.metric} ${formatMetric(attempt.metric)} | ${attempt.accepted ? 'accepted' : 'not accepted'} | problem ${attempt.problem}`,
    );
    sections.push([`# Other attempts (${shown.length} most recent${older > 0 ? `; ${older} older not shown` : ''})`, ...lines].join('\n'));
  }
  const pending = input.pending ?? [];
  if (pending.length > 0)
    sections.push(
      `# Already chosen for this round (they run side by side with yours: propose a different experiment)\n${pending
        .map((plan) => `- ${JSON.stringify({ data: plan.data, training: plan.training })}`)
        .join('\n')}`,
    );
  const lessons = (input.lessons ?? []).slice(0, PLANNING_PROMPT_LIMITS.lessons);
  if (lessons.length > 0)
    sections.push(`# Lessons from earlier runs (validation effects; most relevant first)\n${lessons.map((line) => `- ${line}`).join('\n')}`);
  if (input.startingPoint && !input.best && !input.last) {
    sections.push(
      `# Nothing has run yet\nA sound starting point sized to the budget (the fixed recipe); you may propose it or change it:\n${JSON.stringify({ data: input.startingPoint.data, training: input.startingPoint.training })}`,
    );
  }
  return sections.join('\n\n');
}

function describeExperiment(facts: ExperimentFacts, task: TaskCard): string {
  const limits = PLANNING_PROMPT_LIMITS;
  const { hypothesis } = facts;
  const plan = {
    parentExperimentId: hypothesis.parentExperimentId,
    changes: hypothesis.changes,
    addresses: hypothesis.addresses,
    data: hypothesis.data,
    training: hypothesis.training,
    rationale: cut(hypothesis.rationale, limits.textCharacters),
    expectedEffect: cut(hypothesis.expectedEffect, limits.textCharacters),
  };
  const formatErrors = facts.formatErrorRate === null ? 'unknown' : `${(facts.formatErrorRate * 100).toFixed(0)}%`;
  return [
    `hypothesis: ${JSON.stringify(plan)}`,
    `validation ${task.metric}: ${formatMetric(facts.metric)}; format error rate: ${formatErrors}`,
    describeDiagnosis(facts.diagnosis),
  ].join('\n');
}

function describeDiagnosis(diagnosis: Diagnosis): string {
  const limits = PLANNING_PROMPT_LIMITS;
  const evidence = diagnosis.evidence.slice(0, limits.evidenceLines).map((line) => `  - ${cut(line, limits.evidenceCharacters)}`);
  return [`diagnosis: ${diagnosis.problem}${evidence.length > 0 ? '; evidence:' : ''}`, ...evidence].join('\n');
}

function formatMetric(value: number | null): string {
  return value === null ? 'none' : String(Number(value.toPrecision(4)));
}

/** Text cut to `limit` characters, saying so, so that the model does not read a cut as the end. */
function cut(text: string, limit: number): string {
  const marker = ' [...cut]';
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - marker.length))}${marker}`;
}
