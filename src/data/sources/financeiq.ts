import type { DatasetSource } from '../types.js';
import { PREFIX_PIN_NOTE, sharedFile } from './file-entry.js';

/** The ten exam categories; each has a dev file (5 rows) and a test file. Names are the upstream file names. */
export const FINANCEIQ_CATEGORIES = [
  '保险从业资格CICE',
  '基金从业资格',
  '期货从业资格',
  '注册会计师（CPA）',
  '理财规划师',
  '税务师',
  '精算师-金融数学',
  '经济师',
  '证券从业资格',
  '银行从业资格',
] as const;

/** FinanceIQ: Chinese financial qualification exams, multiple choice A-D. */
export const financeiq: DatasetSource = {
  id: 'financeiq',
  title: 'FinanceIQ (Chinese financial exam questions, multiple choice)',
  domain: 'finance',
  description:
    'Multiple-choice questions (A-D, one correct) from ten Chinese financial qualification exams: insurance (CICE), funds, ' +
    'futures, CPA, financial planning, tax, actuarial maths, economics, securities, banking. test/<category> holds the ' +
    'questions (7,123 in all); dev/<category> holds 5 few-shot examples each. The reference splits each test file: the last ' +
    'min(ceil(n/2), 100) rows are held out, the rest is the training pool; dev rows are not used for training.',
  licence: 'CC BY-NC-SA 4.0',
  hub: {
    repo: 'Duxiaoman-DI/FinanceIQ',
    repoType: 'dataset',
    revision: 'fca1d9c',
    revisionNote: PREFIX_PIN_NOTE,
    layoutNote: 'data/dev/<category>.csv and data/test/<category>.csv, the layout of the upstream GitHub release',
  },
  mirrorOrigin: { repo: 'Duxiaoman-DI/XuanYuan', commit: 'd12168b4e531b630d289e619c1b0dc121514f9c4', note: 'FinanceIQ/data/' },
  files: (['dev', 'test'] as const).flatMap((split) =>
    FINANCEIQ_CATEGORIES.map((category) => sharedFile(`${split}/${category}`, 'csv', `data/${split}/${category}.csv`, `financeiq/${split}/${category}.csv`)),
  ),
  cotQuality: 'none',
  cotNote:
    'No chain-of-thought: each row is a question, four options and the letter of the correct one, without any explanation. ' +
    'Many questions hinge on Chinese regulations and exam conventions, so a model gains most from knowledge, not from ' +
    'reasoning style; if you synthesise explanations, keep only those that arrive at the gold letter, and keep the final ' +
    'answer a single letter A-D as the task requires.',
  fields: {
    Question: 'the question (Chinese), often with a blank "（ ）" to fill',
    A: 'option A',
    B: 'option B',
    C: 'option C',
    D: 'option D',
    Answer: 'the correct letter, A-D',
  },
  text: { prompt: ['Question', 'A', 'B', 'C', 'D'], answer: ['Answer'] },
};
