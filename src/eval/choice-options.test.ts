import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../core/index.js';
import { listTasks } from '../tasks/index.js';
import { choiceOptionsOf } from './choice-options.js';

const choice = (params: MetricSpec['params'] = { letters: ['A', 'B', 'C', 'D'] }, name = 'accuracy'): MetricSpec => ({
  name,
  scorer: 'choice-letter',
  params,
  direction: 'higher',
  primary: name === 'accuracy',
});

describe('choiceOptionsOf', () => {
  it("finds the catalogue's multiple-choice tasks and their letters, and nothing else", () => {
    const found = Object.fromEntries(
      listTasks()
        .map((task) => [task.spec.id, choiceOptionsOf(task.spec)] as const)
        .filter(([, options]) => options !== null),
    );
    expect(found).toEqual({ financeiq: ['A', 'B', 'C', 'D'], 'bioprobench-pqa': ['A', 'B', 'C', 'D', 'E'] });
  });

  it("reads the scorer's default letters when a metric gives none", () => {
    expect(choiceOptionsOf({ metrics: [choice({})] })).toEqual(['A', 'B', 'C', 'D']);
  });

  it('refuses when any metric would read something other than the letter, or the metrics disagree on the options', () => {
    const exact: MetricSpec = { name: 'exact', scorer: 'exact-match', params: {}, direction: 'higher', primary: false };
    expect(choiceOptionsOf({ metrics: [choice(), exact] })).toBeNull();
    expect(choiceOptionsOf({ metrics: [choice(), choice({ letters: ['A', 'B', 'C'] }, 'three')] })).toBeNull();
    expect(choiceOptionsOf({ metrics: [choice(), choice({ letters: ['A', 'B', 'C', 'D'] }, 'again')] })).toEqual(['A', 'B', 'C', 'D']);
    expect(choiceOptionsOf({ metrics: [choice({ letters: ['A', 'b'] })] })).toBeNull();
    expect(choiceOptionsOf({ metrics: [choice({ letters: ['A', 'A'] })] })).toBeNull();
    expect(choiceOptionsOf({ metrics: [choice({ letters: 'ABCD' })] })).toBeNull();
  });
});
