import type { DatasetFile, DatasetSource } from '../types.js';
import { mirrorFile } from './file-entry.js';

/** The benchmarks, named after their mirror folders (math_eval/<name>/test.jsonl), with row counts. */
const BENCHMARKS: Array<{ name: string; what: string }> = [
  { name: 'aime25', what: "AIME 2025 I and II (30): the held-out benchmark of the paper's math task" },
  { name: 'aime24', what: 'AIME 2024 I and II (30): the same problems as deepscaler test/aime' },
  { name: 'amc2023', what: 'AMC 12 2023 (40)' },
  { name: 'hmmt25_feb', what: 'HMMT February 2025 (30)' },
  { name: 'hmmt25_nov', what: 'HMMT November 2025 (30)' },
  { name: 'math500', what: 'MATH-500 (500; 5 problems also in deepscaler train/math)' },
  { name: 'minervamath', what: 'Minerva Math, university science problems from MIT OCW (272)' },
  { name: 'olympiadbench', what: 'OlympiadBench, English text-only math (674)' },
];

const files: DatasetFile[] = BENCHMARKS.map(({ name }) => mirrorFile(name, 'jsonl', `math_eval/${name}/test.jsonl`));

/**
 * Math evaluation sets with final answers only. aime25 is the held-out benchmark of the paper's
 * math task; the rest are extra benchmarks for other or mini tasks.
 */
export const mathBenchmarks: DatasetSource = {
  id: 'math-benchmarks',
  title: 'Math benchmarks (AIME 2024/2025, AMC 2023, HMMT 2025, MATH-500, Minerva, OlympiadBench)',
  domain: 'math',
  description:
    `Competition and exam math problems with their final answers, one file per benchmark: ${BENCHMARKS.map(({ name, what }) => `${name}: ${what}`).join('; ')}. ` +
    'Every aime25 problem ends with a "Please reason step by step ... \\boxed{}" suffix that tasks should strip. AIME answers ' +
    'are written "25" here and "025" in deepscaler: compare them as numbers. Offline mirror only.',
  licence: 'none stated (MATH-500: MIT)',
  hub: null,
  mirrorOrigin: { repo: 'YuYingLi0/FiRe-OPD', commit: '2e23cd6d67575978cec5fa697b852838ef6ab2ee', note: 'data/<name>/test.jsonl' },
  files,
  cotQuality: 'none',
  cotNote:
    'No chain-of-thought: each row is a problem and its final answer only. These are evaluation sets, not training ' +
    'material; a model is expected to reason step by step and end with the answer in \\boxed{}. Never train on a benchmark ' +
    'you are scored on, nor on its duplicates elsewhere (aime24 = deepscaler test/aime, math500 = deepscaler test/math).',
  fields: {
    problem: 'the problem statement (LaTeX in Markdown)',
    answer: 'the gold final answer, as a string',
  },
  text: { prompt: ['problem'], answer: ['answer'] },
};
