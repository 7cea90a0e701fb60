import type { PoolRow, ProfileName, Sample } from '../../../core/index.js';
import type { DataRepository } from '../../../data/index.js';
import { seededOrder, tailPerGroup } from '../../../data/index.js';
import { defineTask } from '../../define-task.js';
import { finalizeSplits } from '../../shared/finalize-splits.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { FINANCEIQ_SCORING } from './financeiq-scoring.js';
import { stringField } from '../../shared/row-fields.js';

const SOURCE = 'financeiq';
const LETTERS = ['A', 'B', 'C', 'D'] as const;

export function financePrompt(category: string, question: string, options: Record<string, string>): string {
  const lines = LETTERS.map((letter) => `${letter}. ${options[letter] ?? ''}`);
  return `以下是关于${category}的单项选择题，请直接给出正确答案的选项。\n题目：${question}\n${lines.join('\n')}\n答案：`;
}

interface Item {
  sample: Sample;
  category: string;
}

async function loadItems(repo: DataRepository): Promise<Item[]> {
  const files = repo.source(SOURCE).files.filter((file) => file.name.startsWith('test/'));
  const items: Item[] = [];
  for (const file of files) {
    const category = file.name.slice('test/'.length);
    const rows = await repo.readRows(SOURCE, file.name);
    rows.forEach((row, index) => {
      const origin = { source: SOURCE, file: file.name, index };
      const options = Object.fromEntries(LETTERS.map((letter) => [letter, stringField(row, letter, origin)]));
      const answer = stringField(row, 'Answer', origin).trim();
      items.push({
        category,
        sample: {
          id: `financeiq-${category}-${index}`,
          subtask: category,
          prompt: financePrompt(category, stringField(row, 'Question', origin), options),
          reference: answer,
          target: answer,
          meta: {},
        },
      });
    });
  }
  return items;
}

/**
 * The reference's rule first (per category, the last min(ceil(n/2), 100) rows are held out, the
 * rest is the pool), then validation and test are drawn per category from the held-out rows in a
 * seeded order. Held-out rows drawn for neither stay out of the pool.
 */
async function buildSplits(repo: DataRepository, profile: ProfileName) {
  const spec = financeiq.spec.profiles[profile];
  const items = await loadItems(repo);
  const groups = tailPerGroup(items, (item) => item.category);
  const perCategory = (total: number) => Math.floor(total / groups.length);
  const validation: Sample[] = [];
  const test: Sample[] = [];
  const pool: PoolRow[] = [];
  let unanswered = 0;
  for (const group of groups) {
    const ordered = seededOrder(group.heldOut, `financeiq:${group.group}`, (item) => item.sample.id);
    const validationCount = perCategory(spec.validationSize);
    validation.push(...ordered.slice(0, validationCount).map((item) => item.sample));
    test.push(...ordered.slice(validationCount, validationCount + perCategory(spec.testSize)).map((item) => item.sample));
    for (const item of group.pool) {
      // The pool trains on the gold letter: a row without one A-D has no target.
      if ((LETTERS as readonly string[]).includes(item.sample.target)) pool.push({ ...item.sample, source: SOURCE, extra: {} });
      else unanswered += 1;
    }
  }
  const notes = unanswered > 0 ? [`${unanswered} pool row(s) left out: their Answer is not one letter A-D`] : [];
  return finalizeSplits({ pool, validation, test, notes }, (item) => item.prompt);
}

export const financeiq = defineTask({
  spec: {
    schemaVersion: 1,
    id: 'financeiq',
    title: 'FinanceIQ',
    domain: 'finance',
    paperTask: true,
    description:
      'Answer Chinese multiple-choice questions from ten financial professional exams (CPA, tax adviser, actuary, securities, funds, futures, banking, insurance, economist, financial planner). Exactly one of A-D is right.',
    outputFormat: {
      description: 'The letter of the correct option (A, B, C or D). A short lead such as "答案：" is tolerated; naming several letters is wrong.',
      example: 'B',
    },
    subtasks: [],
    sources: ['financeiq'],
    heldOutFrom: ['financeiq'],
    metrics: [
      {
        name: 'accuracy',
        scorer: 'choice-letter',
        params: { letters: ['A', 'B', 'C', 'D'], official: 'opencompass-last-capital' },
        direction: 'higher',
        primary: true,
        description: 'share of questions answered with the right letter',
        scoring: FINANCEIQ_SCORING,
      },
    ],
    profiles: {
      paper: paperProfile({
        validation: 100,
        test: 100,
        maxNewTokens: 1024,
        splitRule:
          'Per category, the last min(ceil(n/2), 100) rows of the test CSV are held out and the rest is the pool; validation and test take 10 held-out rows per category each (seeded order).',
      }),
      mini: miniProfile({
        validation: 50,
        test: 50,
        maxNewTokens: 8,
        splitRule: 'As the paper, with 5 validation and 5 test rows per category.',
      }),
    },
    notes: ['The dev CSVs (5 rows per category, few-shot exemplars upstream) are not used for training or evaluation.'],
  },
  buildSplits,
  leakageKey: (item) => item.prompt,
});
