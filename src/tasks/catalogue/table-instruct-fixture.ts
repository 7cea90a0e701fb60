/**
 * Test support (imported by *.test.ts only): TableInstruct rows in the TableBench authors' own
 * jsonl layout (instruction → response, with qtype, qsubtype, instruction_type and the table), for
 * tests whose fake hub serves the hub-only training source of the four TableBench tasks.
 */
import { tablebenchPrompt } from './tablebench/tablebench-prompt.js';

export const TOWNS = {
  columns: ['town', 'population', 'area'],
  data: [
    ['Tromsø', 77000, 2521],
    ['Bodø', 53000, 1395],
    ['Alta', 21000, 3849],
  ],
};
const TCOT = (table: unknown, question: string) =>
  `You are a table analyst. Your task is to answer questions based on the table content.\n\nThe answer should follow the format below:\n[Answer Format]\nFinal Answer: AnswerName1, AnswerName2...\n\nLet's think step by step and then give the final answer to the question.\n\nRead the table below in JSON format:\n[TABLE] \n${JSON.stringify(table)}\n\nLet's get start!\nQuestion: ${question}\n`;
const CHART =
  "```python\nimport pandas as pd \nimport matplotlib.pyplot as plt\ndf = pd.read_csv('table.csv')\nplt.bar(df['town'], df['population'])\nplt.show()\n```";

function instructRow(id: number, qtype: string, qsubtype: string, type: string, question: string, response: string, extra: Record<string, unknown> = {}) {
  const instruction = type === 'DP' ? tablebenchPrompt(qtype, qsubtype, TOWNS, question) : TCOT(TOWNS, question);
  return { id: `ti-${id}`, qtype, qsubtype, instruction, instruction_type: type, table: TOWNS, question, response, ...extra };
}

export const TABLE_INSTRUCT = [
  instructRow(1, 'FactChecking', 'MatchBased', 'DP', 'Is Bodø larger in area than Alta?', 'Final Answer: No'),
  instructRow(
    2,
    'FactChecking',
    'Multi-hop FactChecking',
    'TCoT',
    'Which town has the most people?',
    'Tromsø has 77000, more than the others.\nFinal Answer: Tromsø',
  ),
  instructRow(
    3,
    'NumericalReasoning',
    'Aggregation',
    'TCoT',
    'How many people live in the three towns?',
    '77000 + 53000 + 21000 = 151000.\nFinal Answer: 151000',
  ),
  // Program of thought without a gold answer: no target in the task's format.
  instructRow(
    4,
    'NumericalReasoning',
    'Counting',
    'PoT',
    'How many towns have over 50000 people?',
    "```python\nimport pandas as pd\ndf = pd.read_csv('table.csv')\nprint((df['population'] > 50000).sum())\n```",
  ),
  // With its gold answer (and the table as JSON text), the row becomes a direct prompt.
  instructRow(5, 'NumericalReasoning', 'Counting', 'PoT', 'How many towns cover over 2000 km2?', '```python\nprint(2)\n```', {
    answer: '2',
    table: JSON.stringify(TOWNS),
  }),
  instructRow(
    6,
    'DataAnalysis',
    'CorrelationAnalysis',
    'SCoT',
    'What is the correlation between population and area?',
    'Thought: compute it.\nResult: -0.32\nFinal Answer: Weak negative correlation, -0.32',
  ),
  instructRow(7, 'Visualization', 'ChartGeneration', 'DP', 'Draw a bar chart of the population of each town.', CHART),
  instructRow(8, 'Visualization', 'ChartGeneration', 'TCoT', 'Draw a line chart of the areas.', 'A line chart would show the areas rising and falling.'),
];

const FJORDS = {
  columns: ['fjord', 'length_km', 'depth_m'],
  data: [
    ['Sognefjorden', 205, 1308],
    ['Hardangerfjorden', 179, 891],
    ['Nordfjorden', 106, 565],
    ['Lyngen', 82, 320],
  ],
};

/**
 * `count` FactChecking rows in the direct-prompt style (DP), each a yes/no comparison of two rows
 * of a small table with its correct answer: a pool large enough for a real training run.
 */
export function factCheckingInstructRows(count: number): Array<Record<string, unknown>> {
  const rows = FJORDS.data;
  const pairs = rows.flatMap((a, i) => rows.map((b, j) => [a, b, i, j] as const)).filter(([, , i, j]) => i !== j);
  return Array.from({ length: count }, (_, index) => {
    const [a, b] = pairs[Math.floor(index / 2) % pairs.length]!;
    const column = index % 2 === 0 ? 'length_km' : 'depth_m';
    const at = FJORDS.columns.indexOf(column);
    const question = `Is ${String(a[0])} ${column === 'length_km' ? 'longer' : 'deeper'} than ${String(b[0])}${index >= 2 * pairs.length ? ` (question ${index})` : ''}?`;
    return {
      id: `ti-fc-${index}`,
      qtype: 'FactChecking',
      qsubtype: 'MatchBased',
      instruction: tablebenchPrompt('FactChecking', 'MatchBased', FJORDS, question),
      instruction_type: 'DP',
      table: FJORDS,
      question,
      response: `Final Answer: ${Number(a[at]) > Number(b[at]) ? 'Yes' : 'No'}`,
    };
  });
}
