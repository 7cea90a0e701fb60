import { FtdojoError, type Sample } from '../../core/index.js';
import type { LeftOut } from '../scorers/json-chemcotbench-aggregate.js';
import { readChemcotbenchField } from '../scorers/json-chemcotbench.js';
import type { Molecule, RDKit } from './load-chemistry.js';
import { esolSolubility, type MolecularProperty } from './molecular-property.js';
import { withPythonMolecule } from './python-smiles.js';
import { invalidSampleSmiles } from './sample-fields.js';
import { qedFromProperties, qedProperties } from './qed.js';

/**
 * One optimisation answer as ChemCoTBench's own run judges it (molopt_eval_demo.ipynb with
 * eval/eval_metric.py's `property_improvement` at ac04f91), for the `official` mode:
 * - an output that is not bare JSON (or is a JSON string) is invalid: it stays in the
 *   denominator and scores 0, unlike the understanding and editing notebooks, which drop it;
 * - JSON that is an array or number, a missing field, or a non-string answer makes the notebook
 *   raise (`.keys()`, its length assertion, MolFromSmiles of a non-string): left out;
 * - the answer is valid when Python RDKit reads it, so "" (a molecule with no atoms) is valid;
 * - success means oracle(answer) - oracle(source) > 0, with TDC's oracles: RDKit QED, which gives
 *   the empty molecule 0.339; ESOL, whose calculator returns None for the empty molecule (a 0);
 *   and TDC's penalised LogP, which needs the synthetic-accessibility fragment table that this
 *   build does not carry: every LogP item is left out of the success rate as unsupported.
 * `needsOracle` is false for the validity rate, which needs none.
 */
export type OfficialOptimisation =
  | { kind: 'left-out'; leftOut: LeftOut }
  | { kind: 'judged'; answer: string | null; valid: boolean; success: boolean; detail?: string; facts?: Record<string, number | string> };

export const PENALISED_LOGP_UNSUPPORTED =
  "TDC's LogP oracle is penalised LogP (Crippen LogP minus synthetic accessibility and large-ring penalties); the synthetic-accessibility score needs RDKit's 9 MB SA fragment table, which this build does not carry";

export function officialOptimisation(
  rdkit: RDKit,
  output: string,
  sample: Sample,
  field: string,
  property: MolecularProperty,
  source: string,
  needsOracle: boolean,
): OfficialOptimisation {
  const reading = readChemcotbenchField(output, field, { stringIsUnreadable: true, missingFieldCrashes: true });
  if (reading.kind === 'crash') return { kind: 'left-out', leftOut: reading };
  const answer = reading.kind === 'value' ? reading.value : null;
  if (answer !== null && typeof answer !== 'string')
    return { kind: 'left-out', leftOut: { kind: 'crash', reason: 'Chem.MolFromSmiles of a non-string raises in is_valid_smiles' } };
  // The scaffold check that follows property_improvement calls MurckoScaffoldSmiles(""), which raises.
  if (answer === '') return { kind: 'left-out', leftOut: { kind: 'crash', reason: 'MurckoScaffoldSmiles("") raises in scaffold_consistency' } };
  // Without its oracle no LogP item has a score here, a failed one included: a rate over the
  // failures alone would be a number, and a wrong one.
  if (property === 'logp' && needsOracle) return { kind: 'left-out', leftOut: { kind: 'unsupported', reason: PENALISED_LOGP_UNSUPPORTED } };
  if (answer === null) return { kind: 'judged', answer: null, valid: false, success: false, detail: `invalid: ${(reading as { reason: string }).reason}` };
  const judged = withPythonMolecule(rdkit, answer, (molecule): OfficialOptimisation => {
    if (!needsOracle) return { kind: 'judged', answer, valid: true, success: false };
    const value = oracle(rdkit, molecule, property);
    if (value === null) return { kind: 'judged', answer, valid: true, success: false, detail: `the ${property} oracle returns None` };
    const sourceValue = withPythonMolecule(rdkit, source, (parsed) => oracle(rdkit, parsed, property)) ?? null;
    if (sourceValue === null) throw invalidSampleSmiles(sample, 'meta.source');
    const improvement = value - sourceValue;
    const facts = { property, sourceValue, value, improvement };
    return improvement > 0
      ? { kind: 'judged', answer, valid: true, success: true, facts }
      : { kind: 'judged', answer, valid: true, success: false, detail: `no-improvement: ${property} ${sourceValue.toFixed(3)} -> ${value.toFixed(3)}`, facts };
  });
  return judged ?? { kind: 'judged', answer, valid: false, success: false, detail: 'invalid-smiles' };
}

/** TDC's qed and ChemCoTBench's ESOL calculator; null where the official oracle returns None. */
function oracle(rdkit: RDKit, molecule: Molecule, property: MolecularProperty): number | null {
  if (property === 'qed') return qedFromProperties(qedProperties(rdkit, molecule));
  if (property === 'solubility') return molecule.get_num_atoms() === 0 ? null : esolSolubility(rdkit, molecule);
  throw new FtdojoError('INTERNAL', `no official oracle for ${property}`);
}
