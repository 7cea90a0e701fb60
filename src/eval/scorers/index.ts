import type { ScorerEntry } from '../scorer.js';
import { boxedIntegerScorer } from './boxed-integer.js';
import { choiceLetterScorer } from './choice-letter.js';
import { exactMatchScorer } from './exact-match.js';
import { jsonFieldExactScorer } from './json-field-exact.js';
import { jsonMacroF1Scorer } from './json-macro-f1.js';
import { jsonMultilabelF1Scorer } from './json-multilabel-f1.js';
import { jsonNumberMaeScorer } from './json-number-mae.js';
import { jsonYesNoScorer } from './json-yes-no.js';
import { numericToleranceScorer } from './numeric-tolerance.js';
import { passAt1VisualizationScorer } from './pass-at-1-visualization.js';
import { rougeLScorer } from './rouge-l.js';
import { tablebenchAnswerScorer } from './tablebench-answer.js';

/** The general (non-chemistry) scorers, for the scorer library. */
export const generalScorers: ScorerEntry[] = [
  boxedIntegerScorer,
  jsonFieldExactScorer,
  jsonMultilabelF1Scorer,
  jsonMacroF1Scorer,
  jsonYesNoScorer,
  jsonNumberMaeScorer,
  choiceLetterScorer,
  exactMatchScorer,
  numericToleranceScorer,
  rougeLScorer,
  tablebenchAnswerScorer,
  passAt1VisualizationScorer,
];

export {
  boxedIntegerScorer,
  choiceLetterScorer,
  exactMatchScorer,
  jsonFieldExactScorer,
  jsonMacroF1Scorer,
  jsonMultilabelF1Scorer,
  jsonNumberMaeScorer,
  jsonYesNoScorer,
  numericToleranceScorer,
  passAt1VisualizationScorer,
  rougeLScorer,
  tablebenchAnswerScorer,
};
export { macroF1 } from './json-macro-f1.js';
export { labelSet, setF1 } from './json-multilabel-f1.js';
export { yesNo } from './json-yes-no.js';
export { tablebenchComparison, type TablebenchComparison } from './tablebench-answer.js';
export { defineScorer, type ScorerDefinition } from './define-scorer.js';
