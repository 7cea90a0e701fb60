import type { PoolRow, ProfileName, Sample } from '../../../core/index.js';
import type { DataRepository, Row } from '../../../data/index.js';
import { defineTask } from '../../define-task.js';
import { finalizeSplits } from '../../shared/finalize-splits.js';
import type { PoolBuild } from '../../shared/pool-build.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { AIME_SCORING } from './aime-scoring.js';
import { optionalString, stringField } from '../../shared/row-fields.js';

const INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';
/** The mirror's AIME 2025 problems end with the instruction already; it is stripped and re-added once. */
const SUFFIX_PATTERN = /\s*Please reason step by step, and put your final answer within \\boxed\{\}\.?\s*$/;

export function aimePrompt(problem: string): string {
  return `${problem.replace(SUFFIX_PATTERN, '').trim()}\n${INSTRUCTION}`;
}

/** AIME answers are integers 0-999; "025" and "25" are the same answer. */
function integerAnswer(answer: string): number {
  return Number.parseInt(answer.trim().replace(/^\\boxed\{(.*)\}$/, '$1'), 10);
}

const POOL_FILES: { source: string; file: string; solution?: string }[] = [
  { source: 'deepscaler', file: 'train/aime', solution: 'solution' },
  { source: 'deepscaler', file: 'train_subset_meta_reason/deepscaler', solution: 'solution' },
  { source: 'deepscaler', file: 'train/math' },
  { source: 'gsm8k', file: 'train' },
];

/**
 * The pool: every row with its final answer as the target (\boxed{answer}) and its worked solution,
 * where it has one, in extra.solution. Rows without an answer are left out, counted in the notes.
 */
async function poolRows(repo: DataRepository, profile: ProfileName): Promise<PoolBuild> {
  const files = profile === 'paper' ? [{ source: 'deepscaler', file: 'train/deepscaler', solution: 'solution' }] : POOL_FILES;
  const rows: PoolRow[] = [];
  const notes: string[] = [];
  for (const { source, file, solution } of files) {
    const raw = await repo.readRows(source, file);
    let unanswered = 0;
    raw.forEach((row, index) => {
      const origin = { source, file, index };
      // A few upstream rows have no answer (MATH train has 2 null and 2 empty): nothing to train on.
      if (source !== 'gsm8k' && !optionalString(row, 'answer')?.trim()) {
        unanswered += 1;
        return;
      }
      const item =
        source === 'gsm8k'
          ? gsm8kItem(row, origin)
          : {
              problem: stringField(row, 'problem', origin),
              answer: stringField(row, 'answer', origin).trim(),
              solution: solution ? optionalString(row, solution) : undefined,
            };
      if (item.answer === '') {
        unanswered += 1;
        return;
      }
      rows.push({
        id: `${source}:${file}:${index}`,
        prompt: aimePrompt(item.problem),
        reference: item.answer,
        target: `\\boxed{${item.answer}}`,
        meta: {},
        source,
        extra: item.solution === undefined ? {} : { solution: item.solution },
      });
    });
    if (unanswered > 0) notes.push(`${unanswered} of ${raw.length} ${source}/${file} row(s) left out of the pool: no final answer`);
  }
  return { rows, notes };
}

function gsm8kItem(row: Row, origin: { source: string; file: string; index: number }) {
  const answer = stringField(row, 'answer', origin);
  const final = answer.split('####').pop()!.trim().replace(/,/g, '');
  return { problem: stringField(row, 'question', origin), answer: final, solution: answer.replace(/<<[^>]*>>/g, '') };
}

async function heldOut(repo: DataRepository): Promise<{ validation: Sample[]; test: Sample[] }> {
  const rows = await repo.readRows('math-benchmarks', 'aime25');
  const samples: Sample[] = rows.map((row, index) => {
    const origin = { source: 'math-benchmarks', file: 'aime25', index };
    const answer = integerAnswer(stringField(row, 'answer', origin));
    const part = index < rows.length / 2 ? 'I' : 'II';
    return {
      id: `aime25-${part}-${(index % 15) + 1}`,
      subtask: `aime-2025-${part}`,
      prompt: aimePrompt(stringField(row, 'problem', origin)),
      reference: answer,
      target: `\\boxed{${answer}}`,
      meta: {},
    };
  });
  const half = Math.ceil(samples.length / 2);
  return { validation: samples.slice(0, half), test: samples.slice(half) };
}

function leakageKey(item: { prompt: string }): string {
  return item.prompt.replace(INSTRUCTION, '').trim();
}

export const aime25 = defineTask({
  spec: {
    schemaVersion: 1,
    id: 'aime25',
    title: 'AIME 2025',
    domain: 'math',
    paperTask: true,
    description: 'Solve American Invitational Mathematics Examination 2025 problems. Every answer is an integer from 0 to 999.',
    outputFormat: {
      description: 'Reason freely, then give the final integer answer inside \\boxed{}. The last \\boxed{} in the output is the answer.',
      example: '... so the sum of the bases is 21 + 49 = 70.\n\\boxed{70}',
    },
    subtasks: [
      { id: 'aime-2025-I', description: 'AIME 2025 I (first 15 problems of the file)' },
      { id: 'aime-2025-II', description: 'AIME 2025 II (last 15 problems of the file)' },
    ],
    sources: ['deepscaler', 'gsm8k'],
    heldOutFrom: ['math-benchmarks'],
    metrics: [
      {
        name: 'accuracy',
        scorer: 'boxed-integer',
        params: {},
        direction: 'higher',
        primary: true,
        description: 'share of problems whose last \\boxed{} equals the answer as an integer',
        scoring: AIME_SCORING,
      },
    ],
    profiles: {
      paper: paperProfile({
        validation: 15,
        test: 15,
        maxNewTokens: 8192,
        splitRule:
          'AIME 2025 I (the first 15 problems) is validation, AIME 2025 II (the last 15) is the held-out test; the pool is DeepScaleR-Preview, each row with its final answer as the target (\\boxed{answer}) and its solution, where it has one, in extra.solution.',
      }),
      mini: miniProfile({
        validation: 15,
        test: 15,
        maxNewTokens: 256,
        splitRule:
          "As the paper: AIME 2025 I is validation, II is test. The pool is what the mirror holds: DeepScaleR's AIME 1983-2023 and its 803-row subset, MATH train and GSM8K train.",
        deviations: [
          'the full 40k-row DeepScaleR file is hub-only; the mirror offers its AIME part, a subset, MATH train and GSM8K train instead',
          'a 135M model is expected to score 0 on AIME: the mini profile exercises the pipeline, not the model',
        ],
      }),
    },
    notes: [
      'The mirror writes some answers with leading zeros ("025"): answers are compared as integers.',
      "`official` scoring is math_verify's rule stage only: the LLM judge the paper's cascade falls back to cannot run offline (see Scoring modes).",
    ],
  },
  async buildSplits(repo, profile) {
    const [{ validation, test }, pool] = await Promise.all([heldOut(repo), poolRows(repo, profile)]);
    return finalizeSplits({ pool: pool.rows, validation, test, notes: pool.notes }, leakageKey);
  },
  leakageKey,
});
