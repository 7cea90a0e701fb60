import { z } from 'zod';
import type { Feedback, Hypothesis } from '../../core/index.js';
import { HYPOTHESIS_VERSION, HypothesisSchema, TrainingChangesSchema, planKey } from '../../core/index.js';
import type { CallTimePolicy, ChatMessage, ChatModel, ChatProgress, ChatUsage } from '../../llm/index.js';
import { addChatUsage, callDeadline, checkCallTimePolicy, completeStructured, DEFAULT_CALL_TIME_POLICY, isChatModelError, NO_USAGE } from '../../llm/index.js';
import type { PlanInput, Planner } from '../loop/planner.js';
import { planningContextFor } from '../loop/planner.js';
import type { Attempt, PlanningContext } from './heuristic-planner.js';
import { initialHypothesis, trainingAllowance } from './heuristic-planner.js';
import type { AttemptSummary, ExperimentFacts, TaskCard } from './planning-prompt.js';
import { buildPlanningMessages, PLANNING_PROMPT_LIMITS } from './planning-prompt.js';

/** The planning facts the heuristic planner has, plus what only a reader of prose needs. */
export interface LlmPlanningContext extends Omit<PlanningContext, 'remainingSeconds'> {
  task: TaskCard;
  /** The accelerator, in words; "not stated" when absent. */
  hardware?: string | undefined;
  /** Whether tokensPerSecond was measured on this machine or is a guess (default 'assumed'). */
  tokensPerSecondSource?: 'measured' | 'assumed' | undefined;
  /** Lessons from earlier runs, one line each, most relevant first. */
  lessons?: readonly string[] | undefined;
}

/** One propose() call, for the run log. */
export interface LlmPlannerCall {
  /** The chat model's name. */
  model: string;
  outcome: 'proposed' | 'stopped' | 'fell-back';
  /** Every reply's usage, repairs and re-asks included. */
  usage: ChatUsage;
  /** Replies the model gave, repairs and re-asks included. */
  attempts: number;
  /** What was wrong with the replies that were not used, in order: bad JSON, over budget, repeated. */
  problems: string[];
  /** Why the fallback planner's hypothesis was used instead; null when it was not. */
  fellBack: string | null;
  /** The model's reason to stop, when it stopped. */
  stopReason: string | null;
  seconds: number;
}

export interface LlmPlannerOptions {
  model: ChatModel;
  context: LlmPlanningContext;
  /** An experiment's feedback document, to show the best's and the last's facts; null when there is none. */
  readFeedback(experimentId: string): Feedback | null;
  /** Used for this iteration when the model cannot give a usable proposal (the heuristic planner). */
  fallback: Planner;
  onCall?: ((record: LlmPlannerCall) => void) | undefined;
  /** Re-asks after proposals that do not fit the budget, before falling back (default 2). */
  maxBudgetRejections?: number | undefined;
  /** Re-asks for a reply that is not valid JSON for the schema (completeStructured's maxRepairs; default 2). */
  maxRepairs?: number | undefined;
  temperature?: number | undefined;
  /** How long a planning step may take: a share of the run's time left, capped (default: DEFAULT_CALL_TIME_POLICY). */
  callTime?: CallTimePolicy | undefined;
}

// The planner fills schemaVersion and proposer; cutoff_len and epochs are required so that the
// time check has numbers to check rather than defaults to guess.
const trainingShape = TrainingChangesSchema.shape;
const ProposalSchema = HypothesisSchema.omit({ schemaVersion: true, proposer: true, parentExperimentId: true }).extend({
  parentExperimentId: z.string().nullable().optional(),
  training: TrainingChangesSchema.extend({ cutoff_len: trainingShape.cutoff_len.unwrap(), num_train_epochs: trainingShape.num_train_epochs.unwrap() }),
  stop: z.literal(false).optional(),
});
const StopSchema = z.object({ stop: z.literal(true), reason: z.string().min(1) });
/** What the model answers: a proposal or a stop, told apart by `stop` so that repair messages name the right fields. */
export const PlannerAnswerSchema = z.discriminatedUnion('stop', [StopSchema, ProposalSchema]);
export type PlannerAnswer = z.infer<typeof PlannerAnswerSchema>;

/** Chat failures that are the model's or the provider's (too slow included): this iteration uses the fallback. Others (a wrong key, URL or model) are the user's to fix. */
const FALL_BACK_REASONS = new Set(['refused', 'invalid-output', 'unavailable', 'deadline']);

/**
 * A Planner that asks a chat model for the next hypothesis, from a bounded prompt (planning-prompt.ts).
 * Each proposal is checked before it runs (sample cap, context, training time, already tried) and
 * the model is re-asked with the reason; an LLM fault never ends the run: the fallback planner
 * proposes for this iteration instead. A fault the user must fix (a refused key, a wrong URL or
 * model) is thrown. `{stop: true}` proposes nothing (null), which ends the run.
 * The whole step (every call, re-ask and repair) has one deadline, a share of the run's time left
 * (callTime): a model too slow to answer in it costs that much, and the fallback plans instead.
 */
export function createLlmPlanner(options: LlmPlannerOptions): Planner {
  const { model, context } = options;
  const maxBudgetRejections = options.maxBudgetRejections ?? 2;
  const callTime = checkCallTimePolicy(options.callTime ?? DEFAULT_CALL_TIME_POLICY);
  // Feedback documents never change once written: each is read once.
  const feedbackCache = new Map<string, Feedback>();
  const feedbackOf = (experimentId: string): Feedback | null => {
    const cached = feedbackCache.get(experimentId);
    if (cached) return cached;
    const read = options.readFeedback(experimentId);
    if (read) feedbackCache.set(experimentId, read);
    return read;
  };

  return {
    name: `llm:${model.name}`,
    async propose(input) {
      const started = Date.now();
      const deadline = callDeadline(input.remainingSeconds, callTime, started);
      const limitSeconds = (deadline - started) / 1000;
      const onProgress = (progress: ChatProgress) =>
        input.onProgress?.({ tokens: progress.tokens, elapsedSeconds: (Date.now() - started) / 1000, limitSeconds });
      const record: Omit<LlmPlannerCall, 'outcome' | 'fellBack' | 'stopReason' | 'seconds'> = { model: model.name, usage: NO_USAGE, attempts: 0, problems: [] };
      const report = (outcome: LlmPlannerCall['outcome'], fellBack: string | null, stopReason: string | null) =>
        options.onCall?.({ ...record, outcome, fellBack, stopReason, seconds: (Date.now() - started) / 1000 });
      // The time left shared among the experiments still to fit, at the last measured speed.
      const planning = planningContextFor(context, input);
      const measured = planning.tokensPerSecond !== context.tokensPerSecond;
      const latest = input.best ?? input.attempts.at(-1);
      const meanRowTokens = observedRowTokens(input.attempts, latest?.hypothesis.data.response ?? null, feedbackOf);
      let messages: ChatMessage[] = buildPlanningMessages({
        task: context.task,
        sampleCap: context.sampleCap,
        poolHasSolutions: context.poolHasSolutions,
        charactersPerToken: context.charactersPerToken,
        modelContext: context.modelContext,
        meanRowTokens,
        hardware: context.hardware ?? 'not stated',
        remainingSeconds: input.remainingSeconds,
        trainingSecondsAllowed: trainingAllowance(planning),
        tokensPerSecond: planning.tokensPerSecond,
        tokensPerSecondSource: measured ? 'measured' : (context.tokensPerSecondSource ?? 'assumed'),
        best: input.best ? factsOf(input.best, feedbackOf) : null,
        last: input.attempts.length > 0 ? factsOf(input.attempts.at(-1)!, feedbackOf) : null,
        attempts: summariesOf(input.attempts, feedbackOf),
        startingPoint: input.attempts.length === 0 ? initialHypothesis(planning) : null,
        lessons: context.lessons,
        pending: input.pending,
      });
      const tried = new Set([...input.attempts.map((attempt) => planKey(attempt.hypothesis)), ...(input.pending ?? []).map(planKey)]);
      let budgetRejections = 0;
      let repeatAsked = false;
      let fellBack: string;
      try {
        for (;;) {
          const result = await completeStructured(model, { messages, temperature: options.temperature, deadline, onProgress }, PlannerAnswerSchema, {
            schemaName: 'hypothesis',
            maxRepairs: options.maxRepairs,
          });
          record.usage = addChatUsage(record.usage, result.usage);
          record.attempts += result.attempts;
          record.problems.push(...result.problems.map((problem) => problem.message));
          const answer = result.value;
          if (answer.stop === true) {
            report('stopped', null, answer.reason);
            return null;
          }
          const hypothesis = toHypothesis(answer, input, model.name);
          const parentRows = input.attempts.find((attempt) => attempt.experimentId === hypothesis.parentExperimentId)?.hypothesis.data.count ?? null;
          const sizing = { ...planning, meanRowTokens: observedRowTokens(input.attempts, hypothesis.data.response, feedbackOf), parentRows };
          const overBudget = budgetProblems(hypothesis, sizing);
          const repeated = overBudget.length === 0 && tried.has(planKey(hypothesis));
          if (overBudget.length === 0 && !repeated) {
            report('proposed', null, null);
            return hypothesis;
          }
          if (overBudget.length > 0 && budgetRejections >= maxBudgetRejections) {
            fellBack = `the proposal did not fit the budget after ${budgetRejections} re-asks: ${overBudget.join('; ')}`;
            break;
          }
          if (repeated && repeatAsked) {
            fellBack = 'the model proposed an experiment already tried, twice';
            break;
          }
          if (repeated) repeatAsked = true;
          else budgetRejections += 1;
          const reask = repeated
            ? 'That proposal has the same data and training as an experiment already tried: it was already tried. Propose something different (one JSON object), or stop.'
            : `That proposal was rejected before it ran, because it does not fit:\n${overBudget.map((line) => `- ${line}`).join('\n')}\nPropose again within these limits (one JSON object).`;
          record.problems.push(repeated ? 'already tried: the same data and training as an earlier experiment' : `over the budget: ${overBudget.join('; ')}`);
          messages = [...messages, { role: 'assistant', content: JSON.stringify(answer) }, { role: 'user', content: reask }];
        }
      } catch (error) {
        if (!isChatModelError(error) || !FALL_BACK_REASONS.has(error.reason)) throw error;
        record.usage = addChatUsage(record.usage, error.usage);
        record.attempts += error.problems.length + (error.reason === 'refused' || error.reason === 'deadline' ? 1 : 0);
        record.problems.push(...error.problems.map((problem) => problem.message));
        fellBack = `${error.reason}: ${error.message}`;
      }
      report('fell-back', fellBack, null);
      return options.fallback.propose(input);
    },
  };
}

/** Sizing facts for the time check: the planning context, the seconds left, and the measured row length. */
export interface ProposalSizing extends Omit<PlanningContext, 'remainingSeconds'> {
  remainingSeconds: number;
  meanRowTokens: number | null;
  /** Rows the proposal's parent trained, when the run knows it: "more data" must mean more than these. */
  parentRows?: number | null | undefined;
}

/**
 * Why a hypothesis cannot run as proposed, with the numbers; empty when it fits. The allowance is
 * the heuristic planner's (trainingAllowance), and training time follows its sizing: rows x tokens per row x epochs at the measured speed, where
 * a row is at most cutoff_len tokens (longer ones are cut) and, before any is measured, 60% of it.
 * A proposal that answers too-little-data with no more rows than its parent contradicts itself:
 * a model told how many rows fit may shrink its "more data" plan to them, as the heuristic
 * planner's cut to the budget once did; when more rows than the parent's do not fit, the re-ask
 * says so, so that the model changes something else.
 */
export function budgetProblems(hypothesis: Hypothesis, sizing: ProposalSizing): string[] {
  const problems: string[] = [];
  const { data, training } = hypothesis;
  if (data.count > sizing.sampleCap) problems.push(`data.count ${data.count} is over the sample cap of ${sizing.sampleCap} rows`);
  const cutoff = training.cutoff_len ?? 2048;
  if (cutoff > sizing.modelContext) problems.push(`cutoff_len ${cutoff} is over the model's context of ${sizing.modelContext} tokens`);
  const epochs = training.num_train_epochs ?? 3;
  const limitByCharacters = data.maxCharacters === null ? Infinity : data.maxCharacters / sizing.charactersPerToken;
  const rowTokens = Math.max(1, Math.min(cutoff, sizing.meanRowTokens ?? sizing.poolRowTokens ?? cutoff * 0.6, limitByCharacters));
  const rows = Math.min(data.count, sizing.sampleCap);
  const seconds = (rows * rowTokens * epochs) / sizing.tokensPerSecond;
  const allowed = trainingAllowance(sizing);
  const parentRows = sizing.parentRows ?? null;
  if (seconds > allowed) {
    const fits = Math.floor((allowed * sizing.tokensPerSecond) / (rowTokens * epochs));
    const noMoreData =
      parentRows !== null && fits <= parentRows
        ? `, no more than the parent's ${parentRows}: more data does not fit the time left, so change something else`
        : '';
    problems.push(
      `estimated training time ${Math.round(seconds)} s (${rows} rows x ${Math.round(rowTokens)} tokens x ${epochs} epochs at ${Math.round(sizing.tokensPerSecond)} tokens/s) is over the ${Math.round(allowed)} s allowed (half of ${Math.round(sizing.remainingSeconds / Math.max(1, sizing.experimentsToFit ?? 3))} s, this experiment's share of the ${Math.round(sizing.remainingSeconds)} s left); at these settings about ${fits} rows fit${noMoreData}`,
    );
  }
  if (hypothesis.addresses === 'too-little-data' && parentRows !== null && data.count <= parentRows) {
    problems.push(
      `it addresses too-little-data with ${data.count} rows, no more than the parent's ${parentRows}: propose more rows than that, or another change`,
    );
  }
  return problems;
}

function toHypothesis(answer: Extract<PlannerAnswer, { changes: unknown }>, input: PlanInput, proposer: string): Hypothesis {
  const { stop: _stop, parentExperimentId, ...fields } = answer;
  // A parent the run does not know would point the lineage nowhere: the best is the safe default.
  const known = parentExperimentId && input.attempts.some((attempt) => attempt.experimentId === parentExperimentId);
  return { schemaVersion: HYPOTHESIS_VERSION, ...fields, parentExperimentId: known ? parentExperimentId : (input.best?.experimentId ?? null), proposer };
}

function factsOf(attempt: Attempt, feedbackOf: (experimentId: string) => Feedback | null): ExperimentFacts {
  const evaluation = feedbackOf(attempt.experimentId)?.evaluation ?? null;
  return {
    experimentId: attempt.experimentId,
    hypothesis: attempt.hypothesis,
    accepted: attempt.accepted,
    metric: evaluation?.primary.value ?? null,
    formatErrorRate: evaluation?.formatErrorRate ?? null,
    diagnosis: attempt.diagnosis,
  };
}

/** Every attempt in a line; feedback is read only for those the prompt can show. */
function summariesOf(attempts: readonly Attempt[], feedbackOf: (experimentId: string) => Feedback | null): AttemptSummary[] {
  const firstShown = attempts.length - PLANNING_PROMPT_LIMITS.recentAttempts - 1;
  return attempts.map((attempt, index) => ({
    experimentId: attempt.experimentId,
    idea: attempt.hypothesis.rationale,
    metric: index >= firstShown ? (feedbackOf(attempt.experimentId)?.evaluation?.primary.value ?? null) : null,
    accepted: attempt.accepted,
    problem: attempt.diagnosis.problem,
  }));
}

/**
 * Mean tokens per row of the newest experiment whose data script ran, looking back a few; with
 * `response` set, only among those that wrote the same kind of response (worked solutions make
 * rows several times longer than answers alone).
 */
function observedRowTokens(
  attempts: readonly Attempt[],
  response: Hypothesis['data']['response'] | null,
  feedbackOf: (experimentId: string) => Feedback | null,
): number | null {
  for (const attempt of attempts.slice(-PLANNING_PROMPT_LIMITS.recentAttempts).reverse()) {
    if (response !== null && attempt.hypothesis.data.response !== response) continue;
    const mean = feedbackOf(attempt.experimentId)?.data?.tokens?.mean;
    if (mean !== undefined && mean > 0) return mean;
  }
  return null;
}
