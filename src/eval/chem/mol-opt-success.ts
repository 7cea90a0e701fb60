import { z } from 'zod';
import type { Sample } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { leftOutOutcome, macroOverSubtasks } from '../scorers/json-chemcotbench-aggregate.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { officialOptimisation } from './chemcotbench-optimisation.js';
import { loadChemistry } from './load-chemistry.js';
import { MOLECULAR_PROPERTIES, UNSUPPORTED_PROPERTIES, propertyValue } from './molecular-property.js';
import type { MolecularProperty } from './molecular-property.js';
import { INVALID_SMILES, answerOutcome, formatErrorOutcome } from './outcome.js';
import { invalidSampleSmiles, metaString } from './sample-fields.js';
import { extractSmilesAnswer } from './smiles-answer.js';
import { canonicalSmiles } from './smiles.js';

export const molOptSuccessParams = z.object({
  /** The property to raise; when absent each sample names its own in meta.property (a task mixing properties). */
  property: z.enum(MOLECULAR_PROPERTIES).optional(),
  /** The JSON field holding the optimised molecule (ChemCoTBench's own prompt asks for "Final Target Molecule"). */
  field: z.string().min(1).default('output'),
  scoring: ScoringParamSchema,
});

/** The sample meta this scorer reads: meta.source, the molecule to optimise (SMILES). */
export const MOL_OPT_META = { source: 'source', property: 'property' } as const;

/**
 * Molecule-optimisation success rate, ChemCoTBench's `success_rate`: the answer is valid SMILES,
 * is not the source molecule, and its property is strictly higher than the source's (higher is
 * better for every property, LogP included; see ./molecular-property.ts). Unreadable and invalid
 * answers count as failures, so the denominator is every sample.
 *
 * DRD2, GSK3-beta and JNK3 need TDC's trained oracles: their scorer is created with `unsupported`
 * set and refuses to score, rather than report a number it cannot compute.
 *
 * `official` is ChemCoTBench's own run (see ./chemcotbench-optimisation.ts): a changed molecule
 * is not required (the source rewritten can pass on float noise), output that is not bare JSON is
 * a failure, JSON the notebook raises on is left out, LogP is TDC's penalised LogP, which this
 * build cannot compute, so LogP items are left out as unsupported, and the number is the mean of
 * the per-property success rates.
 */
export const molOptSuccess: ScorerEntry<typeof molOptSuccessParams> = {
  id: 'mol-opt-success',
  description: 'share of answers that are valid, differ from the source molecule and raise the named property',
  direction: 'higher',
  params: molOptSuccessParams,
  async create({ property, field, scoring }): Promise<Scorer> {
    const unsupported = property === undefined ? undefined : UNSUPPORTED_PROPERTIES[property];
    const rdkit = unsupported === undefined ? await loadChemistry() : undefined;
    const propertyOf = (sample: Sample): MolecularProperty => {
      if (property !== undefined) return property;
      const named = metaString(sample, MOL_OPT_META.property);
      if (!(MOLECULAR_PROPERTIES as readonly string[]).includes(named)) {
        throw new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: meta.property "${named}" is not one of ${MOLECULAR_PROPERTIES.join(', ')}`);
      }
      if (UNSUPPORTED_PROPERTIES[named as MolecularProperty] !== undefined) {
        throw new FtdojoError('UNSUPPORTED', `sample ${sample.id}: ${named} needs an oracle: ${UNSUPPORTED_PROPERTIES[named as MolecularProperty]}`, {
          hint: "restrict this metric to the properties RDKit can compute (the metric's subtasks)",
          fault: 'environment',
        });
      }
      return named as MolecularProperty;
    };
    if (scoring === 'official' && rdkit !== undefined) {
      return {
        id: 'mol-opt-success',
        direction: 'higher',
        best: 1,
        score(output, sample) {
          const judged = officialOptimisation(rdkit, output, sample, field, propertyOf(sample), metaString(sample, MOL_OPT_META.source), true);
          if (judged.kind === 'left-out') return leftOutOutcome(sample, judged.leftOut, 0);
          if (judged.answer === null) return formatErrorOutcome(sample, judged.detail ?? 'invalid');
          return answerOutcome(sample, judged.success ? 1 : 0, judged.answer, judged.detail, judged.facts);
        },
        aggregate: (outcomes) => macroOverSubtasks(outcomes),
      };
    }
    return {
      id: 'mol-opt-success',
      direction: 'higher',
      best: 1,
      unsupported,
      score(output, sample) {
        const property = propertyOf(sample);
        if (rdkit === undefined) {
          throw new FtdojoError('UNSUPPORTED', `mol-opt-success cannot score ${property}: ${unsupported}`, { fault: 'environment' });
        }
        const source = metaString(sample, MOL_OPT_META.source);
        const sourceValue = propertyValue(rdkit, source, property);
        const sourceCanonical = canonicalSmiles(rdkit, source);
        if (sourceValue === null || sourceCanonical === null) throw invalidSampleSmiles(sample, 'meta.source');
        const answer = extractSmilesAnswer(output, field);
        if (!answer.ok) return formatErrorOutcome(sample, answer.reason);
        const value = propertyValue(rdkit, answer.smiles, property);
        if (value === null) return answerOutcome(sample, 0, answer.smiles, INVALID_SMILES);
        const facts = { property, sourceValue, value, improvement: value - sourceValue };
        if (canonicalSmiles(rdkit, answer.smiles) === sourceCanonical) {
          return answerOutcome(sample, 0, answer.smiles, 'unchanged: the answer is the source molecule', facts);
        }
        return value > sourceValue
          ? answerOutcome(sample, 1, answer.smiles, undefined, facts)
          : answerOutcome(sample, 0, answer.smiles, `no-improvement: ${property} ${format(sourceValue)} -> ${format(value)}`, facts);
      },
      aggregate: (outcomes) => mean(outcomes.map((outcome) => outcome.value)),
    };
  },
};

function format(value: number): string {
  return value.toFixed(3);
}
