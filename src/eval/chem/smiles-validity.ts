import { z } from 'zod';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { leftOutOutcome, macroOverSubtasks } from '../scorers/json-chemcotbench-aggregate.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { officialOptimisation } from './chemcotbench-optimisation.js';
import { loadChemistry } from './load-chemistry.js';
import type { MolecularProperty } from './molecular-property.js';
import { MOL_OPT_META } from './mol-opt-success.js';
import { metaString } from './sample-fields.js';
import { INVALID_SMILES, answerOutcome, formatErrorOutcome } from './outcome.js';
import { extractSmilesAnswer } from './smiles-answer.js';
import { isValidSmiles } from './smiles.js';

export const smilesValidityParams = z.object({
  /** The JSON field holding the answer, e.g. "output" or "Final Target Molecule". */
  field: z.string().min(1).default('output'),
  scoring: ScoringParamSchema,
});

/**
 * Share of answers that are valid SMILES, the "valid" metric of molecule optimisation. An answer
 * that cannot be read counts as invalid, as in ChemCoTBench's valid-SMILES rate, whose
 * denominator is every sample.
 *
 * `official` is that rate as ChemCoTBench's optimisation run computes it (`valid_smiles_rate`,
 * see ./chemcotbench-optimisation.ts), per property and averaged over them: Python RDKit's
 * reading, so "" is a valid molecule; output that is not bare JSON counts invalid; JSON the
 * notebook raises on is left out. Samples need meta.source and meta.property.
 */
export const smilesValidity: ScorerEntry<typeof smilesValidityParams> = {
  id: 'smiles-validity',
  description: 'rate of answers that RDKit parses as valid SMILES (unreadable answers count as invalid)',
  direction: 'higher',
  params: smilesValidityParams,
  async create({ field, scoring }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    if (scoring === 'official') {
      return {
        id: 'smiles-validity',
        direction: 'higher',
        best: 1,
        score(output, sample) {
          const property = metaString(sample, MOL_OPT_META.property) as MolecularProperty;
          const judged = officialOptimisation(rdkit, output, sample, field, property, metaString(sample, MOL_OPT_META.source), false);
          if (judged.kind === 'left-out') return leftOutOutcome(sample, judged.leftOut, 0);
          if (judged.answer === null) return formatErrorOutcome(sample, judged.detail ?? 'invalid');
          return judged.valid ? answerOutcome(sample, 1, judged.answer) : answerOutcome(sample, 0, judged.answer, INVALID_SMILES);
        },
        aggregate: (outcomes) => macroOverSubtasks(outcomes),
      };
    }
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
