import { z } from 'zod';
import { FtdojoError } from '../../core/index.js';
import type { Sample } from '../../core/index.js';
import { mean } from '../scorer.js';
import type { Scorer, ScorerEntry } from '../scorer.js';
import { leftOutOutcome, macroOverSubtasks } from '../scorers/json-chemcotbench-aggregate.js';
import { readChemcotbenchField } from '../scorers/json-chemcotbench.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { FUNCTIONAL_GROUPS, countFunctionalGroup, countFunctionalGroupIn, groupOverlap, isFunctionalGroup } from './functional-groups.js';
import { loadChemistry } from './load-chemistry.js';
import type { RDKit } from './load-chemistry.js';
import { INVALID_SMILES, answerOutcome, formatErrorOutcome } from './outcome.js';
import { invalidSampleSmiles, metaString, optionalMetaString } from './sample-fields.js';
import { withPythonMolecule } from './python-smiles.js';
import { extractSmilesAnswer } from './smiles-answer.js';

export const molEditAccuracyParams = z.object({
  /** The JSON field holding the edited molecule. */
  field: z.string().min(1).default('output'),
  /**
   * Reproduce ChemCoTBench's check exactly: removed group -1 and added group +1 even when one
   * group contains the other. Off by default because that rule fails 2 of the benchmark's own
   * 100 gold edits (hydroxyl -> carboxyl: the carboxyl's OH is itself a hydroxyl).
   */
  literal: z.boolean().default(false),
  scoring: ScoringParamSchema,
});

/** The sample meta this scorer reads. */
export const MOL_EDIT_META = {
  /** The molecule to edit (SMILES). */
  molecule: 'molecule',
  /** The group to add (add and substitute), a key of FUNCTIONAL_GROUPS. */
  addedGroup: 'addedGroup',
  /** The group to remove (delete and substitute). */
  removedGroup: 'removedGroup',
} as const;

/**
 * Molecule-editing success as ChemCoTBench judges it (eval_moledit.py, check_edit_*_valid): the
 * answer is valid SMILES and the named group's count changed by exactly one against the input
 * molecule: +1 of the added group (add), -1 of the removed group (delete), or both (substitute).
 * Nothing else about the molecule is checked, so any correct edit passes, not just the gold one.
 * The operation follows from which of meta.addedGroup / meta.removedGroup are set.
 *
 * One correction, unless `literal`: a substitution's expected changes account for groups that
 * contain each other (swapping a hydroxyl for a carboxyl keeps the hydroxyl count, since the acid
 * brings its own OH). For add, delete and non-overlapping swaps the rule is ChemCoTBench's.
 *
 * `official` is ChemCoTBench's own run (moledit_eval_demo.ipynb with eval_moledit.py at ac04f91):
 * the literal rule; an output that is not bare JSON or lacks the field is left out of the rate;
 * the answer is read by Python RDKit's rules, so "" is a valid molecule with no groups (a correct
 * deletion of a group that occurred once); and the task's number is the mean of the add, delete
 * and substitute rates, as the paper reports it, where `corrected` pools the items.
 */
export const molEditAccuracy: ScorerEntry<typeof molEditAccuracyParams> = {
  id: 'mol-edit-accuracy',
  description: 'share of edits that are valid SMILES and change the named functional-group counts by exactly one',
  direction: 'higher',
  params: molEditAccuracyParams,
  async create({ field, literal, scoring }): Promise<Scorer> {
    const rdkit = await loadChemistry();
    if (scoring === 'official') return officialMolEditAccuracy(rdkit, field);
    return {
      id: 'mol-edit-accuracy',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const edit = readEdit(rdkit, sample, literal);
        const answer = extractSmilesAnswer(output, field);
        if (!answer.ok) return formatErrorOutcome(sample, answer.reason);
        const failures: string[] = [];
        for (const { group, change, before } of edit.expectations) {
          const after = countFunctionalGroup(rdkit, answer.smiles, group);
          if (after === null) return answerOutcome(sample, 0, answer.smiles, INVALID_SMILES);
          if (after - before !== change) failures.push(`${group} count ${before} -> ${after}, expected ${before + change}`);
        }
        return failures.length === 0 ? answerOutcome(sample, 1, answer.smiles) : answerOutcome(sample, 0, answer.smiles, `wrong-edit: ${failures.join('; ')}`);
      },
      aggregate: (outcomes) => mean(outcomes.map((outcome) => outcome.value)),
    };
  },
};

function officialMolEditAccuracy(rdkit: RDKit, field: string): Scorer {
  return {
    id: 'mol-edit-accuracy',
    direction: 'higher',
    best: 1,
    score(output, sample) {
      const { expectations } = readEdit(rdkit, sample, true);
      const reading = readChemcotbenchField(output, field);
      if (reading.kind !== 'value') return leftOutOutcome(sample, reading, 0);
      const answer = reading.value;
      // is_valid_smiles() of a non-string raises inside a try: the check returns False.
      if (typeof answer !== 'string') return answerOutcome(sample, 0, JSON.stringify(answer), 'not a SMILES string');
      const failures = withPythonMolecule(rdkit, answer, (molecule) =>
        expectations.flatMap(({ group, change, before }) => {
          const after = countFunctionalGroupIn(rdkit, molecule, group);
          return after - before === change ? [] : [`${group} count ${before} -> ${after}, expected ${before + change}`];
        }),
      );
      if (failures === null) return answerOutcome(sample, 0, answer, INVALID_SMILES);
      return failures.length === 0 ? answerOutcome(sample, 1, answer) : answerOutcome(sample, 0, answer, `wrong-edit: ${failures.join('; ')}`);
    },
    aggregate: (outcomes) => macroOverSubtasks(outcomes),
  };
}

interface Expectation {
  group: string;
  change: number;
  /** The group's count in the input molecule. */
  before: number;
}

/** What a sample asks for, checked: a valid input molecule and known group names. */
function readEdit(rdkit: RDKit, sample: Sample, literal: boolean): { expectations: Expectation[] } {
  const molecule = metaString(sample, MOL_EDIT_META.molecule);
  const added = optionalMetaString(sample, MOL_EDIT_META.addedGroup);
  const removed = optionalMetaString(sample, MOL_EDIT_META.removedGroup);
  if (added === undefined && removed === undefined) {
    throw new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: meta has neither addedGroup nor removedGroup`, {
      fault: 'internal',
      hint: 'set meta.addedGroup (add), meta.removedGroup (delete) or both (substitute)',
    });
  }
  const groups = [removed, added].filter((group): group is string => group !== undefined);
  for (const group of groups) {
    if (!isFunctionalGroup(group)) {
      throw new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: unknown functional group "${group}"`, {
        fault: 'internal',
        hint: `known groups: ${Object.keys(FUNCTIONAL_GROUPS).join(', ')}`,
      });
    }
  }
  // Expected change of a group's count: what the added fragment brings minus what the removed
  // fragment takes away. Without overlap between the two groups this is exactly +1 / -1.
  const change = (group: string): number => {
    if (literal) return group === added ? 1 : -1;
    const gained = added === undefined ? 0 : groupOverlap(rdkit, group, added);
    const lost = removed === undefined ? 0 : groupOverlap(rdkit, group, removed);
    return gained - lost;
  };
  const expectations = groups.map((group): Expectation => {
    const before = countFunctionalGroup(rdkit, molecule, group);
    if (before === null) throw invalidSampleSmiles(sample, 'meta.molecule');
    return { group, change: change(group), before };
  });
  return { expectations };
}
