import { readFileSync } from 'node:fs';
import type { BenchDojo, BudgetStatus, DojoSession, ExperimentRequest, ExperimentStatusMessage, Feedback, SessionClosed, Verdict } from '../core/index.js';
import { DOJO_SESSION_VERSION, ExperimentRequestSchema, FtdojoError, parseFeedback } from '../core/index.js';

/**
 * TEST DOUBLE: an in-memory dojo. It implements the DojoSession contract without Python, a
 * sandbox or a model: each experiment's outcome comes from a script (its validation score and
 * its verdicts against the best and the base model), and time moves only when the test says so.
 * It lets FT-Agent's stop, plateau and acceptance rules be unit-tested; the real dojo
 * (dojo/session) keeps its integration tests.
 */
export interface ScriptedOutcome {
  state?: Feedback['execution']['state'];
  score?: number;
  versusBest?: Verdict;
  versusBase?: Verdict;
  /** Seconds the experiment takes on the dojo's clock. */
  seconds?: number;
  /** Real milliseconds before awaiting it returns: experiments run side by side can end in any order. */
  endsAfterMs?: number;
}

export interface InMemoryDojo extends BenchDojo {
  /** The session opened last. */
  readonly session: DojoSession | null;
  /** Every experiment request, in order. */
  readonly requests: ExperimentRequest[];
  closed(): SessionClosed | null;
  /** Moves the dojo's clock. */
  advance(seconds: number): void;
}

const FEEDBACK_EXAMPLE = new URL('../core/fixtures/feedback-v1.example.json', import.meta.url);

function feedbackFor(experimentId: string, outcome: ScriptedOutcome, compareTo: string | null): Feedback {
  const example = parseFeedback(JSON.parse(readFileSync(FEEDBACK_EXAMPLE, 'utf8')));
  const state = outcome.state ?? 'succeeded';
  const succeeded = state === 'succeeded';
  const score = outcome.score ?? 0.5;
  const reference = (id: string | null, verdict: Verdict) => ({
    experimentId: id,
    value: null,
    difference: null,
    improvement: null,
    interval: null,
    pairedItems: 0,
    verdict,
    reason: `scripted: ${verdict}`,
  });
  const best = compareTo ? reference(compareTo, outcome.versusBest ?? 'inconclusive') : null;
  const base = reference(null, outcome.versusBase ?? 'improved');
  return {
    ...example,
    experimentId,
    execution: succeeded
      ? example.execution
      : { stage: 'train', state, exitCode: 1, error: { category: 'UNKNOWN', rootCause: ['scripted failure'], hint: 'none' } },
    evaluation: succeeded && example.evaluation ? { ...example.evaluation, primary: { ...example.evaluation.primary, value: score } } : null,
    comparison:
      succeeded && example.comparison ? { ...example.comparison, candidate: score, best, base, verdict: (best ?? base).verdict, reason: 'scripted' } : null,
  };
}

export function createInMemoryDojo(options: {
  script: (index: number, request: ExperimentRequest) => ScriptedOutcome;
  budgetSeconds?: number;
  minimumExperimentSeconds?: number;
}): InMemoryDojo {
  let session: DojoSession | null = null;
  let closed: SessionClosed | null = null;
  let clock = 0;
  const requests: ExperimentRequest[] = [];
  const feedbacks = new Map<string, Feedback>();
  const statuses = new Map<string, ExperimentStatusMessage>();
  const endsAfter = new Map<string, number>();
  const limit = options.budgetSeconds ?? 3600;
  const minimum = options.minimumExperimentSeconds ?? 180;
  const budget = (): BudgetStatus => ({
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'budget',
    wallSeconds: { limit, spent: Math.min(limit, clock), left: Math.max(0, limit - clock) },
    experiments: { started: requests.length, limit: null },
    minimumExperimentSeconds: minimum,
    exhausted: clock >= limit,
  });
  const unsupported = (what: string) => async (): Promise<never> => {
    throw new FtdojoError('UNSUPPORTED', `the in-memory dojo has no ${what}`);
  };
  const known = (id: string) => {
    const status = statuses.get(id);
    if (!status) throw new FtdojoError('UNKNOWN_EXPERIMENT', `no experiment ${id}`);
    return status;
  };

  const open = async (): Promise<DojoSession> => {
    const opened: DojoSession = {
      sessionId: 'in-memory',
      info: unsupported('info'),
      taskCard: unsupported('task card'),
      datasetCard: unsupported('dataset card'),
      readPool: unsupported('pool'),
      hardware: unsupported('hardware'),
      project: unsupported('projection'),
      validate: unsupported('validation'),
      budget: async () => budget(),
      async startExperiment(request) {
        if (closed) throw new FtdojoError('SESSION_CLOSED', 'closed');
        if (limit - clock < minimum) throw new FtdojoError('BUDGET_EXHAUSTED', `${limit - clock} s left`);
        const parsed = ExperimentRequestSchema.parse(request);
        const id = parsed.experimentId ?? `exp-${requests.length + 1}`;
        const outcome = options.script(requests.length, request);
        requests.push(request);
        if (outcome.endsAfterMs) endsAfter.set(id, outcome.endsAfterMs);
        clock += outcome.seconds ?? 60;
        const feedback = feedbackFor(id, outcome, parsed.compareTo);
        feedbacks.set(id, feedback);
        const state = feedback.execution.state === 'interrupted' ? 'cancelled' : feedback.execution.state;
        statuses.set(id, {
          schemaVersion: DOJO_SESSION_VERSION,
          kind: 'experiment-status',
          experimentId: id,
          parentExperimentId: parsed.parentExperimentId,
          state,
          phase: feedback.execution.stage,
          seconds: outcome.seconds ?? 60,
          tiers: [],
          train: null,
          evaluate: null,
          primaryMetric: feedback.evaluation?.primary.value ?? null,
          feedbackReady: true,
        });
        return known(id);
      },
      status: async (id) => known(id),
      async awaitExperiment(id, awaitOptions) {
        const status = known(id);
        await new Promise((resolve) => setTimeout(resolve, endsAfter.get(id) ?? 0));
        awaitOptions?.onStatus?.(status);
        return status;
      },
      async feedback(id) {
        known(id);
        return { schemaVersion: DOJO_SESSION_VERSION, kind: 'feedback', experimentId: id, feedback: feedbacks.get(id)! };
      },
      cancel: async (id) => known(id),
      async finish(request) {
        closed = {
          schemaVersion: DOJO_SESSION_VERSION,
          kind: 'closed',
          sessionId: 'in-memory',
          chosenExperimentId: request.experimentId,
          reason: request.reason ?? '',
          experiments: [...statuses.values()].map((status) => ({
            experimentId: status.experimentId,
            state: status.state,
            primaryMetric: status.primaryMetric,
          })),
          budget: budget(),
        };
        return closed;
      },
    };
    session = opened;
    return opened;
  };

  return {
    open,
    get session() {
      return session;
    },
    requests,
    closed: () => closed,
    advance(seconds) {
      clock += seconds;
    },
  };
}
