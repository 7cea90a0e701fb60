import { describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { Sample, SampleOutcome } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import { getTask } from '../../tasks/index.js';
import { chartCodeRunnerForTests } from '../../testing/chart-code-runner.js';
import { testMirror } from '../../testing/mirror.js';
import type { CodeRunner } from '../code-runner.js';
import type { Scorer } from '../scorer.js';
import { scorePredictions } from '../score-predictions.js';
import { chartCode, passAt1VisualizationScorer } from './pass-at-1-visualization.js';

const mirror = testMirror();
const sandbox = await chartCodeRunnerForTests();
const runner = 'runner' in sandbox ? sandbox.runner : null;

const HEAD = "```python\nimport pandas as pd\nimport matplotlib.pyplot as plt\ndf = pd.read_csv('table.csv')\n";
const PASSENGERS = "df['Passengers'] = df['Passengers'].str.replace(',', '').astype(int)\n";
const fence = (body: string) => `${HEAD}${body}plt.show()\n\`\`\``;

/** Real TableBench items (mini validation) and answers to them, each as a sample of its own. */
const CASES: Record<string, { item: string; output: string }> = {
  passengers: {
    item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380',
    output: fence(`${PASSENGERS}plt.figure(figsize=(10, 6))\nplt.bar(df['City'], df['Passengers'])\nplt.xticks(rotation=45, ha='right')\nplt.tight_layout()\n`),
  },
  'cumulative-wins': { item: '148dedc65365084819c4c9faddbe9be8', output: fence("plt.figure()\nplt.plot(df['#'], (df['Result'] == 'Win').cumsum())\n") },
  'vote-shares': {
    item: '64664032a7a369ee8b22f988514f1107',
    output: fence(
      "parties = df.head(5)\nplt.figure()\nplt.pie(parties['Votes'].str.replace(',', '').astype(int), labels=parties['Party'], autopct='%1.1f%%')\n",
    ),
  },
  'wrong-data': { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence("plt.figure()\nplt.bar(df['City'], df['Rank'])\n") },
  'no-chart': { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence(`${PASSENGERS}plt.figure()\nplt.plot(df['City'], df['Passengers'])\n`) },
  crash: { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence("plt.bar(df['City'], df['Passenger count'])\n") },
  hang: { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence('while True:\n    pass\n') },
  memory: { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence('hoard = bytearray(10 ** 11)\n') },
  network: { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence("remote = pd.read_csv('http://example.com/table.csv')\n") },
  'no-code': { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: "import pandas as pd\nplt.bar(df['City'], df['Passengers'])" },
  empty: { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: '' },
  // Looks for its reference in every file it can reach and in the process's memory, and draws it if found.
  cheat: {
    item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380',
    output: fence(
      [
        'import gc, os',
        'texts = []',
        "for folder in ('/workspace', '/tmp', os.getcwd()):",
        '    for root, _, names in os.walk(folder):',
        '        for name in names:',
        '            try:',
        "                texts.append(open(os.path.join(root, name), errors='ignore').read())",
        '            except OSError:',
        '                pass',
        'for thing in gc.get_objects():',
        '    if isinstance(thing, dict):',
        '        texts.extend(str(value) for value in thing.values())',
        // The reference as TableBench writes it, spelled so that this code does not contain it.
        "if any('1320' + '46, 106513' in text for text in texts):",
        '    plt.figure()',
        '    plt.bar(range(10), [132046,106513,56069,52584,43419,37526,35507,14906,6928,3619])',
        '',
      ].join('\n'),
    ),
  },
  // Official quirks: the code runs twice on one figure (bars drawn twice), and a print spoils the verdict.
  'same-figure': { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence(`${PASSENGERS}plt.bar(df['City'], df['Passengers'])\n`) },
  printed: { item: '7cfdc47e6cfdc865ffb5d0a9ddd1d380', output: fence(`${PASSENGERS}print(df.head())\nplt.figure()\nplt.bar(df['City'], df['Passengers'])\n`) },
};

async function visualizationSamples(): Promise<Map<string, Sample>> {
  const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
  const splits = await getTask('tablebench-visualization').buildSplits(repo, 'mini');
  return new Map(splits.validation.map((sample) => [sample.id, sample]));
}

async function scoreCases(scoring: 'official' | 'corrected', names: string[]): Promise<Record<string, SampleOutcome>> {
  const byId = await visualizationSamples();
  const scorer = await passAt1VisualizationScorer.create({ scoring, timeoutSeconds: 2, memoryMb: 4096 });
  const items = names.map((name) => ({ sample: { ...byId.get(`tablebench-${CASES[name]!.item}`)!, id: name }, output: CASES[name]!.output }));
  const ready: Scorer = await scorer.prepare!(items, { codeRunner: runner! });
  return Object.fromEntries(items.map(({ sample, output }) => [sample.id, ready.score(output, sample)]));
}

describe('chartCode', () => {
  it("reads TableBench's way: the last ```python block, exactly that opening; an empty block is no code", () => {
    expect(chartCode('```python\na = 1\n```\ntext\n```python\nb = 2\n```')).toBe('b = 2\n');
    expect(chartCode('```Python\na = 1\n```')).toBeNull();
    expect(chartCode('```python a = 1```')).toBeNull();
    expect(chartCode('```python\n```')).toBeNull();
    expect(chartCode('```python\nplt.show()')).toBeNull();
  });
});

describe.skipIf(!mirror || !runner)('pass-at-1-visualization on real TableBench items, in the sandbox', () => {
  it('corrected: right charts score 1; wrong data, no chart, a crash, a hang and the network are typed failures; the reference is out of reach', async () => {
    const outcomes = await scoreCases('corrected', Object.keys(CASES));
    const summary = Object.fromEntries(Object.entries(outcomes).map(([name, outcome]) => [name, [outcome.value, outcome.formatError, outcome.detail ?? null]]));
    expect(summary).toEqual({
      passengers: [1, false, null],
      'cumulative-wins': [1, false, null],
      'vote-shares': [1, false, null],
      'wrong-data': [0, false, 'wrong-data'],
      'no-chart': [0, false, 'no-chart'],
      crash: [0, false, "crash: KeyError: 'Passenger count'"],
      hang: [0, false, 'timeout'],
      memory: [0, false, 'memory'],
      network: [0, false, 'network'],
      'no-code': [0, true, 'no-code'],
      empty: [0, true, 'empty'],
      'same-figure': [1, false, null],
      printed: [1, false, null],
      cheat: [0, false, 'no-chart'],
    });
    expect(outcomes.passengers!.extracted).toEqual([132046, 106513, 56069, 52584, 43419, 37526, 35507, 14906, 6928, 3619]);
    expect(outcomes.passengers!.facts).toEqual({ kind: 'pass', executed: true });
    expect(outcomes.crash!.facts).toEqual({ kind: 'crash', executed: false });
  });

  it('official: the code runs twice on one figure, and what it prints spoils the verdict', async () => {
    const outcomes = await scoreCases('official', ['passengers', 'same-figure', 'printed', 'wrong-data', 'cheat']);
    expect(Object.fromEntries(Object.entries(outcomes).map(([name, outcome]) => [name, [outcome.value, outcome.detail ?? null]]))).toEqual({
      passengers: [1, null],
      'same-figure': [0, 'wrong-data'],
      printed: [0, 'printed'],
      'wrong-data': [0, 'wrong-data'],
      cheat: [0, 'no-chart'],
    });
    // Drawn twice: every bar twice over, which TableBench compares with the reference's ten.
    expect(outcomes['same-figure']!.extracted).toHaveLength(20);
  });
});

describe.skipIf(!mirror || !runner)('Pass@1 through scorePredictions, as evaluations score', () => {
  it('runs the code with the code runner it is lent and reports the metric and the failures by kind', async () => {
    const byId = await visualizationSamples();
    const samples = ['7cfdc47e6cfdc865ffb5d0a9ddd1d380', '148dedc65365084819c4c9faddbe9be8', '64664032a7a369ee8b22f988514f1107'].map((id) =>
      byId.get(`tablebench-${id}`)!,
    );
    const predictions = [
      { id: samples[0]!.id, output: CASES.passengers!.output },
      { id: samples[1]!.id, output: CASES['cumulative-wins']!.output },
      { id: samples[2]!.id, output: CASES.crash!.output },
    ];
    const report = await scorePredictions({
      task: getTask('tablebench-visualization').spec,
      profile: 'mini',
      split: 'validation',
      samples,
      predictions,
      scoring: 'official',
      bootstrap: { resamples: 0, seed: 0 },
      codeRunner: runner!,
    });
    expect(report.primary).toMatchObject({ metric: 'pass-at-1', value: 2 / 3, count: 3, formatErrors: 0 });
    expect(report.primary.unsupported).toBeUndefined();
    expect(report.outcomes['pass-at-1']!.map((outcome) => outcome.detail ?? 'pass')).toEqual(['pass', 'pass', expect.stringMatching(/^crash: KeyError/)]);
  });
});

describe.skipIf(!mirror)('pass-at-1-visualization without a sandbox', () => {
  it('is unsupported (no value) when the evaluation lends no code runner, and still reads the format', async () => {
    const scorer = await passAt1VisualizationScorer.create({ scoring: 'corrected', timeoutSeconds: 2, memoryMb: 4096 });
    const sample = (await visualizationSamples()).get('tablebench-7cfdc47e6cfdc865ffb5d0a9ddd1d380')!;
    const ready = await scorer.prepare!([{ sample, output: CASES.passengers!.output }], {});
    expect(ready.unsupported).toMatch(/no sandbox/);
    expect(scorer.score('no code here', sample)).toMatchObject({ value: 0, formatError: true, detail: 'no-code' });
    expect(scorer.score(CASES.passengers!.output, sample)).toMatchObject({ value: 0, formatError: false, detail: 'not-run' });
  });

  it('is unsupported when the sandbox cannot start, and never runs the code elsewhere', async () => {
    const scorer = await passAt1VisualizationScorer.create({ scoring: 'official', timeoutSeconds: 2, memoryMb: 4096 });
    const sample = (await visualizationSamples()).get('tablebench-7cfdc47e6cfdc865ffb5d0a9ddd1d380')!;
    const broken: CodeRunner = {
      runPython: () => Promise.reject(new FtdojoError('SANDBOX_UNAVAILABLE', 'bwrap not found on PATH', { hint: 'install bubblewrap' })),
    };
    const ready = await scorer.prepare!([{ sample, output: CASES.passengers!.output }], { codeRunner: broken });
    expect(ready.unsupported).toMatch(/bwrap not found/);
  });
});
