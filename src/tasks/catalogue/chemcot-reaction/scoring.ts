import type { MetricScoring, ScoringDifference } from '../../../core/index.js';

/**
 * The scoring modes of chemcot-reaction's metrics, for its card. src/eval/differential/fixtures/chemcot-reaction
 * holds the differential fixture that proves `official` item by item.
 */
const SOURCE =
  "ChemCoTBench (github.com/IDEA-XL/ChemCoTBench @ ac04f91): baseline_and_eval/rxn_eval_demo.ipynb, the evaluation its README names, with evaluator.py's MoleculeSMILESEvaluator. " +
  'The notebook reads its reference model\'s answer between <|answer_start|> tags; for our JSON answers it is given the notebook\'s own JSON reader, parse_raw_response(output, "output"). ' +
  'Both sides are canonicalised without stereo and read back (None for "" or unreadable SMILES)';
const PROVEN =
  'Checked item by item against that code, run unchanged on RDKit 2023.09, on every item of the mini validation split (src/eval/differential/fixtures/chemcot-reaction): 100% agreement, each similarity included.';

const LIST: ScoringDifference = {
  what: 'a reactant set written as a list',
  official:
    'Outside a ```json fence the reader takes the text after "output": up to the first comma, so {"output": ["CC(=O)O", "Nc1ccc(O)cc1"]} is read as the invalid SMILES ["CC(=O)O" (a one-item list inside a ```json fence is read correctly).',
  corrected: 'Joins a list of SMILES with "." into one reactant set.',
  example: 'Gold CC(=O)O.Nc1ccc(O)cc1, {"output": ["CC(=O)O", "Nc1ccc(O)cc1"]}: official 0, corrected 1.',
};

const NAME: ScoringDifference = {
  what: 'text after the SMILES',
  official: 'Python RDKit reads whatever follows whitespace as the molecule\'s name, so "CC(=O)Nc1ccc(O)cc1 (paracetamol)" is paracetamol.',
  corrected: 'A SMILES with whitespace in it is invalid: a sentence is not an answer.',
  example: 'Gold CC(=O)Nc1ccc(O)cc1, {"output": "CC(=O)Nc1ccc(O)cc1 (paracetamol)"}: official 1, corrected 0.',
};

const AVERAGED: ScoringDifference = {
  what: 'subtasks averaged vs items pooled',
  official: 'Each subtask (forward, retrosynthesis, next step) is scored on its own and the task number is their mean.',
  corrected: 'One mean over all items.',
  example: 'forward 14 items all exact, retrosynthesis 14 and next step 12 all wrong: official exact match (1 + 0 + 0) / 3 = 0.333, corrected 14/40 = 0.35.',
};

export const FTS_SCORING: MetricScoring = {
  official:
    `${SOURCE}: an item's similarity is the mean of its RDKit-fingerprint, MACCS and count-based Morgan (radius 2) Tanimoto similarities, 0 when either side does not canonicalise; ` +
    "a subtask's FTS is the mean similarity times the share of valid predictions; the task's number is the mean over subtasks. The notebook prints no FTS for the next-step (mechanism) subtask; official applies the same formula to it. " +
    "MinimalLib's RDKit and MACCS fingerprints and our rebuild of RDKit's count-based Morgan fingerprint (exact 32-bit ids) were checked against RDKit 2023.09 on 1,850 molecules: identical. " +
    PROVEN,
  differences: [
    {
      what: 'the fingerprint',
      official: 'The mean of three similarities: RDKit path fingerprint (2048 bits), MACCS keys and count-based Morgan.',
      corrected: 'One: Morgan (radius 2) folded to 2048 bits, the common FTS.',
      example: 'Gold CC(=O)Nc1ccc(O)cc1, answer CC(=O)Nc1ccc(OC)cc1: official (0.840 + 0.808 + 0.615) / 3 = 0.754, corrected 0.593.',
    },
    {
      what: 'invalid answers counted twice',
      official: 'An invalid answer scores 0 similarity and also lowers the validity share the mean is multiplied by.',
      corrected: 'An invalid answer scores 0 once.',
      example: 'Two forward items, one answered exactly, one with an invalid SMILES: official (1 + 0) / 2 x 1/2 = 0.25, corrected 0.5.',
    },
    LIST,
    NAME,
    AVERAGED,
  ],
};

export const EXACT_SCORING: MetricScoring = {
  official: `${SOURCE}: exact match when the two molecules have the same standard InChI (MinimalLib's InChI matched RDKit 2023.09's on 1,850 molecules). ${PROVEN}`,
  differences: [
    {
      what: 'InChI vs canonical SMILES',
      official:
        'Standard InChI merges mobile-hydrogen tautomers, so a tautomer of the gold counts as exact; two molecules InChI cannot describe (both "") match each other.',
      corrected: 'The same molecule by canonical SMILES (without stereo), so the tautomer drawn must be the gold one.',
      example: 'Gold O=c1cccc[nH]1 (2-pyridone), answer Oc1ccccn1 (2-hydroxypyridine): official 1, corrected 0.',
    },
    LIST,
    NAME,
    AVERAGED,
  ],
};
