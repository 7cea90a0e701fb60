import type { DataStrategy, Hypothesis, Lesson, TrainingChanges } from '../../core/index.js';
import { HYPOTHESIS_VERSION } from '../../core/index.js';
import type { Diagnosis } from './diagnose.js';
import { rankedByLessons } from './lesson-ranking.js';
import { MOVES } from './moves.js';
import type { PlanningContext } from './plan-sizing.js';
import { fitToBudget, MINIMUM_ROWS, rowTokens, trainingAllowance } from './plan-sizing.js';

// The sizing rules live in plan-sizing.ts; the planner's callers import them from here too.
export { estimatedTrainingSeconds, fitToBudget, TRAINING_SHARE, trainingAllowance, type PlanningContext } from './plan-sizing.js';

/** One earlier experiment as the planner sees it: its plan, what was wrong, and whether it won. */
export interface Attempt {
  experimentId: string;
  hypothesis: Hypothesis;
  diagnosis: Diagnosis;
  accepted: boolean;
  /** Training tokens per second it measured, when it trained. */
  tokensPerSecond?: number | null;
}

/** The sound starting point: the fixed-recipe settings (src/bench/baseline), sized to the budget. */
export function initialHypothesis(context: PlanningContext): Hypothesis {
  const cutoff = Math.min(512, context.modelContext);
  // Leave room for the experiments still to fit (three at the start).
  const affordableRows = Math.floor((trainingAllowance(context) * context.tokensPerSecond) / rowTokens(cutoff, context));
  const data: DataStrategy = {
    count: Math.max(MINIMUM_ROWS, Math.min(context.sampleCap, affordableRows)),
    seed: context.seed ?? 0,
    response: context.poolHasSolutions ? 'solution-then-target' : 'target',
    maxCharacters: Math.floor(cutoff * context.charactersPerToken * 0.9),
    balance: 'none',
    subtasks: [],
    dedupe: true,
    synthesizeRows: 0,
  };
  const training: TrainingChanges = {
    learning_rate: 2e-4,
    num_train_epochs: 1,
    lora_rank: 8,
    lora_alpha: 16,
    cutoff_len: cutoff,
    per_device_train_batch_size: 4,
    gradient_accumulation_steps: 2,
    lr_scheduler_type: 'cosine',
    warmup_ratio: 0.1,
  };
  return {
    schemaVersion: HYPOTHESIS_VERSION,
    parentExperimentId: null,
    changes: 'both',
    addresses: 'none',
    data,
    training,
    rationale: 'the fixed recipe as a first point: pool rows in the task format, LoRA r8, lr 2e-4, sized to the budget',
    expectedEffect: 'the answer format is learned; a first validation score to improve on',
    proposer: 'heuristic',
  };
}

/** An idea is given up after this many tries that were not accepted. */
export const MAX_FAILED_TRIES = 2;

/**
 * The next hypothesis without an LLM: start from the parent (the best so far, else the last
 * attempt), take the first move for the last attempt's diagnosed problem that applies and has
 * not failed MAX_FAILED_TRIES times, else fall back to the `none` moves. Each move's plan is cut
 * to the budget (fitToBudget) before anything else is judged: a move whose premise the cut
 * undoes (more rows than the parent, when the time left holds fewer) is passed over, and the
 * plan chosen instead says so in its rationale; a fitted plan already tried is passed over too.
 * Lessons from earlier runs (most relevant first) order the moves: one that improved goes first.
 * Null when nothing is left to try: the search has run out of ideas and the run may stop.
 */
export function nextHypothesis(
  parent: Attempt,
  last: Attempt,
  history: readonly Attempt[],
  context: PlanningContext,
  lessons: readonly Lesson[] = [],
): Hypothesis | null {
  const failures = new Map<string, number>();
  for (const attempt of history) {
    const idea = ideaOf(attempt.hypothesis);
    if (idea && !attempt.accepted) failures.set(idea, (failures.get(idea) ?? 0) + 1);
  }
  const planKey = (plan: Pick<Hypothesis, 'data' | 'training'>) => JSON.stringify([plan.data, plan.training]);
  const tried = new Set(history.map((attempt) => planKey(attempt.hypothesis)));
  const problem = last.diagnosis.problem;
  // Within the problem's own moves and the generic ones, earlier runs' lessons set the order.
  const candidates = [...rankedByLessons(MOVES[problem], lessons), ...(problem === 'none' ? [] : rankedByLessons(MOVES.none, lessons))];
  const passedOver: string[] = [];
  const passedIdeas = new Set<string>();
  for (const move of candidates) {
    if ((failures.get(move.idea) ?? 0) >= MAX_FAILED_TRIES || passedIdeas.has(move.idea)) continue;
    const base = problem === 'failed-run' || problem === 'over-budget' ? last.hypothesis : parent.hypothesis;
    const applied = move.apply(base.data, base.training, context);
    if (!applied) continue;
    const specific = candidates.indexOf(move) < MOVES[problem].length;
    // A generic move after the problem's own are used up says so, rather than "nothing is wrong".
    const ownPassedOver = MOVES[problem].some((own) => passedIdeas.has(own.idea));
    const usedUp = specific || problem === 'none' ? '' : `the moves for ${problem} are used up${ownPassedOver ? ' or do not fit the time left' : ''}; `;
    const evidence = last.diagnosis.evidence.length ? ` (evidence: ${last.diagnosis.evidence[0]})` : '';
    const fitted = fitToBudget(
      {
        schemaVersion: HYPOTHESIS_VERSION,
        parentExperimentId: base === parent.hypothesis ? parent.experimentId : last.experimentId,
        changes: move.changes,
        addresses: specific ? problem : 'none',
        data: applied.data,
        training: applied.training,
        rationale: `${usedUp}${move.rationale} [${move.idea}]${evidence}${passedOver.length ? `; passed over: ${passedOver.join('; ')}` : ''}`,
        expectedEffect: move.expectedEffect,
        proposer: 'heuristic',
      },
      context,
    );
    const broken = move.premise?.(base, fitted, context) ?? null;
    if (broken !== null) {
      passedOver.push(`${move.idea}, since ${broken}`);
      passedIdeas.add(move.idea);
      continue;
    }
    if (tried.has(planKey(fitted))) continue;
    return fitted;
  }
  return null;
}

/** The idea a heuristic hypothesis tried, from its rationale's [tag]. */
export function ideaOf(hypothesis: Hypothesis): string | null {
  return /\[([a-z-]+)\]/.exec(hypothesis.rationale)?.[1] ?? null;
}
