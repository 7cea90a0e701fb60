import { join } from 'node:path';
import type { BudgetStatus, DojoSession, ExperimentStatusMessage, SessionClosed } from '../core/index.js';
import { DOJO_SESSION_VERSION, ExperimentRequestSchema, FtdojoError } from '../core/index.js';
import { writeSubmissionFiles } from '../dojo/index.js';

/**
 * TEST DOUBLE: a DojoSession without Python or a model, for the doors' tests. Reads answer from
 * small fixtures; a submission is checked and written by the real dojo code (writeSubmissionFiles:
 * paths, a script, train.yaml, size) into `workspace`, and "trains" at once with `score`; refusals
 * (UNKNOWN_EXPERIMENT, SESSION_CLOSED, BUDGET_EXHAUSTED) follow the contract's codes. The real
 * session has its own integration tests (dojo/session) and the doors an end-to-end one.
 */
export interface FakeDojoSession extends DojoSession {
  readonly calls: string[];
  readonly closed: SessionClosed | null;
  exhaust(): void;
}

export function createFakeDojoSession(options: { sessionId: string; workspace: string; task?: string; score?: number }): FakeDojoSession {
  const calls: string[] = [];
  const statuses = new Map<string, ExperimentStatusMessage>();
  let closed: SessionClosed | null = null;
  let exhausted = false;
  const budget = (): BudgetStatus => ({
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'budget' as const,
    wallSeconds: { limit: 600, spent: exhausted ? 600 : 10, left: exhausted ? 0 : 590 },
    experiments: { started: statuses.size, limit: null },
    minimumExperimentSeconds: 180,
    exhausted,
  });
  const act = (name: string) => {
    calls.push(name);
    if (closed) throw new FtdojoError('SESSION_CLOSED', `session ${options.sessionId} is closed`, { hint: 'open a new session' });
  };
  const known = (id: string) => {
    const status = statuses.get(id);
    if (!status)
      throw new FtdojoError('UNKNOWN_EXPERIMENT', `no experiment ${JSON.stringify(id)} in session ${options.sessionId}`, {
        hint: 'use an id start_experiment returned',
      });
    return status;
  };
  const session: FakeDojoSession = {
    sessionId: options.sessionId,
    get calls() {
      return calls;
    },
    get closed() {
      return closed;
    },
    exhaust: () => void (exhausted = true),
    async info() {
      act('info');
      return {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'session',
        sessionId: options.sessionId,
        task: options.task ?? 'financeiq',
        profile: 'mini',
        seed: 0,
        evalLimit: null,
        submissionContract: 'process_data.py and train.yaml',
        budget: budget(),
      };
    },
    async taskCard() {
      act('taskCard');
      return { schemaVersion: DOJO_SESSION_VERSION, kind: 'task-card', task: options.task ?? 'financeiq', profile: 'mini', markdown: '# a task', spec: {} };
    },
    async datasetCard() {
      act('datasetCard');
      return {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'dataset-card',
        task: options.task ?? 'financeiq',
        pool: { rows: 2, fields: ['prompt', 'target'], meanRowTokens: 40, charactersPerToken: 3.5, hasSolutions: false, sampleCap: 1000 },
        sources: [],
      };
    },
    async readPool(request) {
      act('readPool');
      const rows = [
        { prompt: 'Q1', target: 'A' },
        { prompt: 'Q2', target: 'B' },
      ];
      return {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'pool-rows',
        total: 2,
        indices: request.mode === 'sample' ? [1] : [0, 1],
        rows: request.mode === 'sample' ? [rows[1]!] : rows,
      };
    },
    async hardware() {
      act('hardware');
      return {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'hardware',
        device: 'cpu',
        cpus: 2,
        memoryBytes: 1e9,
        baseModel: 'SmolLM2-135M-Instruct',
        contextTokens: 8192,
        tokensPerSecond: 100,
        measured: false,
      };
    },
    async budget() {
      act('budget');
      return budget();
    },
    async project(request) {
      act('project');
      const total = request.rows * 2 + 200;
      return {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'projection',
        rows: request.rows,
        epochs: request.epochs ?? 1,
        tokens: request.rows * 40,
        trainingSeconds: request.rows * 2,
        overheadSeconds: 200,
        totalSeconds: total,
        leftSeconds: 590,
        fits: total <= 590,
        basis: 'assumed',
      };
    },
    async validate(request) {
      act('validate');
      await writeSubmissionFiles(join(options.workspace, 'validations', `v${calls.length}`), request.files);
      return { schemaVersion: DOJO_SESSION_VERSION, kind: 'validation', report: { schemaVersion: 1, passed: true, tiers: [], failFast: true } as never };
    },
    async startExperiment(raw) {
      act('startExperiment');
      if (exhausted) throw new FtdojoError('BUDGET_EXHAUSTED', 'the budget is spent', { hint: 'finish the session' });
      const request = ExperimentRequestSchema.parse(raw);
      const experimentId = request.experimentId ?? `exp-${String(statuses.size + 1).padStart(3, '0')}`;
      await writeSubmissionFiles(join(options.workspace, 'experiments', experimentId, 'submission'), request.files);
      const status: ExperimentStatusMessage = {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'experiment-status',
        experimentId,
        parentExperimentId: request.parentExperimentId,
        state: 'succeeded',
        phase: 'done',
        seconds: 1,
        tiers: [],
        train: null,
        evaluate: null,
        primaryMetric: options.score ?? 0.5,
        feedbackReady: true,
      };
      statuses.set(experimentId, status);
      return status;
    },
    async status(id) {
      act('status');
      return known(id);
    },
    async awaitExperiment(id) {
      act('awaitExperiment');
      return known(id);
    },
    async feedback(id) {
      act('feedback');
      known(id);
      throw new FtdojoError('UNSUPPORTED', 'the fake session keeps no feedback');
    },
    async cancel(id) {
      act('cancel');
      return known(id);
    },
    async finish(request) {
      act('finish');
      if (request.experimentId !== null) known(request.experimentId);
      const message: SessionClosed = {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'closed',
        sessionId: options.sessionId,
        chosenExperimentId: request.experimentId,
        reason: request.reason ?? '',
        experiments: [...statuses.values()].map((status) => ({ experimentId: status.experimentId, state: status.state, primaryMetric: status.primaryMetric })),
        budget: budget(),
      };
      closed = message;
      return message;
    },
  };
  return session;
}
