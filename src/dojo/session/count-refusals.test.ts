import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DojoSession, ExperimentRequest } from '../../core/index.js';
import { DOJO_SESSION_VERSION, FtdojoError } from '../../core/index.js';
import { rejectionOf } from '../../testing/refusal.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import { countRefusals } from './count-refusals.js';
import { openDojoSession } from './open-dojo-session.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-refusals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Only what a session reads before it would run a script: every act below is refused before
 * Python, a sandbox or a model is needed.
 */
const environment = {
  task: { spec: { id: 'toy' } },
  profile: 'mini',
  layout: { agentDir: join(root, 'agent') },
  device: 'cpu',
  meanRowTokens: 100,
  validation: [],
} as unknown as TaskEnvironment;

const FILES = { 'process_data.py': 'print(1)\n', 'train.yaml': 'learning_rate: 1.0e-4\n' };
const experiment: ExperimentRequest = { schemaVersion: DOJO_SESSION_VERSION, kind: 'experiment', files: FILES };

function open(now: () => number, budgetSeconds = 1000) {
  return openDojoSession({
    environment,
    workspace: join(root, `ws-${Math.random().toString(36).slice(2)}`),
    budgetSeconds,
    seed: 0,
    evalLimit: null,
    sandboxFor: () => Promise.reject(new Error('no sandbox in this test')),
    baseEvalDir: null,
    sessionId: 'session-test',
    now,
  });
}

describe('the session handle counts refused acts by kind', () => {
  it('counts every refusal the session throws, by error code, and what a door notes itself', async () => {
    let clock = 0;
    const handle = open(() => clock);
    const { session } = handle;
    expect(handle.refusals()).toEqual({});

    await rejectionOf(session.status('exp-404'), FtdojoError);
    await rejectionOf(session.feedback('exp-404'), FtdojoError);
    await rejectionOf(session.project({ rows: -1 }), FtdojoError);
    await rejectionOf(session.startExperiment({ ...experiment, files: {}, experimentId: 'Not An Id' }), FtdojoError);
    // A finish request that fails its schema is a refusal of bad input too.
    await expect(session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish' } as never)).rejects.toThrow();
    // Acts that succeed are not counted.
    await session.budget();
    expect(handle.refusals()).toEqual({ INVALID_INPUT: 3, UNKNOWN_EXPERIMENT: 2 });

    // The budget runs out: experiments are refused for it, then the session is closed.
    clock = 2_000_000;
    expect((await rejectionOf(session.startExperiment(experiment), FtdojoError)).code).toBe('BUDGET_EXHAUSTED');
    await handle.close('the agent returned');
    expect((await rejectionOf(session.startExperiment(experiment), FtdojoError)).code).toBe('SESSION_CLOSED');
    expect((await rejectionOf(session.validate({ schemaVersion: DOJO_SESSION_VERSION, kind: 'validate', files: FILES }), FtdojoError)).code).toBe(
      'SESSION_CLOSED',
    );
    handle.noteRefusal('path-outside-workspace');
    expect(handle.refusals()).toEqual({ BUDGET_EXHAUSTED: 1, INVALID_INPUT: 3, SESSION_CLOSED: 2, UNKNOWN_EXPERIMENT: 2, 'path-outside-workspace': 1 });
  });

  it("the harness's own close is not the agent's refusal", async () => {
    const handle = open(() => 0);
    await handle.close('the agent returned');
    await handle.close('again');
    expect(handle.refusals()).toEqual({});
  });

  it('tells the time spent past the limit, which the budget status holds at the limit, as of the close', async () => {
    let clock = 0;
    const handle = open(() => clock, 100);
    clock = 130_000;
    const closed = await handle.close('late');
    clock = 500_000;
    expect(closed.budget.wallSeconds).toMatchObject({ limit: 100, spent: 100 });
    expect(handle.wallSeconds()).toEqual({ limit: 100, spent: 130 });
  });
});

describe('countRefusals', () => {
  it('passes results and errors through unchanged and counts only refusals, not faults', async () => {
    const refusal = new FtdojoError('BUSY', 'busy');
    const fault = new Error('disk full');
    const inner = {
      sessionId: 's',
      budget: async () => 'ok',
      status: async () => Promise.reject(refusal),
      cancel: async () => Promise.reject(fault),
      hardware: () => {
        throw new FtdojoError('INTERNAL', 'sync');
      },
    } as unknown as DojoSession;
    const counted = countRefusals(inner);
    expect(counted.session.sessionId).toBe('s');
    expect(await counted.session.budget()).toBe('ok');
    expect(await counted.session.status('x').catch((error: unknown) => error)).toBe(refusal);
    expect(await counted.session.cancel('x').catch((error: unknown) => error)).toBe(fault);
    expect(() => counted.session.hardware()).toThrow('sync');
    expect(counted.refusals()).toEqual({ BUSY: 1, INTERNAL: 1 });
  });
});
