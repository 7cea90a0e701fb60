import type { BenchAgent, BenchAgentResult, DojoSession, ExperimentStatusMessage, FinishRequest, SessionClosed } from '../../core/index.js';
import { DOJO_SESSION_VERSION, forwardingSession } from '../../core/index.js';

/**
 * An agent the harness does not drive: an outside agent acts on the session through a door (MCP,
 * REST) or a command. Its `run` opens the attempt's session, hands it out, and returns once the
 * session is finished, by the agent or by `end` (idle, the command exited, shutdown). Counts for
 * the leaderboard come from the session's own statuses, taken just before it closes.
 */
export interface AttachedAgent {
  agent: BenchAgent;
  /** The session, once the harness opened it (rejects when the attempt failed before). */
  opened: Promise<DojoSession>;
  /** Closes the session choosing nothing (unless the agent finished it) and lets the attempt end. */
  end(reason: string): Promise<void>;
}

export function createAttachedAgent(name: string, workspace: string): AttachedAgent {
  let resolveOpened!: (session: DojoSession) => void;
  let rejectOpened!: (error: unknown) => void;
  const opened = new Promise<DojoSession>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => undefined);
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const started = new Set<string>();
  const statuses = new Map<string, ExperimentStatusMessage>();
  let closed: SessionClosed | null = null;
  let inner: DojoSession | null = null;

  async function finishWith(request: FinishRequest): Promise<SessionClosed> {
    for (const id of started) statuses.set(id, await inner!.status(id).catch(() => statuses.get(id)!));
    closed = await inner!.finish(request);
    resolveEnded();
    return closed;
  }

  const agent: BenchAgent = {
    name,
    async run(request): Promise<BenchAgentResult> {
      try {
        inner = await request.dojo.open({ workspace });
      } catch (error) {
        rejectOpened(error);
        throw error;
      }
      const session = forwardingSession(inner, {
        async startExperiment(experiment) {
          const status = await inner!.startExperiment(experiment);
          started.add(status.experimentId);
          return status;
        },
        finish: finishWith,
      });
      resolveOpened(session);
      const onAbort = () => resolveEnded();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      await ended;
      request.signal?.removeEventListener('abort', onAbort);
      const ends = [...statuses.values()];
      return {
        state: request.signal?.aborted ? 'stopped' : 'completed',
        adapterPath: null,
        iterations: ends.filter((status) => status.state !== 'running').length,
        failuresCaughtEarly: ends.filter((status) => status.tiers.some((tier) => tier.status === 'failed')).length,
        succeeded: ends.filter((status) => status.state === 'succeeded').length,
        runRef: workspace,
        note: closed ? `finished: ${closed.chosenExperimentId ?? 'base model'} chosen${closed.reason ? ` (${closed.reason})` : ''}` : 'ended without a finish',
      };
    },
  };

  return {
    agent,
    opened,
    async end(reason) {
      if (closed || !inner) return resolveEnded();
      try {
        await finishWith({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId: null, reason });
      } catch {
        // Already closed by the agent in the meantime: nothing to choose.
        resolveEnded();
      }
    },
  };
}
