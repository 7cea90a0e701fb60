import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { tablebenchAnswerScorer, tablebenchComparison } from './tablebench-answer.js';

function sample(qsubtype: string | undefined, reference: string): Sample {
  return { id: 'da-1', prompt: 'p', reference, target: `Final Answer: ${reference}`, meta: qsubtype === undefined ? {} : { qsubtype } };
}

const scorer = await tablebenchAnswerScorer.create(tablebenchAnswerScorer.params.parse({}));
const official = await tablebenchAnswerScorer.create(tablebenchAnswerScorer.params.parse({ scoring: 'official' }));

describe('tablebenchComparison', () => {
  it('follows the official subtype mapping', () => {
    expect(tablebenchComparison('CorrelationAnalysis')).toBe('numeric-tolerance');
    expect(tablebenchComparison('TrendForecasting')).toBe('numeric-tolerance');
    expect(tablebenchComparison('StatisticalAnalysis')).toBe('numeric-tolerance');
    expect(tablebenchComparison('ImpactAnalysis')).toBe('exact-match');
    expect(tablebenchComparison('DescriptiveAnalysis')).toBe('rouge-l');
    expect(tablebenchComparison('AnomalyDetection')).toBe('rouge-l');
    expect(tablebenchComparison('CausalAnalysis')).toBe('rouge-l');
    expect(tablebenchComparison('SomethingNew')).toBe('rouge-l');
  });
});

describe('tablebench-answer', () => {
  it('uses ±10% for numeric subtypes, exact for non-numeric parts', () => {
    expect(scorer.score('Final Answer: 0.9', sample('TrendForecasting', '0.85'))).toMatchObject({ value: 1, facts: { comparison: 'numeric-tolerance' } });
    expect(scorer.score('Final Answer: Strong positive correlation, 0.80', sample('CorrelationAnalysis', 'Strong positive correlation, 0.85')).value).toBe(1);
    expect(scorer.score('Final Answer: Weak positive correlation, 0.80', sample('CorrelationAnalysis', 'Strong positive correlation, 0.85')).value).toBe(0.5);
  });

  it('uses exact match for ImpactAnalysis', () => {
    expect(scorer.score('Final Answer: Population', sample('ImpactAnalysis', 'population'))).toMatchObject({ value: 1, facts: { comparison: 'exact-match' } });
    expect(scorer.score('Final Answer: Area', sample('ImpactAnalysis', 'population'))).toMatchObject({ value: 0, detail: 'wrong-answer' });
  });

  it('uses ROUGE-L after SQuAD normalisation for descriptive subtypes', () => {
    // After dropping articles: "cat sat on mat" (4) vs "cat is on mat" (4): LCS 3 -> F = 3/4.
    const outcome = scorer.score('Final Answer: The cat sat on the mat.', sample('DescriptiveAnalysis', 'A cat is on the mat'));
    expect(outcome.value).toBeCloseTo(3 / 4, 12);
    expect(outcome).toMatchObject({ formatError: false, facts: { comparison: 'rouge-l' } });
    expect(outcome.detail).toBeUndefined();
  });

  it('falls back to the subtask when meta.qsubtype is absent', () => {
    const fromSubtask: Sample = { ...sample(undefined, '100'), subtask: 'StatisticalAnalysis' };
    expect(scorer.score('Final Answer: 105', fromSubtask).value).toBe(1);
  });

  it('treats a missing Final Answer as a format error and keeps the comparison', () => {
    expect(scorer.score('about 0.85', sample('TrendForecasting', '0.85'))).toMatchObject({
      value: 0,
      formatError: true,
      facts: { comparison: 'numeric-tolerance' },
    });
    expect(scorer.score('', sample('CausalAnalysis', 'x'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });

  it('throws when a sample has no subtype', () => {
    expect(() => scorer.score('Final Answer: 1', sample(undefined, '1'))).toThrow(/subtype/);
  });
});

describe("tablebench-answer, official: TableBench's own metric per subtype", () => {
  const both = (subtype: string, output: string, reference: string) => [
    official.score(output, sample(subtype, reference)).value,
    scorer.score(output, sample(subtype, reference)).value,
  ];
  it('compares ±10% numbers after the decimal point is deleted', () => {
    // "0.90" and "0.88" become 90 and 88 (within 10%), but "0.9" becomes 9 (not within 10% of 88).
    expect(both('CorrelationAnalysis', 'Final Answer: 0.90', '0.88')).toEqual([1, 1]);
    expect(both('CorrelationAnalysis', 'Final Answer: 0.9', '0.88')).toEqual([0, 1]);
    expect(both('CorrelationAnalysis', 'Final Answer: Strong positive correlation, 0.88', 'Strong positive correlation, 0.88')).toEqual([1, 1]);
  });
  it('reads ROUGE-L tokens as rouge_score does: ASCII letters and digits only', () => {
    const [value] = both('DescriptiveAnalysis', 'Final Answer: 表格显示数据', '表格显示数据');
    expect(value).toBe(0);
    expect(official.score('Final Answer: the table shows sales', sample('DescriptiveAnalysis', 'The table shows sales by year')).value).toBeCloseTo(
      (2 * (3 / 3) * (3 / 5)) / (1 + 3 / 5),
    );
  });
});
