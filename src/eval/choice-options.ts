import type { TaskSpec } from '../core/index.js';

/** choice-letter's default options (its params schema): what a metric without `letters` reads. */
const DEFAULT_LETTERS = ['A', 'B', 'C', 'D'];

/**
 * The options a task's answer is one of, when constrained choice decoding can produce it: every
 * metric scores with `choice-letter` over the same letters (FinanceIQ: A-D; BioProBench PQA: A-E).
 * Null otherwise. Every metric, not just the primary one: a secondary metric that reads free text
 * would be handed a bare letter, and its number would change meaning. The scorer reads the single
 * letter a constrained output is exactly as it reads free text, so the metric and its extraction
 * stay as they are.
 */
export function choiceOptionsOf(spec: Pick<TaskSpec, 'metrics'>): string[] | null {
  let options: string[] | null = null;
  for (const metric of spec.metrics) {
    if (metric.scorer !== 'choice-letter') return null;
    const letters = metric.params.letters ?? DEFAULT_LETTERS;
    if (!Array.isArray(letters) || letters.length < 2 || !letters.every((letter) => typeof letter === 'string' && /^[A-Z]$/.test(letter))) return null;
    const these = letters as string[];
    if (new Set(these).size !== these.length) return null;
    if (options !== null && options.join() !== these.join()) return null;
    options = [...these];
  }
  return options;
}
