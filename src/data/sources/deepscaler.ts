import type { DatasetSource, TextFields } from '../types.js';
import { PREFIX_PIN_NOTE, hubFile, mirrorFile } from './file-entry.js';

const MATH_TEXT: TextFields = { prompt: ['problem'], answer: ['solution', 'answer'] };

const MATH_FIELDS: Record<string, string> = {
  problem: 'the problem statement (LaTeX in Markdown)',
  answer:
    'the final answer (a string; test/amc gives a number, test/minerva and test/olympiad_bench a list of strings; train/math has 2 null and 2 empty answers)',
  solution: 'a worked solution (missing or empty in most rows: train/deepscaler has it for about 18%, train/math never)',
  difficulty: 'a difficulty estimate, higher is harder',
  year: 'AIME year (train/aime, test/aime)',
  aime_number: 'AIME I or II (1, 2)',
  problem_number: 'position in the contest, 1-15',
  type: 'MATH subject (train/math) or course (test/minerva)',
  unique_id: 'MATH-500 id, e.g. "test/precalculus/807.json" (test/math)',
  url: 'source page (test/amc)',
  idx: 'index in Minerva (test/minerva)',
  id: 'OlympiadBench id (test/olympiad_bench)',
  subfield: 'OlympiadBench subject (test/olympiad_bench)',
  context: 'extra context, usually null (test/olympiad_bench)',
  is_multiple_answer: 'whether several answers are expected (test/olympiad_bench)',
  unit: 'unit of the answer, usually null (test/olympiad_bench)',
  answer_type: 'e.g. "Numerical", "Expression" (test/olympiad_bench)',
  error: 'tolerance for numerical answers, usually null (test/olympiad_bench)',
};

/**
 * DeepScaleR-Preview: the paper's math pool. Only its AIME part and a small DeepScaleR-format subset
 * are in the mirror; the full 40,315-row file is on the hub. The same GitHub project also ships
 * the MATH train set and five test sets, kept here under their project's names.
 */
export const deepscaler: DatasetSource = {
  id: 'deepscaler',
  title: 'DeepScaleR-Preview (math problems with answers)',
  domain: 'math',
  description:
    'About 40k competition problems (AIME 1983-2023, AMC, Omni-MATH, Still) with final answers, most without solutions. ' +
    '"train/deepscaler" is the full hub file; the mirror has its AIME part (train/aime, with solutions), an 803-row subset in the ' +
    'same format (train_subset_meta_reason/deepscaler, copied from scharry30/Meta-Reason), the MATH train set (train/math: answers ' +
    "only, not part of DeepScaleR; 5 problems overlap MATH-500) and the project's test sets (test/aime is AIME 2024, the same " +
    'problems as math-benchmarks aime24; test/math is MATH-500).',
  licence: 'MIT',
  hub: {
    repo: 'agentica-org/DeepScaleR-Preview-Dataset',
    repoType: 'dataset',
    revision: 'b6ae8c6',
    revisionNote: PREFIX_PIN_NOTE,
    layoutNote: 'one file, deepscaler.json, at the repository root',
  },
  mirrorOrigin: {
    repo: 'agentica-project/deepscaler',
    commit: '95ef74ffee001cce89463f2d61dfdce1d03576c1',
    note: 'train_subset_meta_reason/deepscaler comes from scharry30/Meta-Reason (see MANIFEST.tsv)',
  },
  files: [
    hubFile('train/deepscaler', 'json', 'deepscaler.json'),
    mirrorFile('train/aime', 'json', 'deepscaler/train/aime.json'),
    mirrorFile('train/math', 'json', 'deepscaler/train/math.json'),
    mirrorFile('train_subset_meta_reason/deepscaler', 'json', 'deepscaler/train_subset_meta_reason/deepscaler.json'),
    mirrorFile('test/aime', 'json', 'deepscaler/test/aime.json'),
    mirrorFile('test/amc', 'json', 'deepscaler/test/amc.json'),
    mirrorFile('test/math', 'json', 'deepscaler/test/math.json'),
    mirrorFile('test/minerva', 'json', 'deepscaler/test/minerva.json'),
    mirrorFile('test/olympiad_bench', 'json', 'deepscaler/test/olympiad_bench.json'),
  ],
  cotQuality: 'low',
  cotNote:
    'Chain-of-thought quality is low. About 82% of DeepScaleR rows have no solution at all, only a final answer, and the ' +
    'solutions that exist are terse human write-ups (AoPS style) rather than step-by-step reasoning a model can imitate. ' +
    'train/aime has a solution for every row but they are short and skip steps; train/math has none. Expect to synthesise ' +
    'reasoning with a strong model and keep only traces whose final \\boxed{} answer matches the gold answer (compare ' +
    'numerically: "025" and "25" are the same AIME answer). Never train on AIME 2024/2025 rows of a test set you are scored on.',
  fields: MATH_FIELDS,
  text: MATH_TEXT,
};
