import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FtdojoError } from '../core/index.js';
import type { ScorerEntry } from './scorer.js';
import { createScorer, createScorerLibrary, getScorerEntry, listScorers } from './scorer-library.js';
import { defineScorer } from './scorers/index.js';

const GENERAL_IDS = [
  'boxed-integer',
  'choice-letter',
  'exact-match',
  'json-field-exact',
  'json-macro-f1',
  'json-multilabel-f1',
  'json-number-mae',
  'json-yes-no',
  'numeric-tolerance',
  'pass-at-1-visualization',
  'rouge-l',
  'tablebench-answer',
];

function caught(action: () => unknown): FtdojoError {
  try {
    action();
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected an FtdojoError');
}

async function caughtAsync(action: () => Promise<unknown>): Promise<FtdojoError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected an FtdojoError');
}

const constantParams = z.strictObject({ value: z.number() });
const constant: ScorerEntry<typeof constantParams> = {
  id: 'constant',
  description: 'always the same value',
  direction: 'higher',
  params: constantParams,
  async create({ value }) {
    return defineScorer({ id: 'constant', direction: 'higher', best: 1, score: (_output, sample) => ({ id: sample.id, value, formatError: false }) });
  },
};

describe('the built-in scorer library', () => {
  it('lists every general scorer, sorted, with the chemistry ones', () => {
    const ids = listScorers().map((entry) => entry.id);
    for (const id of GENERAL_IDS) expect(ids).toContain(id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('smiles-tanimoto');
  });

  it('gets an entry by id', () => {
    expect(getScorerEntry('rouge-l').direction).toBe('higher');
    expect(getScorerEntry('json-number-mae').direction).toBe('lower');
  });

  it('explains an unknown id with a suggestion and the list of ids', () => {
    const error = caught(() => getScorerEntry('exact-mtch'));
    expect(error.code).toBe('UNKNOWN_SCORER');
    expect(error.message).toBe('unknown scorer "exact-mtch"; did you mean "exact-match"?');
    expect(error.hint).toMatch(/^Did you mean "exact-match"\? Scorers: .*boxed-integer, /);
  });

  it('suggests nothing for a far-off id', () => {
    expect(caught(() => getScorerEntry('accuracy')).message).toBe('unknown scorer "accuracy"');
  });

  it('creates a scorer with defaults filled in', async () => {
    const scorer = await createScorer('choice-letter', {});
    expect(scorer.id).toBe('choice-letter');
    expect(scorer.score('B', { id: 'x', prompt: '', reference: 'B', target: 'B', meta: {} }).value).toBe(1);
  });

  it('names the wrong param and how to fix it', async () => {
    const missing = await caughtAsync(() => createScorer('json-field-exact', {}));
    expect(missing.code).toBe('INVALID_INPUT');
    expect(missing.message).toBe('scorer "json-field-exact": params.field: Invalid input: expected string, received undefined');
    expect(missing.hint).toBe("Fix the metric's params in the task spec: it takes field (required), normalize.");

    const wrongValue = await caughtAsync(() => createScorer('json-field-exact', { field: 'answer', normalize: 'lower' }));
    expect(wrongValue.message).toMatch(/^scorer "json-field-exact": params\.normalize: /);

    const typo = await caughtAsync(() => createScorer('json-field-exact', { feild: 'answer' }));
    expect(typo.message).toMatch(/unknown param "feild" \(did you mean "field"\?\)/);

    const none = await caughtAsync(() => createScorer('boxed-integer', { field: 'answer' }));
    expect(none.hint).toMatch(/it takes no params; pass \{\}/);
  });
});

describe('createScorerLibrary', () => {
  it('registers additional entries and refuses a duplicate id', async () => {
    const library = createScorerLibrary([constant]);
    expect(library.list().map((entry) => entry.id)).toEqual(['constant']);
    expect((await library.create('constant', { value: 0.5 })).score('', { id: 'a', prompt: '', reference: null, target: '', meta: {} }).value).toBe(0.5);
    expect(caught(() => library.register(constant)).message).toMatch(/registered twice/);
  });

  it('is independent of the built-in library', () => {
    expect(() => createScorerLibrary().get('rouge-l')).toThrow(/unknown scorer/);
  });
});
