import { z } from 'zod';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { leftOutOutcome, macroOverSubtasks } from '../scorers/json-chemcotbench-aggregate.js';
import { readChemcotbenchField } from '../scorers/json-chemcotbench.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { evaluateReactionItem, parseRawResponse } from './chemcotbench-reaction.js';
import { scaffoldConsistency } from './chemcotbench-scaffold.js';
import { loadChemistry, type RDKit } from './load-chemistry.js';
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
  /** Fingerprint length (corrected mode): 2048 as TDC. `official` uses what ChemCoTBench uses. */
  bits: z.number().int().min(64).max(16384).default(2048),
  scoring: ScoringParamSchema,
  /**
   * What `official` reproduces: ChemCoTBench's fingerprint similarity of reaction predictions
   * (FTS: the mean of RDKit, MACCS and count-based Morgan Tanimoto, times the validity rate), or
   * its soft scaffold consistency (the Murcko-scaffold task).
   */
  official: z.enum(['fingerprint-similarity', 'scaffold-consistency']).default('fingerprint-similarity'),
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
  async create({ field, referenceKey, radius, bits, scoring, official }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    if (scoring === 'official')
      return official === 'scaffold-consistency' ? officialScaffold(rdkit, field, referenceKey) : officialFts(rdkit, field, referenceKey);
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

/**
 * ChemCoTBench's reaction FTS, per item and per subtask (rxn_eval_demo.ipynb): the item's value
 * is the mean of its RDKit, MACCS and count-based Morgan Tanimoto similarities (0 when either
 * side does not canonicalise); a subtask's FTS is the mean of those times the share of valid
 * predictions, so an invalid answer costs twice; the task's number is the mean over subtasks.
 */
function officialFts(rdkit: RDKit, field: string, referenceKey: string | undefined): Scorer {
  return {
    id: 'smiles-tanimoto',
    direction: 'higher',
    best: 1,
    score(output, sample) {
      const answer = parseRawResponse(output, field);
      const result = evaluateReactionItem(rdkit, answer, referenceSmiles(sample, referenceKey));
      if (!result.ok) return leftOutOutcome(sample, { kind: 'crash', reason: result.crash }, 0);
      const { validity, rdk, maccs, morgan } = result.evaluation;
      const value = (rdk + maccs + morgan) / 3;
      const facts = { validity, rdk, maccs, morgan };
      if (answer === '') return { ...formatErrorOutcome(sample, `no ${JSON.stringify(field)} value found`), facts };
      return answerOutcome(sample, value, answer, validity === 0 ? INVALID_SMILES : value === 1 ? undefined : 'partial-similarity', facts);
    },
    aggregate: (outcomes) =>
      macroOverSubtasks(outcomes, (kept) => {
        const similarity = mean(kept.map((outcome) => outcome.value));
        const validity = mean(kept.map((outcome) => Number(outcome.facts?.validity ?? 0)));
        return similarity === null || validity === null ? null : similarity * validity;
      }),
  };
}

/** ChemCoTBench's soft scaffold consistency of a Murcko-scaffold answer (./chemcotbench-scaffold.ts), averaged per subtask. */
function officialScaffold(rdkit: RDKit, field: string, referenceKey: string | undefined): Scorer {
  return {
    id: 'smiles-tanimoto',
    direction: 'higher',
    best: 1,
    score(output, sample) {
      const reading = readChemcotbenchField(output, field, { dropEmptyString: true });
      if (reading.kind !== 'value') return leftOutOutcome(sample, reading, 0);
      const result = scaffoldConsistency(rdkit, referenceSmiles(sample, referenceKey), reading.value);
      if (!result.ok) return leftOutOutcome(sample, { kind: 'crash', reason: result.crash }, 0);
      const extracted = typeof reading.value === 'string' ? reading.value : JSON.stringify(reading.value);
      return answerOutcome(sample, result.similarity, extracted, result.similarity === 1 ? undefined : result.detail);
    },
    aggregate: (outcomes) => macroOverSubtasks(outcomes),
  };
}
