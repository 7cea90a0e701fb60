import type { MetricScoring, ScoringDifference } from '../../../core/index.js';

/**
 * The scoring modes of chemcot-mol-und's metrics, for its card. `official` reproduces
 * ChemCoTBench's molecule-understanding evaluation; src/eval/differential/fixtures/chemcot-mol-und holds the
 * differential fixture that proves it item by item.
 */
const SOURCE =
  'ChemCoTBench (github.com/IDEA-XL/ChemCoTBench @ ac04f91): baseline_and_eval/molund_eval_demo.ipynb, the evaluation its README names, with eval/eval_molund.py';
const PROVEN =
  'Checked item by item against that code, run unchanged on RDKit 2023.09 (the version PyTDC pins), on every item of the mini validation split (src/eval/differential/fixtures/chemcot-mol-und): 100% agreement.';

const UNREADABLE: ScoringDifference = {
  what: 'unreadable answers left out vs counted wrong',
  official:
    'An output that is not bare JSON, lacks the "output" field or holds "" is left out of the score (JSON that is an array makes the notebook raise; such an item is left out and says so), so answering badly can score better than answering.',
  corrected: 'Counts it as a format error: wrong for accuracy, a penalty of max(|gold|, 1) for the count error, 0 similarity; every item counts.',
  example: 'Two items, one answered {"output": "Yes"} (right), one answered "I cannot tell.": official accuracy 1.0 (the second is left out), corrected 0.5.',
};

const PROSE: ScoringDifference = {
  what: 'reasoning before the JSON',
  official:
    'json.loads runs on the whole output (after a </think> block and a ```json fence are cut away), so "Both strings describe the same molecule. {"output": "Yes"}" is unreadable and left out.',
  corrected: 'Reads the last JSON object in the output, as the output format allows reasoning before it.',
  example: 'Gold Yes, output "Both strings describe the same molecule. {"output": "Yes"}": official left out, corrected 1.',
};

const AVERAGED: ScoringDifference = {
  what: 'subtasks averaged vs items pooled',
  official: 'Each subtask is scored on its own (the paper reports them) and the task number is their mean.',
  corrected: 'One score over all items of the metric, so every item weighs the same.',
  example: 'permutated 6/6 right, mutated 0/7, ring-system 7/7: official (1 + 0 + 1) / 3 = 0.667, corrected 13/20 = 0.65.',
};

export const ACCURACY_SCORING: MetricScoring = {
  official: `${SOURCE}: the answer is right when str(answer).lower() equals the expected word. ${PROVEN}`,
  differences: [
    {
      what: 'the ring-system check ignores the gold label (a bug)',
      official:
        'Counts every "yes" as right and every "no" as wrong, whatever the gold (eval_molund.py scores ring_system like permutated, whose answer is always yes); a third of the benchmark\'s ring-system items have gold "No".',
      corrected: 'Compares the answer with the gold label.',
      example: 'Ring-system item with gold "No": {"output": "No"} scores official 0, corrected 1; {"output": "Yes"} scores official 1, corrected 0.',
    },
    {
      what: 'spellings of yes and no',
      official: '"Yes." and the JSON boolean true are wrong (str(True).lower() is "true").',
      corrected: 'Accepts yes/no/true/false in any case, with a trailing period, and JSON booleans.',
      example: 'Gold Yes, {"output": "Yes."}: official 0, corrected 1.',
    },
    UNREADABLE,
    PROSE,
    AVERAGED,
  ],
};

export const COUNT_SCORING: MetricScoring = {
  official: `${SOURCE}: int() of the answer against int() of the gold, mean absolute error per subtask. ${PROVEN}`,
  differences: [
    {
      what: 'decimal answers',
      official:
        'int() truncates a JSON number (2.7 counts as 2); a string such as "2.0" passes the notebook\'s type check and then makes int() raise, stopping its run (left out here, and said so).',
      corrected: 'Takes the number as written: the error of 2.7 against 2 is 0.7, and "2.0" is 2.',
      example: 'Gold 2: {"output": 2.7} gives official error 0, corrected 0.7; {"output": "2.0"} gives official left out (raises), corrected 0.',
    },
    {
      what: 'true as a count',
      official: 'int(True) is 1, so a JSON boolean is read as the count 1.',
      corrected: 'A boolean is not a number: a format error.',
      example: 'Gold 3, {"output": true}: official error 2, corrected error 3 (the penalty).',
    },
    { ...UNREADABLE, example: 'Gold 3, "There are three.": official left out (an item that costs nothing), corrected error 3.' },
    { ...PROSE, example: 'Gold 2, "Two rings match. {"output": 2}": official left out, corrected error 0.' },
    { ...AVERAGED, example: 'group counts MAE 1.0 over 13 items, ring counts MAE 0.0 over 2: official 0.5, corrected 13/15 = 0.867.' },
  ],
};

export const SCAFFOLD_SCORING: MetricScoring = {
  official:
    `${SOURCE} and eval/eval_metric.py's scaffold_consistency (soft score): the Murcko scaffolds of the gold and of the answer (RDKit's MurckoScaffoldSmiles, rebuilt on MinimalLib, which lacks it; checked against RDKit 2023.09 on 1,864 molecules) ` +
    `score 1 when equal, else, if they share an atom by maximum common substructure, the Tanimoto similarity of their 1024-bit Morgan fingerprints (radius 2), else 0. ${PROVEN}`,
  differences: [
    {
      what: "the answer's scaffold is compared, not the answer",
      official:
        'Takes the Murcko scaffold of the answer first, so answering with the whole input molecule (or any molecule built on the right scaffold) scores 1.',
      corrected: "Compares the answer itself with the gold scaffold (2048-bit Morgan Tanimoto), so extracting the scaffold, the task's skill, is what scores.",
      example: 'Gold scaffold O=C(Cc1ccccc1)N1CCCC1, answer the input molecule CCOc1ccc(CC(=O)N2CCCC2)cc1: official 1, corrected 0.583.',
    },
    {
      what: 'text after the SMILES',
      official: 'Python RDKit reads whatever follows whitespace as the molecule\'s name, so "c1ccc(CC(=O)N2CCCC2)cc1 (the scaffold)" is read as the scaffold.',
      corrected: 'A SMILES with whitespace in it is invalid: a sentence is not an answer.',
      example: 'Gold O=C(Cc1ccccc1)N1CCCC1, {"output": "c1ccc(CC(=O)N2CCCC2)cc1 (the scaffold)"}: official 1, corrected 0.',
    },
    UNREADABLE,
    PROSE,
  ],
};
