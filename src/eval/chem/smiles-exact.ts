import { z } from 'zod';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { leftOutOutcome, macroOverSubtasks } from '../scorers/json-chemcotbench-aggregate.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { evaluateReactionItem, parseRawResponse } from './chemcotbench-reaction.js';
import { loadChemistry, type RDKit } from './load-chemistry.js';
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
  scoring: ScoringParamSchema,
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
  async create({ field, referenceKey, stereo, scoring }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    if (scoring === 'official') return officialExact(rdkit, field, referenceKey);
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

/**
 * ChemCoTBench's exact match (evaluator.py `exact_match`, run by rxn_eval_demo.ipynb): both sides
 * canonicalised without stereo, then equal standard InChI (so two tautomers InChI merges match,
 * and two molecules InChI cannot describe, both "", match too); an unreadable answer is 0. The
 * answer is read by the notebook's `parse_raw_response`; subtasks are averaged.
 */
function officialExact(rdkit: RDKit, field: string, referenceKey: string | undefined): Scorer {
  return {
    id: 'smiles-exact',
    direction: 'higher',
    best: 1,
    score(output, sample) {
      const answer = parseRawResponse(output, field);
      const result = evaluateReactionItem(rdkit, answer, referenceSmiles(sample, referenceKey));
      if (!result.ok) return leftOutOutcome(sample, { kind: 'crash', reason: result.crash }, 0);
      if (answer === '') return formatErrorOutcome(sample, `no ${JSON.stringify(field)} value found`);
      const { exact, validity } = result.evaluation;
      return answerOutcome(sample, exact, answer, validity === 0 ? INVALID_SMILES : exact === 1 ? undefined : 'different-molecule');
    },
    aggregate: (outcomes) => macroOverSubtasks(outcomes),
  };
}
