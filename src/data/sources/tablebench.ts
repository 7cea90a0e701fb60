import type { DatasetSource, TextFields } from '../types.js';
import { PREFIX_PIN_NOTE, hubFile, mirrorFile, sharedFile } from './file-entry.js';

const INSTRUCTED: TextFields = { prompt: ['instruction'], answer: ['answer'] };

/** TableBench: the evaluation set of the four table-QA tasks. */
export const tablebench: DatasetSource = {
  id: 'tablebench',
  title: 'TableBench (table question answering benchmark)',
  domain: 'table-qa',
  description:
    '886 questions over tables in four categories (fact checking, numerical reasoning, data analysis, visualization) and 18 ' +
    'subtypes; answers are short values, except visualization, whose answer is the code result to match. "test" is the plain ' +
    'set (table + question). On the hub, test/dp, test/pot, test/scot and test/tcot hold the same questions wrapped in the ' +
    'official prompts (direct, program-of-thought, symbolic and textual chain-of-thought). eval_examples/dp (mirror only) shows ' +
    'the exact direct prompt with one model\'s outputs. The mirror\'s "test" was copied from a third-party repository and may ' +
    "predate the hub's April 2025 fixes (some numeric answers changed type).",
  licence: 'Apache-2.0 (hub card; the GitHub README badge says CC BY-SA 4.0)',
  hub: {
    repo: 'Multilingual-Multimodal-NLP/TableBench',
    repoType: 'dataset',
    revision: 'a23c244',
    revisionNote: `${PREFIX_PIN_NOTE}. Not a pin of the paper's reproduction: the newest commit shown on the hub's public file page`,
    layoutNote: 'TableBench.jsonl and TableBench_{DP,PoT,SCoT,TCoT}.jsonl at the repository root',
  },
  mirrorOrigin: {
    repo: 'yilinwu123/summarization',
    commit: '87d13e62546148a37544ce4745bc009a92733e20',
    note: 'eval_examples/dp comes from TableBench/TableBench@6c61a20 (see MANIFEST.tsv)',
  },
  files: [
    sharedFile('test', 'jsonl', 'TableBench.jsonl', 'tablebench/TableBench.jsonl'),
    hubFile('test/dp', 'jsonl', 'TableBench_DP.jsonl', INSTRUCTED),
    hubFile('test/pot', 'jsonl', 'TableBench_PoT.jsonl', INSTRUCTED),
    hubFile('test/scot', 'jsonl', 'TableBench_SCoT.jsonl', INSTRUCTED),
    hubFile('test/tcot', 'jsonl', 'TableBench_TCoT.jsonl', INSTRUCTED),
    mirrorFile('eval_examples/dp', 'jsonl', 'tablebench/eval_examples/o3-mini-2025-01-31=TableBench_DP=Example.jsonl', INSTRUCTED),
  ],
  cotQuality: 'none',
  cotNote:
    "No chain-of-thought: rows give the table, the question and the gold answer only (eval_examples/dp adds one model's final " +
    'answers, not reasoning). This is the evaluation side of the table-QA tasks; training material with reasoning is in ' +
    'tableinstruct. Answers must end with a line "Final Answer: <value>"; visualization answers are Python (matplotlib) code ' +
    'in a fenced block that is executed.',
  fields: {
    id: 'question id',
    qtype: 'category: FactChecking, NumericalReasoning, DataAnalysis or Visualization',
    qsubtype: 'one of 18 subtypes, e.g. Aggregation, CorrelationAnalysis, ChartGeneration',
    table: 'the table as {columns: [...], data: [[...], ...]}',
    question: 'the question about the table',
    answer: 'the gold answer (for Visualization, the expected result of the chart code)',
    chart_type: 'Visualization only: the chart kind, e.g. line, bar, pie',
    instruction_type: 'prompting style: DP, PoT, SCoT or TCoT',
    instruction: 'the full prompt: instructions, the table and the question',
    model_name: 'eval_examples only: the model whose output is shown',
    prediction: "eval_examples only: that model's output",
  },
  text: { prompt: ['table', 'question'], answer: ['answer'] },
};
