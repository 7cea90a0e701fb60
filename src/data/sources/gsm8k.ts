import type { DatasetSource } from '../types.js';
import { mirrorFile } from './file-entry.js';

/** GSM8K as OpenAI published it on GitHub (the hub copy, openai/gsm8k, is Parquet and is not read here). */
export const gsm8k: DatasetSource = {
  id: 'gsm8k',
  title: 'GSM8K (grade-school math word problems)',
  domain: 'math',
  description:
    "Grade-school math word problems with worked solutions: train 7,473 rows, test 1,319. Not one of the paper's sources; " +
    'a small, cheap math set for mini tasks. Offline mirror only.',
  licence: 'MIT',
  hub: null,
  mirrorOrigin: { repo: 'openai/grade-school-math', commit: '3101c7d5072418e28b9008a6636bde82a006892c', note: 'grade_school_math/data/' },
  files: [mirrorFile('train', 'jsonl', 'gsm8k/train.jsonl'), mirrorFile('test', 'jsonl', 'gsm8k/test.jsonl')],
  cotQuality: 'medium',
  cotNote:
    'Every answer is a short worked solution in plain language, with calculator annotations such as <<48/2=24>> after each ' +
    'computation, ending with a line "#### <number>" that holds the final answer. The steps are correct and complete but ' +
    'terse; strip the <<...>> annotations before training on them and move the final answer into the format the task asks for.',
  fields: {
    question: 'the word problem',
    answer: 'worked solution with <<calc>> annotations, ending "#### <final answer>"',
  },
  text: { prompt: ['question'], answer: ['answer'] },
  extension: true,
};
