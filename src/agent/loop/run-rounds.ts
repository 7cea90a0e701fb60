import type { Feedback, Hypothesis } from '../../core/index.js';
import { FtdojoError, planKey } from '../../core/index.js';
import type { AgentEvent, AgentOutcome, RunAgentOptions } from './loop-types.js';
import { experimentIdOf } from './loop-types.js';
import type { RunRecorder } from './recorder.js';
import type { Decision } from './steps/decide.js';
import { decideRound } from './steps/decide.js';
import { recordOutcome } from './steps/record-outcome.js';
import { experimentStep } from './steps/experiment.js';
import { firstStop } from './stop-conditions.js';
import { loopControls } from './loop-controls.js';

interface Member {
  iteration: number;
  experimentId: string;
  hypothesis: Hypothesis;
  proposeSeconds: number;
}

interface MemberOutcome {
  member: Member;
  recorder: RunRecorder;
  flush(): void;
  /** Null when it was cancelled (Ctrl-C) or the budget refused it before it ran. */
  feedback: Feedback | null;
  refused: string | null;
}

/**
 * FT-Agent in parallel rounds (--parallel N): each round the planner proposes up to N different
 * hypotheses (each its own parent), they are implemented and run side by side in the session,
 * and once all have ended they are decided by rule (decideRound) and recorded in iteration order,
 * each experiment's events together (bufferedRunRecorder): the log reads as if they had run one
 * after another, so resume and replay are exact whichever finished first. A round cut short by
 * Ctrl-C keeps the experiments that finished before the first one cut short; resume redoes the rest.
 */
export async function runAgentInRounds(options: RunAgentOptions): Promise<AgentOutcome> {
  const { session, state } = options;
  const parallel = Math.max(1, options.parallel ?? 1);
  const { emit, finish, stopFor } = loopControls(options);
  const taken = new Set<string>();
  const known = async (id: string) =>
    session.status(id).then(
      () => true,
      (error: unknown) => {
        if (error instanceof FtdojoError && error.code === 'UNKNOWN_EXPERIMENT') return false;
        throw error;
      },
    );
  // An experiment id no earlier process left behind (a round cut short before it was recorded).
  const freeId = async (iteration: number) => {
    for (let attempt = state.attempt; ; attempt += 1) {
      const id = experimentIdOf(iteration, attempt);
      if (!taken.has(id) && !(await known(id))) return (taken.add(id), id);
    }
  };

  for (;;) {
    const budget = await session.budget();
    const stop = stopFor(budget);
    if (stop) return finish(stop);
    const best = state.attempts.find((attempt) => attempt.experimentId === state.bestId) ?? null;
    const round: Member[] = [];
    for (let slot = 0; slot < parallel; slot += 1) {
      // A round holds no more experiments than the stop conditions still allow (--max-iterations).
      if (slot > 0 && firstStop(options.stops, { iteration: state.iteration + slot, sinceImprovement: state.sinceImprovement, budget })) break;
      const iteration = state.iteration + 1 + slot;
      emit({ kind: 'iteration', iteration, attempt: state.attempt, remainingSeconds: budget.wallSeconds.left });
      const started = Date.now();
      const hypothesis = await options.planner.propose({
        attempts: state.attempts,
        best,
        remainingSeconds: budget.wallSeconds.left,
        pending: round.map((member) => member.hypothesis),
        onProgress: (progress) => emit({ kind: 'planning', iteration, progress }),
      });
      // A planner out of ideas, or one that repeats a plan of this round, ends the round's planning.
      if (!hypothesis || round.some((member) => planKey(member.hypothesis) === planKey(hypothesis))) break;
      round.push({ iteration, experimentId: await freeId(iteration), hypothesis, proposeSeconds: (Date.now() - started) / 1000 });
    }
    if (round.length === 0) return finish({ state: 'completed', reason: 'the planner has no untried idea left' });
    const late = stopFor(await session.budget());
    if (late) return finish(late);

    const outcomes = await Promise.all(round.map((member) => runMember(options, member, budget.wallSeconds.left, emit)));
    const cut = outcomes.findIndex((outcome) => outcome.feedback === null);
    const finished = outcomes.slice(0, cut < 0 ? outcomes.length : cut) as (MemberOutcome & { feedback: Feedback })[];
    const decisions = decideRound(
      finished.map((outcome) => ({ experimentId: outcome.member.experimentId, feedback: outcome.feedback })),
      state.bestId,
    );
    finished.forEach((outcome, index) => record(options, outcome, decisions[index]!, emit));
    if (cut >= 0) {
      const first = outcomes[cut]!;
      if (first.refused !== null) return finish({ state: 'completed', reason: `budget: ${first.refused}` });
      // The first experiment cut short stays in the log as interrupted: resume redoes it.
      first.recorder.experimentEnded(first.member.experimentId, 'interrupted');
      first.flush();
      return finish({ state: 'stopped', reason: 'stopped by the user' });
    }
  }
}

/** One member of a round: implemented, then run in the session, its events kept by its own recorder. */
async function runMember(options: RunAgentOptions, member: Member, remainingSeconds: number, emit: (event: AgentEvent) => void): Promise<MemberOutcome> {
  const { recorder, flush } = options.recorder.fork();
  const { iteration, experimentId, hypothesis } = member;
  recorder.iterationStarted(iteration, hypothesis.parentExperimentId, hypothesis, member.proposeSeconds);
  emit({ kind: 'hypothesis', iteration, hypothesis });
  try {
    const { files, record } = await recorder.stage('implement', experimentId, () =>
      options.implementer.implement({ hypothesis, experimentId, remainingSeconds, signal: options.signal }),
    );
    await recorder.implementation(record);
    const result = await experimentStep(options.session, {
      experimentId,
      files,
      parentExperimentId: hypothesis.parentExperimentId,
      compareTo: options.state.bestId,
      signal: options.signal,
      onStatus: (status) => {
        recorder.experimentStatus(status);
        emit({ kind: 'status', iteration, status });
      },
    });
    return { member, recorder, flush, feedback: options.signal?.aborted ? null : result.feedback, refused: null };
  } catch (error) {
    if (error instanceof FtdojoError && (error.code === 'BUDGET_EXHAUSTED' || error.code === 'BUSY'))
      return { member, recorder, flush, feedback: null, refused: error.message };
    throw error;
  }
}

/** A finished member into the log (its buffered events, then its end, feedback and decision) and into the loop's state. */
function record(options: RunAgentOptions, outcome: MemberOutcome & { feedback: Feedback }, decision: Decision, emit: (event: AgentEvent) => void) {
  const { feedback, member } = outcome;
  recordOutcome(outcome.recorder, options.state, { ...member, feedback, decision });
  outcome.flush();
  emit({ kind: 'decision', iteration: member.iteration, experimentId: member.experimentId, accepted: decision.accepted, reason: decision.reason, feedback });
}
