#!/usr/bin/env node
// Regenerates src/eval/differential/fixtures/tablebench-visualization/: chart-code predictions for every item of
// the mini validation split of tablebench-visualization (the cases below), and what TableBench's
// own evaluation code says of each (Pass@1 and ECR@1), run unchanged in a test-only Python
// environment. Fetches nothing: give it a checkout of TableBench/TableBench.
//   npm run build    (or: npx tsc -p tsconfig.build.json)
//   python3 -m venv .official-env/venv && .official-env/venv/bin/pip install matplotlib pandas wrapt_timeout_decorator
//   FTDOJO_DATA_MIRROR=../shared/datasets node scripts/differential/tablebench-visualization.mjs \
//     --official /path/to/TableBench [--python .official-env/venv/bin/python]
// The official script reads eval_examples/inference_results/*.jsonl beside itself, writes
// parsed_results/ there and table.csv in its working directory: it runs on a copy of the checkout
// whose only inference results are ours. That is all that is adapted.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveDataConfig } from '../../dist/config/index.js';
import { createDataRepository } from '../../dist/data/index.js';
import { getTask } from '../../dist/tasks/index.js';

const TASK = 'tablebench-visualization';
const OUT = resolve(import.meta.dirname, '../../src/eval/differential/fixtures', TASK);
const SCRIPT = 'parse_tablebench_instruction_response_script.py';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index > 0 && process.argv[index + 1]) return process.argv[index + 1];
  if (fallback === undefined) throw new Error(`pass --${name}`);
  return fallback;
}

const official = resolve(option('official'));
const python = resolve(option('python', '.official-env/venv/bin/python'));

// --- the predictions ---------------------------------------------------------------------------

const DRAW = {
  bar: ['plt.bar(range(len(values)), values)'],
  waterfall: ['plt.bar(range(len(values)), values)'],
  hbar: ['plt.barh(range(len(values)), values)'],
  line: ['plt.plot(range(len(values)), values)'],
  scatter: ['plt.scatter(range(len(values)), values)'],
  area: ['plt.fill_between(range(len(values)), values)'],
  pie: ['plt.pie(values)'],
  // A closed polygon on polar axes; the angles by a loop (a comprehension would not see `values` there).
  radar: [
    'axes = plt.subplot(polar=True)',
    'angles = []',
    'for index in range(len(values)):',
    '    angles.append(6.283185307179586 * index / len(values))',
    'axes.plot(angles + angles[:1], list(values) + list(values)[:1])',
  ],
};

/** Chart code that draws the reference's own data with the item's chart type. */
function chartProgram(sample, { figure = true, before = [], nearMiss = false, inFunction = false } = {}) {
  const draw = DRAW[sample.chartType];
  if (!draw) throw new Error(`no drawing for chart type ${sample.chartType}`);
  const loop = ['for values in series:', ...draw.map((line) => `    ${line}`)];
  return [
    'import pandas as pd',
    'import matplotlib.pyplot as plt',
    "df = pd.read_csv('table.csv')",
    ...before,
    sample.reference,
    'series = y_references if isinstance(y_references[0], list) else [y_references]',
    ...(nearMiss ? ['series[-1] = series[-1][:-1] + [series[-1][-1] * 2 + 1]'] : []),
    ...(figure ? ['plt.figure()'] : []),
    ...(inFunction ? ['def draw():', ...loop.map((line) => `    ${line}`), 'draw()'] : loop),
    'plt.show()',
  ].join('\n');
}

const fenced = (code) => `Here is the chart.\n\`\`\`python\n${code}\n\`\`\``;

/**
 * Every item gets gold, same-figure (gold without plt.figure()), near-miss, malformed (no fence)
 * and empty; one item in four gets each of the quirk cases, two items the network case.
 */
function casesFor(sample, index) {
  const cases = {
    gold: fenced(chartProgram(sample)),
    'same-figure': fenced(chartProgram(sample, { figure: false })),
    'near-miss': fenced(chartProgram(sample, { nearMiss: true })),
    malformed: `Here is the chart:\n${chartProgram(sample)}`,
    empty: '',
  };
  const quirk = [
    ['crash', { before: ["missing = df['no such column']"] }],
    ['printed', { before: ['print(df.head())'] }],
    ['function-scope', { inFunction: true }],
    ['numpy-unimported', { before: ['positions = np.arange(3)'] }],
  ][index % 4];
  cases[quirk[0]] = fenced(chartProgram(sample, quirk[1]));
  if (index % 6 === 0)
    cases.network = fenced(chartProgram(sample, { before: ['import urllib.request', "urllib.request.urlopen('http://127.0.0.1:9/', timeout=5)"] }));
  return cases;
}

// --- the split and its rows --------------------------------------------------------------------

const repo = createDataRepository(resolveDataConfig(process.env));
const splits = await getTask(TASK).buildSplits(repo, 'mini');
const rows = new Map((await repo.readRows('tablebench', 'test')).map((row) => [`tablebench-${row.id}`, row]));
const samples = splits.validation.map((sample) => {
  const row = rows.get(sample.id);
  return { id: sample.id, row, chartType: row.chart_type, reference: row.answer };
});
const predictions = samples.flatMap((sample, index) =>
  Object.entries(casesFor(sample, index)).map(([name, output]) => ({ id: sample.id, case: name, output })),
);

// --- the official code, on a copy of the checkout ----------------------------------------------

const copy = mkdtempSync(join(tmpdir(), 'tablebench-official-'));
try {
  cpSync(official, copy, { recursive: true, filter: (path) => !path.includes(`${official}/.git`) });
  const inputs = join(copy, 'eval_examples', 'inference_results');
  for (const name of readdirSync(inputs)) rmSync(join(inputs, name));
  const lines = predictions.map((prediction) => {
    const { row } = samples.find((sample) => sample.id === prediction.id);
    return JSON.stringify({
      id: `${prediction.id}#${prediction.case}`,
      qtype: row.qtype,
      qsubtype: row.qsubtype,
      instruction: '',
      instruction_type: 'DP',
      model_name: 'ftdojo-fixture',
      table: row.table,
      question: row.question,
      answer: row.answer,
      chart_type: row.chart_type,
      prediction: prediction.output,
    });
  });
  writeFileSync(join(inputs, 'fixture.jsonl'), lines.join('\n') + '\n');
  execFileSync(python, [SCRIPT], { cwd: copy, stdio: 'inherit', env: { ...process.env, MPLBACKEND: 'Agg' } });
  const parsed = readFileSync(join(copy, 'eval_examples', 'parsed_results', 'fixture.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const scores = parsed.map((result) => {
    const [id, name] = result.id.split('#');
    const passed = result.parsed_result.parsed_prediction;
    return { id, case: name, pass: passed === true ? true : passed === false ? false : null, ecr: result.parsed_result.ecr_1 === true };
  });
  const commit = execFileSync('git', ['-C', official, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const versions = execFileSync(
    python,
    ['-c', 'import sys, matplotlib, pandas, numpy; print(sys.version.split()[0], matplotlib.__version__, pandas.__version__, numpy.__version__)'],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split(' ');
  const header = { task: TASK, profile: 'mini', split: 'validation', items: samples.length, cases: predictions.length };
  // The samples as the scorer reads them (reference, chart type, table), so the test needs no mirror.
  const items = splits.validation.map((sample) => ({ id: sample.id, subtask: sample.subtask ?? null, reference: sample.reference, meta: sample.meta }));
  writeFileSync(join(OUT, 'items.json'), JSON.stringify({ ...header, items }, null, 2) + '\n');
  writeFileSync(join(OUT, 'predictions.json'), JSON.stringify({ ...header, predictions }, null, 2) + '\n');
  writeFileSync(
    join(OUT, 'official-scores.json'),
    JSON.stringify(
      {
        ...header,
        official: {
          repository: 'https://github.com/TableBench/TableBench',
          commit,
          script: SCRIPT,
          run: 'unchanged, on a copy of the checkout whose only inference results are the predictions (instruction_type DP), MPLBACKEND=Agg',
          python: versions[0],
          packages: { matplotlib: versions[1], pandas: versions[2], numpy: versions[3] },
        },
        // pass: parsed_prediction (true, false, or null for ''); ecr: ecr_1 (the code ran without an error).
        scores,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`${scores.length} official scores for ${samples.length} items → ${OUT}\n`);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
