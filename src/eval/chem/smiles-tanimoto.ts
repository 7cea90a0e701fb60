import { z } from 'zod';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { loadChemistry } from './load-chemistry.js';
import { morganFingerprint, tanimoto } from './morgan-similarity.js';
import { INVALID_SMILES, answerOutcome, formatErrorOutcome } from './outcome.js';
import { invalidSampleSmiles, referenceSmiles } from './sample-fields.js';
import { extractSmilesAnswer } from './smiles-answer.js';

export const smilesTanimotoParams = z.object({
  /** The JSON field holding the answer (ChemCoTBench's scaffold task uses "Output Scaffold"). */
  field: z.string().min(1).default('output'),
  /** When `reference` is an object, the key holding the gold SMILES (e.g. "Major Product"). */
  referenceKey: z.string().min(1).optional(),
  radius: z.number().int().min(0).max(6).default(2),
  /** Fingerprint length: 2048 as TDC; ChemCoTBench's scaffold similarity folds to 1024. */
  bits: z.number().int().min(64).max(16384).default(2048),
});

/**
 * Morgan-fingerprint Tanimoto similarity between the answer and the gold SMILES, 0 for an invalid
 * answer: scaffold similarity (TMS) for Murcko-scaffold extraction and fingerprint similarity
 * (FTS) for reactions. A multi-component gold (a retrosynthesis reactant set, "A.B") is
 * fingerprinted as one mixture, as ChemCoTBench does, so component order does not matter.
 */
export const smilesTanimoto: ScorerEntry<typeof smilesTanimotoParams> = {
  id: 'smiles-tanimoto',
  description: 'mean Morgan-fingerprint Tanimoto similarity of the answer to the gold SMILES (0 when invalid)',
  direction: 'higher',
  params: smilesTanimotoParams,
  async create({ field, referenceKey, radius, bits }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    return {
      id: 'smiles-tanimoto',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const gold = morganFingerprint(rdkit, referenceSmiles(sample, referenceKey), { radius, bits });
        if (gold === null) throw invalidSampleSmiles(sample, 'the gold SMILES');
        const answer = extractSmilesAnswer(output, field);
        if (!answer.ok) return formatErrorOutcome(sample, answer.reason);
        const predicted = morganFingerprint(rdkit, answer.smiles, { radius, bits });
        if (predicted === null) return answerOutcome(sample, 0, answer.smiles, INVALID_SMILES);
        const similarity = tanimoto(predicted, gold);
        return answerOutcome(sample, similarity, answer.smiles, similarity === 1 ? undefined : 'partial-similarity');
      },
      aggregate: (outcomes) => mean(outcomes.map((outcome) => outcome.value)),
    };
  },
};
