export { decimalToNumber, decimalsEqual, parseDecimal, percentOf, roundHalfUp, type Decimal } from './decimal.js';
export { longestCommonSubsequence, rougeL, rougeLTokens, rougeTokens } from './rouge-l.js';
export { elementWiseScore, normalizeTablebenchText, tablebenchElements, tablebenchNumber, type TablebenchNumber } from './tablebench-elements.js';
export { tablebenchExactMatch } from './tablebench-exact.js';
export { tablebenchToleranceMatch } from './tablebench-tolerance.js';
