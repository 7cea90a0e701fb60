import type { IntegrityCheck } from '../../core/index.js';
import type { KeyedItem, Overlap } from '../../data/index.js';
import { findOverlaps } from '../../data/index.js';
import type { TrainingData } from './training-rows.js';
import { trainingRowKeys } from './training-rows.js';

export interface HeldOutKeys {
  validation: readonly KeyedItem[];
  test: readonly KeyedItem[];
}

interface Found {
  source: string;
  overlaps: Overlap[];
}

/** Rows indices are shown, at most this many per source: enough to find them, short enough to read. */
const ROWS_SHOWN = 8;

/**
 * Where held-out items were found: per source, how many items, in which training rows, of which
 * kind. Only counts and row indices: neither held-out text nor held-out ids leave this function.
 */
function examplesOf(found: readonly Found[], split: string): string[] {
  return found.map(({ source, overlaps }) => {
    const rows = [...new Set(overlaps.map((overlap) => Number(overlap.poolId)))].sort((left, right) => left - right);
    const kinds = (['exact', 'normalised', 'contained'] as const)
      .map((kind) => [kind, overlaps.filter((overlap) => overlap.kind === kind).length] as const)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`);
    const shown = rows.slice(0, ROWS_SHOWN).join(', ') + (rows.length > ROWS_SHOWN ? ', …' : '');
    return `${source}: ${new Set(overlaps.map((overlap) => overlap.heldOutId)).size} ${split} item(s) in training row(s) ${shown} (${kinds.join(', ')})`;
  });
}

function sourcesOf(found: readonly Found[]): string {
  return found.map((entry) => entry.source).join(', ');
}

/**
 * Training rows that match held-out items (findOverlaps: exact, normalised, or a held-out question
 * contained in a row). Test matches are flagged: the held-out score of anything trained on them
 * means little. Validation matches are a weaker note (validation is the agent's own feedback, so a
 * copy inflates only what it saw), reported but not flagged. A scored model whose rows cannot be
 * read is flagged as unverifiable; an adapter trained outside the dojo without its rows is not
 * checked (passed null): the harness cannot see them.
 */
export function checkHeldOutOverlap(data: readonly TrainingData[], heldOut: HeldOutKeys): IntegrityCheck[] {
  const memo = new Map<readonly unknown[], { validation: Overlap[]; test: Overlap[] }>();
  const overlapsOf = (rows: readonly unknown[]) => {
    let known = memo.get(rows);
    if (!known) {
      const keys = trainingRowKeys(rows);
      known = { validation: findOverlaps(keys, heldOut.validation), test: findOverlaps(keys, heldOut.test) };
      memo.set(rows, known);
    }
    return known;
  };
  const read = data.filter((entry): entry is TrainingData & { rows: readonly unknown[] } => entry.rows !== null);
  const found = (split: 'validation' | 'test'): Found[] =>
    read.map((entry) => ({ source: entry.source, overlaps: overlapsOf(entry.rows)[split] })).filter((entry) => entry.overlaps.length > 0);
  const test = found('test');
  const validation = found('validation');
  const missing = data.filter((entry) => entry.rows === null);
  const requiredMissing = missing.filter((entry) => entry.required);
  const checked = read.length ? `${read.length} training set(s) checked (${read.map((entry) => entry.source).join(', ')})` : 'no training rows to check';

  let testCheck: IntegrityCheck;
  if (test.length)
    testCheck = {
      rule: 'held-out-overlap',
      passed: false,
      flag: 'held-out-overlap',
      detail: `training rows of ${sourcesOf(test)} match held-out test items: ${checked}`,
      examples: examplesOf(test, 'test'),
    };
  else if (requiredMissing.length)
    testCheck = {
      rule: 'held-out-overlap',
      passed: false,
      flag: 'unverifiable-training-data',
      detail: `the training rows of what is scored cannot be checked: ${requiredMissing.map((entry) => entry.problem ?? entry.source).join('; ')}`,
      examples: requiredMissing.map((entry) => entry.source),
    };
  else if (!read.length && missing.length)
    testCheck = {
      rule: 'held-out-overlap',
      passed: null,
      flag: null,
      detail: `not checked: the harness cannot see the training rows of ${missing.map((entry) => entry.source).join(', ')}`,
    };
  else testCheck = { rule: 'held-out-overlap', passed: true, flag: null, detail: `no training row matches a held-out test item: ${checked}` };

  const validationCheck: IntegrityCheck = validation.length
    ? {
        rule: 'validation-overlap',
        passed: false,
        flag: null,
        detail: `training rows of ${sourcesOf(validation)} match validation items: the agent's own validation scores of those experiments are inflated (a note, not a flag)`,
        examples: examplesOf(validation, 'validation'),
      }
    : { rule: 'validation-overlap', passed: read.length ? true : null, flag: null, detail: `no training row matches a validation item: ${checked}` };
  return [testCheck, validationCheck];
}
