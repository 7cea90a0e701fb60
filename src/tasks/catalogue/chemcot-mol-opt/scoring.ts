import type { MetricScoring, ScoringDifference } from '../../../core/index.js';

/**
 * The scoring modes of chemcot-mol-opt's metrics, for its card. src/eval/differential/fixtures/chemcot-mol-opt
 * holds the differential fixture that proves `official` item by item.
 */
const SOURCE =
  'ChemCoTBench (github.com/IDEA-XL/ChemCoTBench @ ac04f91): baseline_and_eval/molopt_eval_demo.ipynb, the evaluation its README names, with eval/eval_molopt.py and eval/eval_metric.py (property_improvement, TDC oracles)';
const PROVEN =
  'Checked item by item against that code, run unchanged on RDKit 2023.09 and PyTDC 1.1.15, on every item of the mini validation split (src/eval/differential/fixtures/chemcot-mol-opt): 100% agreement where it can run.';

export const BIOACTIVITY_UNSUPPORTED =
  "DRD2, GSK3-beta and JNK3 are unsupported in both modes: their oracles are TDC's scikit-learn models, pickled and downloaded from Harvard Dataverse at run time (ChemCoTBench's own copies are absent from its snapshot), which nothing offline or in TypeScript can run; their metrics report no value (never 0) and the primary metric covers only LogP, QED and solubility";

const CRASHES: ScoringDifference = {
  what: 'answers the official run raises on',
  official:
    'JSON that is an array or a number, an object without the answer field, a non-string answer and the empty answer "" (its scaffold check calls MurckoScaffoldSmiles(""), which raises) stop the run: such an item has no official score and is left out, saying so.',
  corrected: 'Counts each as a format error (0), so every item counts.',
  example: '{"output": ""}: official left out (raises), corrected 0.',
};

const PROSE: ScoringDifference = {
  what: 'reasoning before the JSON',
  official:
    'json.loads runs on the whole output (after a </think> block and a ```json fence are cut away): reasoning before the object makes the answer invalid, a 0.',
  corrected: 'Reads the last JSON object in the output, as the output format allows reasoning before it.',
  example: 'Source c1ccccc1CCO, QED task, "Adding an acetyl: {"output": "c1ccccc1CCOC(=O)C"}": official 0, corrected 1 (QED 0.625 -> 0.637).',
};

const NAME: ScoringDifference = {
  what: 'text after the SMILES',
  official: 'Python RDKit reads whatever follows whitespace as the molecule\'s name, so "c1ccccc1CCOC(=O)C (an ester)" is the ester.',
  corrected: 'A SMILES with whitespace in it is invalid.',
  example: 'Source c1ccccc1CCO, QED task, {"output": "c1ccccc1CCOC(=O)C (an ester)"}: official 1, corrected 0.',
};

const AVERAGED: ScoringDifference = {
  what: 'properties averaged vs items pooled',
  official: 'Each property is scored on its own (the paper reports them) and the task number is their mean.',
  corrected: 'One rate over all items of the metric.',
  example: 'QED 13/13 and solubility 0/14 (LogP unsupported): official 0.5, corrected 13/27 = 0.481.',
};

export const SUCCESS_SCORING: MetricScoring = {
  official:
    `${SOURCE}: success when oracle(answer) - oracle(source) > 0, with RDKit's QED and ChemCoTBench's ESOL; the rate per property, then their mean. ` +
    "Cannot run here: TDC's LogP oracle is penalised LogP (Crippen LogP minus normalised synthetic-accessibility and large-ring penalties), and the synthetic-accessibility score needs RDKit's 9 MB SA fragment table, which this build does not carry, so in `official` mode LogP items are left out as unsupported (each says so) and the number covers QED and solubility. " +
    `${BIOACTIVITY_UNSUPPORTED}. ${PROVEN}`,
  differences: [
    {
      what: 'the LogP oracle',
      official:
        "TDC's penalised LogP, which punishes synthetic complexity and any ring TDC's cycle basis sees as larger than six atoms (fused and bridged systems included); not computable here.",
      corrected: "Crippen LogP (RDKit's MolLogP), the property the prompt names.",
      example:
        'Source c1ccccc1CCO, answer c1ccccc1CCOC12CC3CC(CC(C3)C1)C2 (an adamantyl ether): official penalised LogP 1.44 -> -6.02, a failure; corrected Crippen LogP 1.22 -> 4.22, a success.',
    },
    {
      what: 'the source molecule written another way',
      official:
        'Not checked: oracle(answer) - oracle(source) > 0 decides, and the same molecule read from another spelling can differ in the last bits (descriptor sums follow atom order), which counts as an improvement; 7 of the 40 mini validation sources, rewritten, did.',
      corrected: 'An answer that is the source molecule (by canonical SMILES) fails as "unchanged".',
      example:
        'QED task, source CC(C)Cc1ccc(C(C)C(=O)O)cc1 (ibuprofen), answer c1c(CC(C)C)ccc(C(C)C(=O)O)c1 (ibuprofen again): official 1 (QED up by 1.1e-16), corrected 0.',
    },
    PROSE,
    NAME,
    CRASHES,
    AVERAGED,
  ],
};

export const VALIDITY_SCORING: MetricScoring = {
  official: `${SOURCE}: valid_smiles_rate, answers Python RDKit reads (so "" would be valid, had the run not raised on it), per property, then their mean; outputs that are not bare JSON are invalid. ${PROVEN}`,
  differences: [
    { ...PROSE, example: '"Here it is: {"output": "CCO"}": official invalid (0), corrected valid (1).' },
    { ...NAME, example: '{"output": "CCO (ethanol)"}: official valid (1), corrected invalid (0).' },
    CRASHES,
    { ...AVERAGED, example: 'LogP 14/14, QED 13/13, solubility 0/13 valid: official (1 + 1 + 0) / 3 = 0.667, corrected 27/40 = 0.675.' },
  ],
};
