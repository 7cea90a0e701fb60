import type { DojoSession, ExperimentStatusMessage, Feedback, SubmissionFiles } from '../../../core/index.js';
import { DOJO_SESSION_VERSION } from '../../../core/index.js';

export interface ExperimentStepInput {
  experimentId: string;
  files: SubmissionFiles;
  parentExperimentId: string | null;
  /** What the feedback compares with: the best so far. */
  compareTo: string | null;
  signal?: AbortSignal | undefined;
  onStatus?: (status: ExperimentStatusMessage) => void;
}

export interface ExperimentStepResult {
  status: ExperimentStatusMessage;
  /** Null when the experiment was cancelled before its feedback was written. */
  feedback: Feedback | null;
}

/**
 * Runs one experiment through the dojo session, the way any agent would: start it, follow its
 * status, and read its feedback. Ctrl-C (the signal) cancels it in the dojo.
 */
export async function experimentStep(session: DojoSession, input: ExperimentStepInput): Promise<ExperimentStepResult> {
  const started = await session.startExperiment({
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'experiment',
    files: input.files,
    parentExperimentId: input.parentExperimentId,
    compareTo: input.compareTo,
    experimentId: input.experimentId,
  });
  input.onStatus?.(started);
  const cancel = () => void session.cancel(input.experimentId).catch(() => undefined);
  input.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const status = await session.awaitExperiment(input.experimentId, input.onStatus ? { onStatus: input.onStatus } : {});
    const feedback = status.feedbackReady ? (await session.feedback(input.experimentId)).feedback : null;
    return { status, feedback };
  } finally {
    input.signal?.removeEventListener('abort', cancel);
  }
}
