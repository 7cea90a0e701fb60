export * from './open-dojo-session.js';
export * from './session-budget.js';
export { MAX_SUBMISSION_BYTES, writeSubmissionFiles } from './submission-files.js';
