import type { MetricScoring } from '../../../core/index.js';

/**
 * The scoring modes of chemcot-mol-edit's accuracy, for its card. src/eval/differential/fixtures/chemcot-mol-edit
 * holds the differential fixture that proves `official` item by item.
 */
export const EDIT_SCORING: MetricScoring = {
  official:
    'ChemCoTBench (github.com/IDEA-XL/ChemCoTBench @ ac04f91): baseline_and_eval/moledit_eval_demo.ipynb, the evaluation its README names, with eval/eval_moledit.py: ' +
    "the answer is right when the named groups' counts (its SMARTS, mol_prop) changed by exactly +1 / -1 against the input molecule; the rate of each of add, delete and substitute over the items it could read, and their mean, as the paper reports it. " +
    'Checked item by item against that code, run unchanged on RDKit 2023.09, on every item of the mini validation split (src/eval/differential/fixtures/chemcot-mol-edit): 100% agreement.',
  differences: [
    {
      what: 'subtasks averaged vs items pooled',
      official: 'The mean of the add, delete and substitute rates (the paper averages the three subtasks).',
      corrected: 'Accuracy over all editing items, so each item weighs the same (the mini splits hold 6 add, 6 delete and 18 substitute items).',
      example: 'add 6/6, delete 6/6, substitute 9/18: official (1 + 1 + 0.5) / 3 = 0.833, corrected 21/30 = 0.7.',
    },
    {
      what: 'groups that contain each other in a substitution',
      official:
        "Requires the removed group's count to drop by one even when the added group brings one of it, so swapping a hydroxyl for a carboxyl (whose OH is itself a hydroxyl) always fails: 2 of the benchmark's own 100 gold edits fail this way.",
      corrected: 'Expects the changes the swapped fragments actually bring: the hydroxyl count stays the same when a carboxyl replaces it.',
      example: 'Molecule CCO, replace the hydroxyl by a carboxyl, answer CCC(=O)O: official 0, corrected 1.',
    },
    {
      what: 'an empty answer',
      official: 'Python RDKit reads "" as a valid molecule with no atoms, so {"output": ""} is a correct deletion whenever the group occurred once.',
      corrected: 'An empty SMILES is no molecule: wrong.',
      example: 'Molecule CC(=O)c1ccc(Cl)cc1, delete the halogen, {"output": ""}: official 1, corrected 0.',
    },
    {
      what: 'text after the SMILES',
      official: 'Python RDKit reads whatever follows whitespace as the molecule\'s name, so "CC(=O)c1ccccc1 (chlorine removed)" is read as CC(=O)c1ccccc1.',
      corrected: 'A SMILES with whitespace in it is invalid.',
      example: 'Molecule CC(=O)c1ccc(Cl)cc1, delete the halogen, {"output": "CC(=O)c1ccccc1 (chlorine removed)"}: official 1, corrected 0.',
    },
    {
      what: 'an answer in a list',
      official: 'A list is not a string: the check returns False.',
      corrected: 'Reads a list of SMILES as one molecule (joined with ".").',
      example: 'Molecule CC(=O)c1ccc(Cl)cc1, delete the halogen, {"output": ["CC(=O)c1ccccc1"]}: official 0, corrected 1.',
    },
    {
      what: 'unreadable answers left out vs counted wrong',
      official: 'An output that is not bare JSON (reasoning before the object included) or lacks the "output" field is left out of the rate.',
      corrected: 'Reads the last JSON object in the output; with none, or no such field, the item counts as wrong.',
      example: 'Molecule CC(=O)c1ccc(Cl)cc1, delete the halogen, "Removing the chlorine gives {"output": "CC(=O)c1ccccc1"}": official left out, corrected 1.',
    },
  ],
};
