import {
  FtdojoError,
  type ExperimentStatus,
  type IterationStatus,
  type RunStatus,
  type JsonValue,
  type ProfileName,
  type RunAgent,
  type RunBudget,
  type RunEvent,
  type RunEventOf,
  type RunStage,
  type StageOutcome,
  type Verdict,
} from '../core/index.js';

/**
 * A run's state, replayed from its events: a pure reduction, no I/O. `resume` redoes
 * `pendingIteration`; `ftdojo runs`, the index and the dashboard read the rest.
 *
 * The log's structure (first event run-started, one run id, seq without gaps) is checked and a
 * break is an error. Events that do not fit the story (a stage outside any iteration, an
 * iteration finished twice) are kept as far as they make sense and listed in `anomalies`: a bug
 * in a writer must not make a run unreadable.
 */
export type { ExperimentStatus, RunStatus } from '../core/index.js';

export interface StageRecord {
  stage: RunStage;
  experimentId: string | null;
  /** Null when the log holds the stage's end without its start. */
  startedAt: string | null;
  finishedAt: string | null;
  outcome: StageOutcome | null;
  seconds: number | null;
}

export interface IterationRecord {
  iteration: number;
  parentExperimentId: string | null;
  /** open: started, not finished (what resume redoes); abandoned: another iteration started instead. */
  status: IterationStatus;
  /** 1, plus one for each time it was started again after a crash or a stop. */
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  hypothesis: Record<string, JsonValue> | null;
  summary: string | null;
  experimentIds: string[];
  stages: StageRecord[];
  decision: { experimentId: string; accepted: boolean; bestExperimentId: string | null; reason: string } | null;
}

export interface ExperimentRecord {
  experimentId: string;
  /** The iteration it ran in; null when the log names it outside any. */
  iteration: number | null;
  /** running until its experiment-finished; interrupted when the run stopped or died before it. */
  state: ExperimentStatus;
  primaryMetric: number | null;
  verdict: Verdict | null;
  feedbackPath: string | null;
  accepted: boolean | null;
  test: { metric: string; value: number | null; interval: RunEventOf<'test-scored'>['interval'] } | null;
}

export interface RunState {
  runId: string;
  task: string;
  /** The task file a task of one's own came from; null for a catalogue task. */
  taskFile: string | null;
  profile: ProfileName;
  budget: RunBudget;
  agent: RunAgent;
  seed: number;
  /** The ftdojo that started the run, or resumed it last. */
  ftdojoVersion: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  finishReason: string | null;
  /** The time of the last event. */
  updatedAt: string;
  /** Every iteration in the order started; an attempt that was redone is replaced by the redo. */
  iterations: IterationRecord[];
  /** By id, in the order first named. */
  experiments: Map<string, ExperimentRecord>;
  bestExperimentId: string | null;
  lastSeq: number;
  completedIterations: number;
  /** The iteration started and not finished: what resume must redo. */
  pendingIteration: IterationRecord | null;
  resumes: number;
  /**
   * Seconds from the event before each test-scored to it, summed; null before any. The log has no
   * stage for the held-out split: the bench scores the chosen experiment (and the base model, when
   * it has no cached score) after the agent's last event and before it hands the score back, so
   * this gap is that work (and the agent's wrap-up, which is brief).
   */
  heldOutSeconds: number | null;
  notes: { at: string; text: string }[];
  anomalies: string[];
}

export interface ReplayOptions {
  /**
   * Whether a process is writing the log now. A run without a run-finished is `running` while
   * its writer lives and `interrupted` once it is gone (a crash, `kill -9`).
   */
  live?: boolean;
}

function broken(runId: string, seq: number, problem: string): FtdojoError {
  return new FtdojoError('CORRUPT_DATA', `run ${runId}, event ${seq}: ${problem}`, {
    hint: 'the run log is damaged: restore it from a backup, or move the run folder aside',
    fault: 'environment',
  });
}

function interruptRunning(state: RunState): void {
  for (const experiment of state.experiments.values()) if (experiment.state === 'running') experiment.state = 'interrupted';
}

function experimentOf(state: RunState, experimentId: string): ExperimentRecord {
  let experiment = state.experiments.get(experimentId);
  if (experiment === undefined) {
    const iteration = state.pendingIteration;
    experiment = {
      experimentId,
      iteration: iteration?.iteration ?? null,
      state: 'running',
      primaryMetric: null,
      verdict: null,
      feedbackPath: null,
      accepted: null,
      test: null,
    };
    state.experiments.set(experimentId, experiment);
    iteration?.experimentIds.push(experimentId);
  }
  return experiment;
}

/** The open iteration, or null with an anomaly noted for an event that needs one. */
function openIteration(state: RunState, event: RunEvent): IterationRecord | null {
  if (state.pendingIteration === null) state.anomalies.push(`event ${event.seq} (${event.type}) outside any iteration`);
  return state.pendingIteration;
}

function startIteration(state: RunState, event: RunEventOf<'iteration-started'>): void {
  const previous = state.pendingIteration;
  const redo = previous !== null && previous.iteration === event.iteration;
  if (previous !== null && !redo) {
    previous.status = 'abandoned';
    state.anomalies.push(`iteration ${previous.iteration} was left unfinished when iteration ${event.iteration} started (event ${event.seq})`);
  }
  if (redo) {
    for (const id of previous.experimentIds) {
      const experiment = state.experiments.get(id);
      if (experiment?.state === 'running') experiment.state = 'interrupted';
    }
  } else if (state.iterations.some((iteration) => iteration.iteration === event.iteration)) {
    state.anomalies.push(`iteration ${event.iteration} started again after it ended (event ${event.seq})`);
  }
  const record: IterationRecord = {
    iteration: event.iteration,
    parentExperimentId: event.parentExperimentId,
    status: 'open',
    attempt: redo ? previous.attempt + 1 : 1,
    startedAt: event.at,
    finishedAt: null,
    hypothesis: null,
    summary: null,
    experimentIds: [],
    stages: [],
    decision: null,
  };
  if (redo) state.iterations[state.iterations.indexOf(previous)] = record;
  else state.iterations.push(record);
  state.pendingIteration = record;
}

function finishStage(state: RunState, event: RunEventOf<'stage-finished'>): void {
  const iteration = openIteration(state, event);
  if (event.experimentId !== null) experimentOf(state, event.experimentId);
  if (iteration === null) return;
  const started = iteration.stages.findLast((stage) => stage.stage === event.stage && stage.experimentId === event.experimentId && stage.finishedAt === null);
  const stage = started ?? { stage: event.stage, experimentId: event.experimentId, startedAt: null, finishedAt: null, outcome: null, seconds: null };
  if (started === undefined) {
    state.anomalies.push(`stage ${event.stage} finished without starting (event ${event.seq})`);
    iteration.stages.push(stage);
  }
  Object.assign(stage, { finishedAt: event.at, outcome: event.outcome, seconds: event.seconds });
}

function apply(state: RunState, event: RunEvent): void {
  switch (event.type) {
    case 'run-started':
      throw broken(state.runId, event.seq, 'a second run-started');
    case 'run-resumed':
      interruptRunning(state);
      Object.assign(state, { status: 'running', finishedAt: null, finishReason: null, ftdojoVersion: event.ftdojoVersion, resumes: state.resumes + 1 });
      return;
    case 'iteration-started':
      startIteration(state, event);
      return;
    case 'hypothesis-proposed': {
      const iteration = openIteration(state, event);
      if (iteration !== null) Object.assign(iteration, { hypothesis: event.hypothesis, summary: event.summary });
      return;
    }
    case 'stage-started': {
      const iteration = openIteration(state, event);
      if (event.experimentId !== null) experimentOf(state, event.experimentId);
      iteration?.stages.push({ stage: event.stage, experimentId: event.experimentId, startedAt: event.at, finishedAt: null, outcome: null, seconds: null });
      return;
    }
    case 'stage-finished':
      finishStage(state, event);
      return;
    case 'experiment-finished':
      Object.assign(experimentOf(state, event.experimentId), {
        state: event.state,
        primaryMetric: event.primaryMetric,
        verdict: event.verdict,
        feedbackPath: event.feedbackPath,
      });
      return;
    case 'decision': {
      experimentOf(state, event.experimentId).accepted = event.accepted;
      state.bestExperimentId = event.bestExperimentId;
      const iteration = openIteration(state, event);
      if (iteration !== null)
        iteration.decision = { experimentId: event.experimentId, accepted: event.accepted, bestExperimentId: event.bestExperimentId, reason: event.reason };
      return;
    }
    case 'iteration-finished': {
      const iteration = state.pendingIteration;
      if (iteration === null || iteration.iteration !== event.iteration) {
        state.anomalies.push(`iteration ${event.iteration} finished but was not open (event ${event.seq})`);
        return;
      }
      Object.assign(iteration, { status: 'finished', finishedAt: event.at });
      state.pendingIteration = null;
      return;
    }
    case 'test-scored':
      experimentOf(state, event.experimentId).test = { metric: event.metric, value: event.value, interval: event.interval };
      // updatedAt is still the previous event's time here.
      state.heldOutSeconds = (state.heldOutSeconds ?? 0) + Math.max(0, (Date.parse(event.at) - Date.parse(state.updatedAt)) / 1000);
      return;
    case 'run-finished':
      interruptRunning(state);
      Object.assign(state, { status: event.state, finishedAt: event.at, finishReason: event.reason, bestExperimentId: event.bestExperimentId });
      return;
    case 'note':
      state.notes.push({ at: event.at, text: event.text });
      return;
  }
}

/** Replays a run's events, in log order, into its state. */
/** Seconds a run has spent by its log: from run-started to the last event (what a resume carries on from). */
export function spentSecondsOf(state: RunState): number {
  return (Date.parse(state.updatedAt) - Date.parse(state.startedAt)) / 1000;
}

export function replayRun(events: readonly RunEvent[], options: ReplayOptions = {}): RunState {
  const first = events[0];
  if (first === undefined)
    throw new FtdojoError('CORRUPT_DATA', 'a run log without events', { hint: 'the run was never started: remove its folder', fault: 'environment' });
  if (first.type !== 'run-started') throw broken(first.runId, first.seq, `the log starts with ${first.type}, not run-started`);
  if (first.seq !== 1) throw broken(first.runId, first.seq, 'the log does not start at seq 1');
  const state: RunState = {
    runId: first.runId,
    task: first.task,
    taskFile: first.taskFile,
    profile: first.profile,
    budget: first.budget,
    agent: first.agent,
    seed: first.seed,
    ftdojoVersion: first.ftdojoVersion,
    status: 'running',
    startedAt: first.at,
    finishedAt: null,
    finishReason: null,
    updatedAt: first.at,
    iterations: [],
    experiments: new Map(),
    bestExperimentId: null,
    lastSeq: 1,
    completedIterations: 0,
    pendingIteration: null,
    resumes: 0,
    heldOutSeconds: null,
    notes: [],
    anomalies: [],
  };
  for (const event of events.slice(1)) {
    if (event.runId !== state.runId) throw broken(state.runId, event.seq, `an event of run "${event.runId}"`);
    if (event.seq !== state.lastSeq + 1) throw broken(state.runId, event.seq, `seq ${event.seq} follows ${state.lastSeq}`);
    apply(state, event);
    state.lastSeq = event.seq;
    state.updatedAt = event.at;
  }
  if (state.status === 'running' && options.live !== true) {
    state.status = 'interrupted';
    interruptRunning(state);
  }
  state.completedIterations = state.iterations.filter((iteration) => iteration.status === 'finished').length;
  return state;
}
