import type { JsonValue, Sample, TaskSpec } from '../../../core/index.js';
import type { DataRepository } from '../../../data/index.js';
import type { TaskDefinition } from '../../define-task.js';
import { defineTask } from '../../define-task.js';
import { benchmarkSplits, dropRepeats } from '../../shared/benchmark-splits.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { objectField, stringField } from '../../shared/row-fields.js';
import { tableInstructPool } from './table-instruct-pool.js';
import { tablebenchLeakageKey, tablebenchPrompt } from './tablebench-prompt.js';
import { DATA_ANALYSIS_SCORING, EXACT_MATCH_SCORING } from './tablebench-scoring.js';
import { VISUALIZATION_SCORING } from './visualization-scoring.js';

export { tablebenchPrompt } from './tablebench-prompt.js';

const SOURCE = 'tablebench';

async function loadSamples(repo: DataRepository, qtype: string): Promise<Sample[]> {
  const rows = await repo.readRows(SOURCE, 'test');
  const samples: Sample[] = [];
  rows.forEach((row, index) => {
    const origin = { source: SOURCE, file: 'test', index };
    if (stringField(row, 'qtype', origin) !== qtype) return;
    const qsubtype = stringField(row, 'qsubtype', origin);
    const answer = stringField(row, 'answer', origin);
    samples.push({
      id: `tablebench-${stringField(row, 'id', origin)}`,
      subtask: qsubtype,
      prompt: tablebenchPrompt(qtype, qsubtype, objectField(row, 'table', origin), stringField(row, 'question', origin)),
      reference: answer,
      target: qtype === 'Visualization' ? '' : `Final Answer: ${answer}`,
      // A chart is scored by running its code on the table (table.csv) for the chart type's data.
      meta:
        qtype === 'Visualization'
          ? { qtype, qsubtype, chartType: stringField(row, 'chart_type', origin), table: objectField(row, 'table', origin) as JsonValue }
          : { qtype, qsubtype },
    });
  });
  return samples;
}

interface Variant {
  id: string;
  qtype: string;
  title: string;
  description: string;
  paperSizes: number;
  miniSizes: number;
  metric: TaskSpec['metrics'][number];
  unavailableOffline?: string;
  outputFormat: TaskSpec['outputFormat'];
}

const FINAL_ANSWER_FORMAT = {
  description:
    'The last line must be "Final Answer: <answer>": a number or entity name (several joined by ", "), or for analysis questions the conclusion the question asks for.',
  example: 'Final Answer: 1062',
};

const VARIANTS: Variant[] = [
  {
    id: 'tablebench-data-analysis',
    qtype: 'DataAnalysis',
    title: 'TableBench data analysis',
    description: 'Analyse a table: correlations, trends and forecasts, statistics, impact, causal and anomaly analysis, and descriptions.',
    paperSizes: 170,
    miniSizes: 40,
    metric: {
      name: 'accuracy',
      scorer: 'tablebench-answer',
      params: {},
      direction: 'higher',
      primary: true,
      description: 'per subtype as TableBench scores it: ±10% numeric, exact match, or ROUGE-L',
      scoring: DATA_ANALYSIS_SCORING,
    },
    outputFormat: FINAL_ANSWER_FORMAT,
  },
  {
    id: 'tablebench-fact-checking',
    qtype: 'FactChecking',
    title: 'TableBench fact checking',
    description: 'Check facts against a table: match-based and multi-hop questions with short answers.',
    paperSizes: 48,
    miniSizes: 24,
    metric: {
      name: 'exact-match',
      scorer: 'exact-match',
      params: { normalize: 'tablebench' },
      direction: 'higher',
      primary: true,
      description: 'exact match after TableBench normalisation',
      scoring: EXACT_MATCH_SCORING,
    },
    outputFormat: FINAL_ANSWER_FORMAT,
  },
  {
    id: 'tablebench-numerical-reasoning',
    qtype: 'NumericalReasoning',
    title: 'TableBench numerical reasoning',
    description: 'Compute over a table: aggregation, arithmetic, counting, ranking, comparison, time-based and domain-specific calculations, multi-hop.',
    paperSizes: 197,
    miniSizes: 40,
    metric: {
      name: 'exact-match',
      scorer: 'exact-match',
      params: { normalize: 'tablebench' },
      direction: 'higher',
      primary: true,
      description: 'exact match after TableBench normalisation',
      scoring: EXACT_MATCH_SCORING,
    },
    outputFormat: FINAL_ANSWER_FORMAT,
  },
  {
    id: 'tablebench-visualization',
    qtype: 'Visualization',
    title: 'TableBench visualization',
    description: "Write matplotlib code that draws the chart a question asks for from table.csv; the chart's data are compared with the reference.",
    paperSizes: 25,
    miniSizes: 12,
    metric: {
      name: 'pass-at-1',
      scorer: 'pass-at-1-visualization',
      params: {},
      direction: 'higher',
      primary: true,
      description: 'the generated code runs and its chart data match the reference (Pass@1)',
      scoring: VISUALIZATION_SCORING,
    },
    unavailableOffline:
      "the mini pool has no training targets offline: TableBench gives each chart's data, not code that draws it, and TableInstruct (the paper's source of chart code) is hub-only. Pass@1 itself runs here, in the sandbox (`ftdojo score`, `ftdojo eval`)",
    outputFormat: {
      description:
        'One ```python block that starts with the three given lines (import pandas, import matplotlib.pyplot, read table.csv) and ends with plt.show().',
      example:
        "```python\nimport pandas as pd \nimport matplotlib.pyplot as plt\ndf = pd.read_csv('table.csv')\nplt.bar(df['City'], df['Passengers'])\nplt.show()\n```",
    },
  },
];

function makeTask(variant: Variant): TaskDefinition {
  const spec: TaskSpec = {
    schemaVersion: 1,
    id: variant.id,
    title: variant.title,
    domain: 'table-qa',
    paperTask: true,
    description: variant.description,
    outputFormat: variant.outputFormat,
    subtasks: [],
    sources: ['tableinstruct'],
    heldOutFrom: ['tablebench'],
    metrics: [variant.metric],
    profiles: {
      paper: paperProfile({
        validation: variant.paperSizes,
        test: variant.paperSizes,
        maxNewTokens: 1024,
        splitRule: `The TableBench ${variant.qtype} items are split in halves per subtype (seeded); the pool is TableInstruct's ${variant.qtype} rows from the hub: each row's own prompt and response where the response ${variant.qtype === 'Visualization' ? 'is a python block ending in plt.show()' : 'ends with "Final Answer: ..."'}${variant.qtype === 'Visualization' ? '' : ', else the direct prompt with "Final Answer: <its gold answer>"'}; other rows are left out, counted in the split notes.`,
      }),
      mini: miniProfile({
        validation: variant.miniSizes,
        test: variant.miniSizes,
        maxNewTokens: variant.qtype === 'DataAnalysis' ? 96 : 32,
        splitRule: `Per subtype (seeded): ${variant.miniSizes} validation and ${variant.miniSizes} test items; the remaining ${variant.qtype} items form the pool.`,
        deviations: [
          "TableInstruct (the paper's training source) is hub-only: the mini pool is carved from TableBench itself, disjoint from validation and test",
        ],
        ...(variant.unavailableOffline ? { unavailableOffline: variant.unavailableOffline } : {}),
      }),
    },
    notes: ['Prompts are the official TableBench DP prompts; the table is embedded as Python repr of {columns, data}.'],
  };
  const task: TaskDefinition = defineTask({
    spec,
    async buildSplits(repo, profile) {
      return benchmarkSplits({
        spec: task.spec,
        profile,
        repo,
        samples: await loadSamples(repo, variant.qtype),
        benchmarkSource: SOURCE,
        hubPool: (hub) => tableInstructPool(hub, variant.qtype),
        ...(variant.qtype === 'Visualization' ? { untargeted: "TableBench gives the chart's data, not code that draws it" } : {}),
        leakageKey: task.leakageKey,
      });
    },
    selfcheckSamples: async (repo) => dropRepeats(await loadSamples(repo, variant.qtype), (item) => item.prompt).unique,
    leakageKey: (item) => tablebenchLeakageKey(item.prompt),
  });
  return task;
}

export const tablebenchTasks: TaskDefinition[] = VARIANTS.map(makeTask);
