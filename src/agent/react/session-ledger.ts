import type { Direction, DojoSession, ExperimentStatusMessage, Feedback, FinishRequest, SessionClosed } from '../../core/index.js';
import { forwardingSession } from '../../core/index.js';

/**
 * What the react agent knows of its session's experiments, learnt by watching the session the
 * door serves rather than by parsing the tools' text: every start, status, feedback and the finish
 * pass through `watchSession`, whatever shape the door gives them on the wire. It is what the
 * agent finishes with when the model does not, and where the leaderboard's counts come from.
 */
export interface SessionLedger {
  /** Experiment ids in the order they were started. */
  started(): readonly string[];
  status(experimentId: string): ExperimentStatusMessage | null;
  /** The session's answer to finish, once someone finished it (the model through the door, or the agent). */
  closed(): SessionClosed | null;
  /** The succeeded experiment with the best validation score of the primary metric, or null when none has one. */
  best(): { experimentId: string; value: number } | null;
  counts(): { iterations: number; succeeded: number; failuresCaughtEarly: number };
  /** True while a started experiment was last seen running. */
  running(): boolean;
}

const trained = (feedback: Feedback) => feedback.execution.state === 'succeeded' && feedback.evaluation?.primary.value != null;
const stoppedByCheck = (feedback: Feedback) => feedback.execution.state !== 'succeeded' && feedback.execution.stage.startsWith('validate');

export function watchSession(inner: DojoSession): { session: DojoSession; ledger: SessionLedger } {
  const started: string[] = [];
  const statuses = new Map<string, ExperimentStatusMessage>();
  const feedbacks = new Map<string, Feedback>();
  let closed: SessionClosed | null = null;
  let direction: Direction = 'higher';

  const seeStatus = (status: ExperimentStatusMessage): ExperimentStatusMessage => {
    if (!started.includes(status.experimentId)) started.push(status.experimentId);
    statuses.set(status.experimentId, status);
    return status;
  };
  const valueOf = (experimentId: string): number | null => {
    const feedback = feedbacks.get(experimentId);
    if (feedback) return trained(feedback) ? (feedback.evaluation?.primary.value ?? null) : null;
    const status = statuses.get(experimentId);
    return status?.state === 'succeeded' ? status.primaryMetric : null;
  };

  const session = forwardingSession(inner, {
    startExperiment: async (request) => seeStatus(await inner.startExperiment(request)),
    status: async (experimentId) => seeStatus(await inner.status(experimentId)),
    awaitExperiment: async (experimentId, options) => seeStatus(await inner.awaitExperiment(experimentId, options)),
    cancel: async (experimentId) => seeStatus(await inner.cancel(experimentId)),
    async feedback(experimentId) {
      const message = await inner.feedback(experimentId);
      feedbacks.set(experimentId, message.feedback);
      direction = message.feedback.evaluation?.primary.direction ?? message.feedback.comparison?.direction ?? direction;
      return message;
    },
    async finish(request: FinishRequest) {
      // The last word on each experiment before the session stops answering: the counts come from it.
      for (const experimentId of started) {
        const status = await inner.status(experimentId).catch(() => null);
        if (status) seeStatus(status);
      }
      closed = await inner.finish(request);
      return closed;
    },
  });

  const ledger: SessionLedger = {
    started: () => started,
    status: (experimentId) => statuses.get(experimentId) ?? null,
    closed: () => closed,
    best() {
      let best: { experimentId: string; value: number } | null = null;
      for (const experimentId of started) {
        const value = valueOf(experimentId);
        if (value === null) continue;
        if (!best || (direction === 'higher' ? value > best.value : value < best.value)) best = { experimentId, value };
      }
      return best;
    },
    counts() {
      const ended = started.filter((experimentId) => {
        const state = statuses.get(experimentId)?.state;
        return (state !== undefined && state !== 'running') || feedbacks.has(experimentId);
      });
      return {
        iterations: ended.length,
        succeeded: ended.filter((experimentId) => valueOf(experimentId) !== null).length,
        failuresCaughtEarly: ended.filter((experimentId) => {
          const feedback = feedbacks.get(experimentId);
          return statuses.get(experimentId)?.tiers.some((tier) => tier.status === 'failed') || (feedback !== undefined && stoppedByCheck(feedback));
        }).length,
      };
    },
    running: () => [...statuses.values()].some((status) => status.state === 'running'),
  };
  return { session, ledger };
}
