import type { DatasetSource } from '../types.js';
import { mirrorFile } from './file-entry.js';

/** BioProBench: biology protocol understanding, an extension domain (not one of the paper's 13 tasks). */
export const bioprobench: DatasetSource = {
  id: 'bioprobench',
  title: 'BioProBench (biological protocol QA, ordering, error correction, generation)',
  domain: 'biology',
  description:
    'Test sets of four biology-protocol tasks: pqa (protocol question answering, multiple choice; 1,200 rows), ord (put ' +
    'shuffled protocol steps in order; 1,161), err (decide whether a protocol step is correct and fix it; 1,200) and gen ' +
    "(write a protocol; 772). Offline mirror only; a ready extension domain, not one of the paper's tasks.",
  licence: 'CC BY-NC 4.0 (non-commercial)',
  hub: null,
  mirrorOrigin: { repo: 'YuyangSunshine/bioprotocolbench', commit: 'b6f36cb139ac574740b3af3097a901a06bdcea8d', note: 'Data/' },
  files: [
    mirrorFile('pqa', 'json', 'bioprobench/PQA_test.json', { prompt: ['question', 'choices'], answer: ['answer'] }),
    mirrorFile('ord', 'json', 'bioprobench/ORD_test.json', { prompt: ['question', 'wrong_steps'], answer: ['correct_steps'] }),
    mirrorFile('err', 'json', 'bioprobench/ERR_test.json', {
      prompt: ['context', 'corrupted_text'],
      answer: ['is_correct', 'corrected_text', 'error_description'],
    }),
    mirrorFile('gen', 'json', 'bioprobench/GEN_test.json', { prompt: ['system_prompt', 'instruction', 'input'], answer: ['output'] }),
  ],
  cotQuality: 'none',
  cotNote:
    'No chain-of-thought: rows hold inputs and gold outputs only. err rows add a one-sentence error description, which ' +
    'explains the fault but is not a reasoning trace; gen outputs are the protocol steps themselves. All four files are test ' +
    'sets: a task built on them must split them, since there is no separate training pool here.',
  fields: {
    id: 'row id, e.g. TEST-PQA-000000',
    type: 'question type or difficulty (e.g. parameter, top, easy)',
    question: 'pqa: the question with a blank; ord: the instruction and the protocol title',
    choices: 'pqa: the options, JSON list as a string',
    answer: 'pqa: the correct option',
    wrong_steps: 'ord: the shuffled steps, JSON list as a string',
    correct_steps: 'ord: the steps in order, JSON list as a string',
    context: 'err: the protocol around the step, JSON as a string',
    corrupted_text: 'err: the step to check',
    corrected_text: 'err: the correct step',
    is_correct: 'err: whether corrupted_text was already correct',
    error_description: 'err: what is wrong, in a sentence',
    system_prompt: 'gen: the system prompt',
    instruction: 'gen: the instruction',
    input: 'gen: the protocol request',
    output: 'gen: the gold protocol steps, JSON list as a string',
  },
  extension: true,
};
