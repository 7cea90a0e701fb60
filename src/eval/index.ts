export type { Scorer, ScorerEntry, ScorerParams, ScoringContext, ScoringItem } from './scorer.js';
export type { CodeRunner, PythonRunRequest, PythonRunResult, PythonRunStatus } from './code-runner.js';
export { mean } from './scorer.js';
export * from './scoring-mode.js';
export {
  cachingScorerLibrary,
  createScorer,
  createScorerLibrary,
  getScorerEntry,
  listScorers,
  registerScorer,
  scorerLibrary,
  scorerTakesScoringMode,
  type ScorerLibrary,
} from './scorer-library.js';
export { scorePredictions, scoringParams, type ScorePredictionsInput } from './score-predictions.js';
export { readPredictionsJsonl } from './read-predictions-jsonl.js';
export { bootstrapInterval, mulberry32, quantile, type BootstrapOptions } from './bootstrap.js';
export { normalCdf, normalQuantile } from './normal-distribution.js';
export {
  CARD_POWER_ASSUMPTIONS,
  detectableDifference,
  discordanceOf,
  itemsToDetect,
  pairedPower,
  type PairedPowerAssumptions,
} from './detectable-difference.js';
export * from './extract/index.js';
export * from './compare/index.js';
export * from './scorers/index.js';
export * from './chem/index.js';
export { evaluate, generationRequest, type EvaluateInput, type EvaluateResult } from './evaluate.js';
export { rescoreEvaluation, type RescoreEvaluationInput } from './rescore-evaluation.js';
export {
  buildEvaluationRecords,
  categorizeSample,
  countCategories,
  EvaluationRecordSchema,
  RecordErrorCategorySchema,
  type EvaluationRecord,
  type MetricFacts,
  type RecordErrorCategory,
} from './evaluation-records.js';
export {
  buildEvaluationFingerprint,
  compareFingerprints,
  EVALUATION_FINGERPRINT_VERSION,
  EvaluationFingerprintSchema,
  fingerprintDigest,
  type EvaluationFingerprint,
  type FingerprintDifference,
  type FingerprintInput,
} from './evaluation-fingerprint.js';
export {
  EVALUATION_REPORT_VERSION,
  EvaluationReportFileSchema,
  EvaluationStatsSchema,
  readEvaluationReport,
  ScoreReportSchema,
  type EvaluationReportFile,
  type EvaluationStats,
} from './evaluation-report.js';
