import { z } from 'zod';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { loadChemistry } from './load-chemistry.js';
import { INVALID_SMILES, answerOutcome, formatErrorOutcome } from './outcome.js';
import { extractSmilesAnswer } from './smiles-answer.js';
import { isValidSmiles } from './smiles.js';

export const smilesValidityParams = z.object({
  /** The JSON field holding the answer, e.g. "output" or "Final Target Molecule". */
  field: z.string().min(1).default('output'),
});

/**
 * Share of answers that are valid SMILES, the "valid" metric of molecule optimisation. An answer
 * that cannot be read counts as invalid, as in ChemCoTBench's valid-SMILES rate, whose
 * denominator is every sample.
 */
export const smilesValidity: ScorerEntry<typeof smilesValidityParams> = {
  id: 'smiles-validity',
  description: 'rate of answers that RDKit parses as valid SMILES (unreadable answers count as invalid)',
  direction: 'higher',
  params: smilesValidityParams,
  async create({ field }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    return {
      id: 'smiles-validity',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const answer = extractSmilesAnswer(output, field);
        if (!answer.ok) return formatErrorOutcome(sample, answer.reason);
        return isValidSmiles(rdkit, answer.smiles) ? answerOutcome(sample, 1, answer.smiles) : answerOutcome(sample, 0, answer.smiles, INVALID_SMILES);
      },
      aggregate: (outcomes) => mean(outcomes.map((outcome) => outcome.value)),
    };
  },
};
