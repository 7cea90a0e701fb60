import { z } from 'zod';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { loadChemistry } from './load-chemistry.js';
import { INVALID_SMILES, answerOutcome, formatErrorOutcome } from './outcome.js';
import { invalidSampleSmiles, referenceSmiles } from './sample-fields.js';
import { extractSmilesAnswer } from './smiles-answer.js';
import { canonicalSmiles } from './smiles.js';

export const smilesExactParams = z.object({
  /** The JSON field holding the answer. */
  field: z.string().min(1).default('output'),
  /** When `reference` is an object, the key holding the gold SMILES (e.g. "Major Product"). */
  referenceKey: z.string().min(1).optional(),
  /**
   * Whether stereochemistry must match. Off by default, as in ChemCoTBench, which compares
   * canonical SMILES written without stereo.
   */
  stereo: z.boolean().default(false),
});

/**
 * Accuracy of SMILES answers by canonical identity with the gold: same molecule, or the same set
 * of components for a multi-component answer (reactant sets), in any order and any valid spelling.
 */
export const smilesExact: ScorerEntry<typeof smilesExactParams> = {
  id: 'smiles-exact',
  description: 'accuracy: the answer is the gold molecule (or component set) by canonical SMILES',
  direction: 'higher',
  params: smilesExactParams,
  async create({ field, referenceKey, stereo }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    return {
      id: 'smiles-exact',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const gold = canonicalSmiles(rdkit, referenceSmiles(sample, referenceKey), { stereo });
        if (gold === null) throw invalidSampleSmiles(sample, 'the gold SMILES');
        const answer = extractSmilesAnswer(output, field);
        if (!answer.ok) return formatErrorOutcome(sample, answer.reason);
        const predicted = canonicalSmiles(rdkit, answer.smiles, { stereo });
        if (predicted === null) return answerOutcome(sample, 0, answer.smiles, INVALID_SMILES);
        return predicted === gold ? answerOutcome(sample, 1, answer.smiles) : answerOutcome(sample, 0, answer.smiles, 'different-molecule');
      },
      aggregate: (outcomes) => mean(outcomes.map((outcome) => outcome.value)),
    };
  },
};
