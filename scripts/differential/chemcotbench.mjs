#!/usr/bin/env node
// Regenerates src/eval/differential/fixtures/chemcot-{mol-und,mol-edit,mol-opt,reaction}/: predictions for every
// item of each task's mini validation split (gold, near-miss, malformed and empty cases, and the
// ones where the scoring modes part), and what ChemCoTBench's own evaluation code says of each,
// run unchanged (chemcotbench_official.py says what is adapted) in a test-only Python environment.
// Fetches nothing: give it a checkout of IDEA-XL/ChemCoTBench.
//   npm run build    (or: npx tsc -p tsconfig.build.json [--outDir <folder>], then pass --dist <folder>)
//   python3 -m venv .official-env/venv && .official-env/venv/bin/pip install PyTDC rdkit==2023.9.6 \
//     "setuptools<81" networkx scipy nltk Levenshtein rouge_score selfies scikit-learn
//   FTDOJO_DATA_MIRROR=../shared/datasets node scripts/differential/chemcotbench.mjs \
//     --official /path/to/ChemCoTBench [--python .official-env/venv/bin/python]
// PyTDC pins rdkit below 2024.03, so the official code runs on RDKit 2023.09, as it did for its
// authors; ours runs on @rdkit/rdkit (MinimalLib 2026.09).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const COMMIT = 'ac04f91468cb2ec67edb5d597a834e7daddc228a';
const OUT = resolve(import.meta.dirname, '../../src/eval/differential/fixtures');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index > 0 && process.argv[index + 1]) return process.argv[index + 1];
  if (fallback === undefined) throw new Error(`pass --${name}`);
  return fallback;
}

const official = resolve(option('official'));
const python = resolve(option('python', '.official-env/venv/bin/python'));
// The build to use: dist/ by default, or --dist <folder> (npx tsc -p tsconfig.build.json --outDir <folder>).
const dist = resolve(option('dist', resolve(import.meta.dirname, '../../dist')));
const load = (module) => import(pathToFileURL(join(dist, module, 'index.js')).href);
const { resolveDataConfig } = await load('config');
const { createDataRepository } = await load('data');
const { canonicalSmiles, isValidSmiles, loadChemistry } = await load('eval');
const { getTask } = await load('tasks');
const rdkit = await loadChemistry();
const repo = createDataRepository(resolveDataConfig(process.env));

// --- SMILES variants ---------------------------------------------------------------------------

const json = (value) => JSON.stringify({ output: value });
const prose = (answer) => `Let me work through the structure step by step before answering.\n${answer}`;
const fenced = (value) => '```json\n{\n    "output": ' + JSON.stringify(value) + '\n}\n```';
const think = (answer) => `<think>\nChecking the structure.\n</think>\n\n${answer}`;

function written(smiles, details) {
  const molecule = rdkit.get_mol(smiles);
  try {
    return molecule?.is_valid() ? molecule.get_smiles(JSON.stringify(details)) : null;
  } finally {
    molecule?.delete();
  }
}

/** The same molecule written differently: Kekulé form, or rooted at another atom. */
function equivalent(smiles) {
  const molecule = rdkit.get_mol(smiles);
  const atoms = molecule.get_num_atoms();
  molecule.delete();
  const options = [{ doKekule: true }, { rootedAtAtom: atoms - 1 }, { rootedAtAtom: Math.floor(atoms / 2) }];
  return options.map((details) => written(smiles, details)).find((text) => text !== null && text !== smiles) ?? smiles;
}

/** A close but different molecule: one aromatic C made N, one C made N, or a methyl added. */
function close(smiles) {
  const gold = canonicalSmiles(rdkit, smiles);
  const candidates = [smiles.replace('c', 'n'), smiles.replace(/C(?!l)/, 'N'), `${smiles}C`];
  return candidates.find((text) => isValidSmiles(rdkit, text) && canonicalSmiles(rdkit, text) !== gold) ?? `${smiles}C`;
}

const invalid = (smiles) => `${smiles}(`;

// --- cases per task ----------------------------------------------------------------------------

function yesNoCases(gold) {
  const opposite = gold === 'Yes' ? 'No' : 'Yes';
  return {
    gold: json(gold),
    'gold-lower-case': json(gold.toLowerCase()),
    'gold-with-period': json(`${gold}.`),
    'gold-boolean': JSON.stringify({ output: gold === 'Yes' }),
    'gold-after-prose': prose(json(gold)),
    'gold-fenced': fenced(gold),
    'gold-after-think': think(json(gold)),
    opposite: json(opposite),
    'malformed-word': json('maybe'),
    'malformed-not-json': `The answer is ${gold}.`,
    'malformed-json-array': JSON.stringify([gold]),
    'empty-field': json(''),
    empty: '',
  };
}

function countCases(gold) {
  return {
    gold: json(gold),
    'gold-as-string': json(String(gold)),
    'gold-after-prose': prose(json(gold)),
    'off-by-one': json(gold + 1),
    'near-miss-decimal': json(gold + 0.7),
    'decimal-string': json(`${gold}.0`),
    'malformed-word': json('several'),
    'malformed-null': JSON.stringify({ output: null }),
    'malformed-boolean': JSON.stringify({ output: true }),
    'malformed-not-json': `There are ${gold} of them.`,
    empty: '',
  };
}

function smilesCases(gold, extra = {}) {
  return {
    gold: json(gold),
    'gold-after-prose': prose(json(gold)),
    'gold-fenced': fenced(gold),
    'equivalent-smiles': json(equivalent(gold)),
    'close-molecule': json(close(gold)),
    'gold-with-name': json(`${gold} (answer)`),
    'invalid-smiles': json(invalid(gold)),
    'malformed-not-json': `The answer is ${gold}`,
    'malformed-number': JSON.stringify({ output: 5 }),
    'empty-field': json(''),
    empty: '',
    ...extra,
  };
}

const CASES = {
  'chemcot-mol-und': (sample) => {
    if (['functional-group-count', 'ring-count'].includes(sample.subtask)) return countCases(sample.reference);
    if (sample.subtask === 'murcko-scaffold') return { ...smilesCases(sample.reference), 'whole-molecule': json(sample.meta.smiles) };
    return yesNoCases(sample.reference);
  },
  'chemcot-mol-edit': (sample) =>
    smilesCases(sample.reference, {
      'unchanged-molecule': json(sample.meta.molecule),
      'gold-in-list': JSON.stringify({ output: [sample.reference] }),
      'wrong-field': JSON.stringify({ smiles: sample.reference }),
    }),
  'chemcot-mol-opt': (sample) => {
    const target = sample.target === '' ? sample.meta.source : JSON.parse(sample.target).output;
    return {
      ...smilesCases(target),
      'unchanged-molecule': json(sample.meta.source),
      // The source written another way: the same molecule, whose property can differ in the last
      // bits (descriptor sums run in atom order), which the official `> 0` counts as a success.
      'unchanged-rewritten': json(equivalent(sample.meta.source)),
      'unchanged-rewritten-again': json(written(sample.meta.source, { rootedAtAtom: 1 }) ?? sample.meta.source),
      'wrong-field': JSON.stringify({ smiles: target }),
      'malformed-json-string': JSON.stringify(target),
    };
  },
  'chemcot-reaction': (sample) => {
    const parts = sample.reference.split('.');
    return smilesCases(sample.reference, {
      'gold-in-list': JSON.stringify({ output: parts }),
      'gold-in-fenced-list': '```json\n' + JSON.stringify({ output: [sample.reference] }) + '\n```',
      ...(parts.length > 1 ? { 'components-reordered': json([...parts].reverse().join('.')) } : {}),
    });
  },
};

// --- what the official code reads of each item ---------------------------------------------------

const MOLUND = {
  'functional-group-count': (sample) => ({ task: 'fg_samples', metric: 'count-mae', record: { fg_num: sample.reference } }),
  'ring-count': (sample) => ({ task: 'ring_count', metric: 'count-mae', record: { count: sample.reference } }),
  'murcko-scaffold': (sample) => ({ task: 'murcko', metric: 'scaffold-tanimoto', record: { largest_scaffold: sample.reference } }),
  'equivalence-permutated': () => ({ task: 'permutated', metric: 'accuracy', record: {} }),
  'equivalence-mutated': () => ({ task: 'mutated', metric: 'accuracy', record: {} }),
  'ring-system': () => ({ task: 'ring_system', metric: 'accuracy', record: {} }),
};
const EDIT = { add: 'add', delete: 'delete', substitute: 'sub' };
const OPT = { logp: 'logp', qed: 'qed', solubility: 'solubility' };
const RXN = {
  forward: (sample) => ({ task: 'fs', record: { gt: JSON.stringify({ 'Major Product': sample.reference }) } }),
  retrosynthesis: (sample) => ({ task: 'retro', record: { reactants: sample.reference.split('.') } }),
  'next-step': (sample) => ({ task: 'mech_task1', record: { gt: sample.reference } }),
};

const OFFICIAL_ITEM = {
  'chemcot-mol-und': (sample) => MOLUND[sample.subtask](sample),
  'chemcot-mol-edit': (sample) => ({
    task: EDIT[sample.subtask],
    record: { molecule: sample.meta.molecule, added_group: sample.meta.addedGroup ?? '', removed_group: sample.meta.removedGroup ?? '' },
  }),
  'chemcot-mol-opt': (sample) => ({ task: OPT[sample.subtask], record: { src_smiles: sample.meta.source } }),
  'chemcot-reaction': (sample) => RXN[sample.subtask](sample),
};

const NOTEBOOKS = {
  'chemcot-mol-und': 'baseline_and_eval/molund_eval_demo.ipynb with eval/eval_molund.py and eval/eval_metric.py',
  'chemcot-mol-edit': 'baseline_and_eval/moledit_eval_demo.ipynb with eval/eval_moledit.py',
  'chemcot-mol-opt': 'baseline_and_eval/molopt_eval_demo.ipynb with eval/eval_molopt.py and eval/eval_metric.py (TDC oracles)',
  'chemcot-reaction': 'baseline_and_eval/rxn_eval_demo.ipynb with evaluator.py (MoleculeSMILESEvaluator) and rxnutils.py',
};

/** JSON with the header fields indented and each row of `list` on a line of its own. */
function oneRowPerLine(object, list) {
  const head = Object.entries(object).filter(([name]) => name !== list);
  const lines = head.map(([name, value]) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)},`);
  const rows = object[list].map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `{\n${lines.join('\n')}\n  ${JSON.stringify(list)}: [\n${rows}\n  ]\n}\n`;
}

// --- run -------------------------------------------------------------------------------------------

const bundle = { tasks: {} };
const written_ = {};
for (const task of Object.keys(CASES)) {
  const validation = (await getTask(task).buildSplits(repo, 'mini')).validation;
  const predictions = validation.flatMap((sample) => Object.entries(CASES[task](sample)).map(([name, output]) => ({ id: sample.id, case: name, output })));
  const items = validation.map((sample) => ({ id: sample.id, ...OFFICIAL_ITEM[task](sample) }));
  bundle.tasks[task] = { items, predictions };
  const header = { task, profile: 'mini', split: 'validation', items: validation.length, cases: predictions.length };
  // What the scorers read of each sample, so the test runs without the data mirror.
  const samples = validation.map((sample) => ({ id: sample.id, subtask: sample.subtask ?? null, reference: sample.reference, meta: sample.meta }));
  writeFileSync(join(OUT, task, 'items.json'), oneRowPerLine({ ...header, samples }, 'samples'));
  writeFileSync(join(OUT, task, 'predictions.json'), oneRowPerLine({ ...header, predictions }, 'predictions'));
  written_[task] = header;
}

const scratch = mkdtempSync(join(tmpdir(), 'chemcotbench-differential-'));
try {
  const input = join(scratch, 'input.json');
  const output = join(scratch, 'output.json');
  writeFileSync(input, JSON.stringify(bundle));
  execFileSync(python, [join(import.meta.dirname, 'chemcotbench_official.py'), '--official', official, '--input', input, '--output', output], {
    stdio: 'inherit',
  });
  const result = JSON.parse(readFileSync(output, 'utf8'));
  for (const [task, scores] of Object.entries(result.scores)) {
    const file = {
      ...written_[task],
      official: {
        repository: 'https://github.com/IDEA-XL/ChemCoTBench',
        commit: COMMIT,
        code: NOTEBOOKS[task],
        run: 'unchanged, one prediction at a time, through scripts/differential/chemcotbench_official.py (which says what it adapts: input and output only)',
        python: result.python,
        packages: result.packages,
      },
      scores,
    };
    writeFileSync(join(OUT, task, 'official-scores.json'), oneRowPerLine(file, 'scores'));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(
  Object.entries(written_)
    .map(([task, header]) => `${task}: ${header.items} items, ${header.cases} cases`)
    .join('\n'),
);
