/*
 * The API's types, imported from the server's contract (src/core/dashboard-contract.ts) as types
 * only: nothing of src/ is bundled into the page.
 */
import type { DASHBOARD_API_VERSION } from '../../src/core/index.js';

export type {
  ApiError,
  ComparePayload,
  CompareSide,
  Delta,
  ExperimentPayload,
  LeaderboardPayload,
  LiveStatus,
  RunPayload,
  RunRow,
  RunsPayload,
  StoreProblem,
  SuiteView,
  SuiteJob,
  ValueChange,
  ExperimentNode,
  ReportIteration,
  ReportScore,
  RunReport,
  RunStatus,
  LossCurve,
  Feedback,
  ErrorSample,
  ReferenceComparison,
  TierResult,
  ValidationReport,
  ImplementationRecord,
  Hypothesis,
  JsonValue,
  LeaderboardEntry,
  Direction,
} from '../../src/core/index.js';

/**
 * The API version this page was built for. It must equal DASHBOARD_API_VERSION in
 * src/core/dashboard-contract.ts: the type annotation makes a change there fail the typecheck,
 * so the page is rebuilt for it instead of drawing wrong numbers.
 */
export const EXPECTED_API_VERSION: typeof DASHBOARD_API_VERSION = 1;
