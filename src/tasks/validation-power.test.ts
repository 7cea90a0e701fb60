import { describe, expect, it } from 'vitest';
import { renderTaskCard } from './card.js';
import { CATALOGUE } from './catalogue/index.js';
import { validationPowerLine } from './validation-power.js';

const spec = (id: string) => CATALOGUE.find((task) => task.spec.id === id)!.spec;

describe('validationPowerLine', () => {
  it('states what each profile of a choice task can detect, and the items +0.10 needs', () => {
    expect(validationPowerLine(spec('financeiq'), 'mini')).toBe(
      'Validation power: validation of 50 items detects a difference in accuracy of about 0.20 at 80% power; +0.10 needs about 228 items (95% paired bootstrap, the rule that accepts an experiment; assuming the two models disagree on 30% of the items)',
    );
    expect(validationPowerLine(spec('financeiq'), 'paper')).toContain('validation of 100 items detects a difference in accuracy of about 0.15');
    expect(validationPowerLine(spec('bioprobench-pqa'), 'mini')).toContain('validation of 60 items detects a difference in accuracy of about 0.19');
    expect(validationPowerLine(spec('tablebench-fact-checking'), 'mini')).toContain('validation of 24 items detects a difference in exact-match of about 0.27');
  });

  it('says when the primary metric scores only some subtasks of the split', () => {
    expect(validationPowerLine(spec('chemcot-mol-und'), 'mini')).toContain(
      'validation of 40 items detects a difference in accuracy of about 0.22 at best (accuracy scores only the equivalence-permutated, equivalence-mutated, ring-system items among them) at 80% power; +0.10 needs about 228 accuracy items',
    );
  });

  it('is left out for graded metrics, and shows on the card under each profile', () => {
    expect(validationPowerLine(spec('tablebench-data-analysis'), 'mini')).toBeNull();
    const card = renderTaskCard(spec('financeiq'));
    expect(card.match(/- Validation power: /g)).toHaveLength(2);
    expect(renderTaskCard(spec('tablebench-data-analysis'))).not.toContain('Validation power');
  });
});
