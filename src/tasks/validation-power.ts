import type { MetricSpec, ProfileName, TaskSpec } from '../core/index.js';
import { CARD_POWER_ASSUMPTIONS, detectableDifference, itemsToDetect } from '../eval/index.js';

/**
 * Scorers whose per-item value is 1 (right) or 0 (wrong), so that the metric is an accuracy and
 * the paired power of src/eval/detectable-difference.ts applies to it. Graded scores (ROUGE-L,
 * Tanimoto similarity, errors, F1) vary per item in ways one discordance rate cannot state.
 */
const RIGHT_OR_WRONG_SCORERS = new Set(['choice-letter', 'exact-match', 'json-yes-no', 'json-field-exact', 'boxed-integer']);

/** The improvement the card asks the split size for: the step an experiment should be able to show. */
export const CARD_TARGET_DIFFERENCE = 0.1;

/**
 * One line for a profile on the task card: the smallest improvement of the primary metric its
 * validation split detects with 80% power under the rule that accepts experiments, and the items
 * +0.10 would need. Null when the primary metric is not right-or-wrong per item.
 */
export function validationPowerLine(spec: TaskSpec, profile: ProfileName): string | null {
  const metric: MetricSpec | undefined = spec.metrics.find((candidate) => candidate.primary);
  if (!metric || !RIGHT_OR_WRONG_SCORERS.has(metric.scorer)) return null;
  const items = spec.profiles[profile].validationSize;
  const detectable = detectableDifference(items, CARD_POWER_ASSUMPTIONS);
  const needed = itemsToDetect(CARD_TARGET_DIFFERENCE, CARD_POWER_ASSUMPTIONS);
  // A metric over some subtasks scores only their share of the split: it detects less than the whole split would.
  const share = metric.subtasks ? ` at best (${metric.name} scores only the ${metric.subtasks.join(', ')} items among them)` : '';
  const detects =
    detectable === null
      ? 'cannot detect any difference at 80% power'
      : `detects a difference in ${metric.name} of about ${detectable.toFixed(2)}${share} at 80% power`;
  const assumptions = `${Math.round(CARD_POWER_ASSUMPTIONS.level * 100)}% paired bootstrap, the rule that accepts an experiment; assuming the two models disagree on ${Math.round(CARD_POWER_ASSUMPTIONS.discordance * 100)}% of the items`;
  return `Validation power: validation of ${items} items ${detects}; +${CARD_TARGET_DIFFERENCE.toFixed(2)} needs about ${needed}${metric.subtasks ? ` ${metric.name}` : ''} items (${assumptions})`;
}
