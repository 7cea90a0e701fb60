export { extractNonReasoningContent, lastCapital, officialFinanceIqLetter } from './opencompass-financeiq.js';
export { PYTHON_SPACE, pythonSplit, pythonStrip } from './python-text.js';
export { pythonDecimal, relativeErrorWithin, type PythonDecimal } from './python-decimal.js';
export {
  officialEm,
  officialEmWithError,
  officialRougeL,
  officialTablebenchAnswer,
  officialTablebenchScore,
  rougeScoreTokens,
  squadNormalize,
  type TablebenchOfficialMetric,
} from './tablebench-official.js';
export { officialAimeVerdict, type OfficialAimeVerdict } from './math-verify-aime.js';
