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
export {
  evaluate,
  evaluationFingerprint,
  generationOptions,
  generationRequest,
  planEvaluation,
  plannedDecoding,
  type EvaluateInput,
  type EvaluateResult,
  type EvaluationPlan,
} from './evaluate.js';
export { choiceOptionsOf } from './choice-options.js';
export {
  DECODING_MODES,
  DecodingModeSchema,
  parseDecodingMode,
  planDecoding,
  type DecodingMode,
  type DecodingPlan,
  type PlanDecodingInput,
} from './decoding-mode.js';
export { evaluateReusing, readKept, type EvaluateReusingInput, type EvaluateReusingResult, type ReuseOutcome } from './reuse-evaluation.js';
export { judgeKeptEvaluation, ROUNDING_ONLY_FIELDS, type KeptEvaluation, type KeptVerdict } from './judge-kept-evaluation.js';
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
