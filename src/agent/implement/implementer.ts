import type { Hypothesis, ImplementationRecord, SubmissionFiles } from '../../core/index.js';
import { IMPLEMENTATION_VERSION } from '../../core/index.js';
import { renderSubmission } from './write-submission.js';

export interface ImplementInput {
  hypothesis: Hypothesis;
  experimentId: string;
  /** The run's seconds left: a coder that asks a model bounds its calls by it. */
  remainingSeconds: number;
  signal?: AbortSignal | undefined;
}

/** The files to run, and how they came to be (written beside the experiment as implementation.json). */
export interface Implementation {
  files: SubmissionFiles;
  record: ImplementationRecord;
}

/** The seam between the loop and whatever turns a hypothesis into a submission: the template, or a coder model. */
export interface Implementer {
  readonly name: string;
  implement(input: ImplementInput): Promise<Implementation>;
}

/** The reviewed template filled from the typed strategy: the heuristic planner's implementer, and every coder's fallback. */
export function createTemplateImplementer(): Implementer {
  return {
    name: 'template',
    async implement({ hypothesis, experimentId }) {
      return {
        files: await renderSubmission(hypothesis),
        record: {
          schemaVersion: IMPLEMENTATION_VERSION,
          kind: 'implementation',
          experimentId,
          implementer: 'template',
          model: null,
          outcome: 'template',
          rounds: [],
          fellBack: null,
          seconds: 0,
        },
      };
    },
  };
}
