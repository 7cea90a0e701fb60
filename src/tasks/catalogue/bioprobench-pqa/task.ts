import type { Sample } from '../../../core/index.js';
import type { DataRepository } from '../../../data/index.js';
import { defineTask } from '../../define-task.js';
import { benchmarkSplits } from '../../shared/benchmark-splits.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { arrayField, stringField } from '../../shared/row-fields.js';

const SOURCE = 'bioprobench';
const LETTERS = ['A', 'B', 'C', 'D', 'E'];

async function loadSamples(repo: DataRepository): Promise<Sample[]> {
  const rows = await repo.readRows(SOURCE, 'pqa');
  return rows.map((row, index) => {
    const origin = { source: SOURCE, file: 'pqa', index };
    const choices = arrayField(row, 'choices', origin).map(String);
    const answer = stringField(row, 'answer', origin);
    const letter = LETTERS[choices.indexOf(answer)] ?? '';
    const options = choices.map((choice, position) => `${LETTERS[position]}. ${choice}`).join('\n');
    return {
      id: `bioprobench-pqa-${stringField(row, 'id', origin)}`,
      subtask: stringField(row, 'type', origin),
      prompt: `Fill the blank in this step of a biology protocol. Answer with the letter of the right option.\n${stringField(row, 'question', origin)}\n${options}\nAnswer:`,
      reference: letter,
      target: letter,
      meta: {},
    };
  });
}

/** An extension, not one of the paper's 13 tasks: BioProBench's protocol question answering. */
export const bioprobenchPqa = defineTask({
  spec: {
    schemaVersion: 1,
    id: 'bioprobench-pqa',
    title: 'BioProBench protocol QA (extension)',
    domain: 'biology',
    paperTask: false,
    description: 'Fill the blank in a step of a biology lab protocol (a parameter, a reagent or an operation) by choosing one of five options.',
    outputFormat: { description: 'The letter of the right option (A-E).', example: 'C' },
    subtasks: [
      { id: 'parameter', description: 'a quantity, time or temperature' },
      { id: 'reagent', description: 'a reagent or material' },
      { id: 'operation', description: 'an action' },
    ],
    sources: ['bioprobench'],
    heldOutFrom: ['bioprobench'],
    metrics: [
      {
        name: 'accuracy',
        scorer: 'choice-letter',
        params: { letters: LETTERS },
        direction: 'higher',
        primary: true,
        description: 'share of questions answered with the right letter',
      },
    ],
    profiles: {
      paper: paperProfile({
        validation: 100,
        test: 100,
        maxNewTokens: 512,
        splitRule: 'Per question type (seeded): 100 validation and 100 test items; the other PQA items form the pool.',
        deviations: ['not a task of the paper: the paper protocol is applied as for its tasks'],
      }),
      mini: miniProfile({
        validation: 60,
        test: 60,
        maxNewTokens: 8,
        splitRule: 'Per question type (seeded): 60 validation and 60 test items; the other 1,080 form the pool.',
      }),
    },
    notes: ['BioProBench is licensed for non-commercial use (CC BY-NC 4.0).'],
  },
  async buildSplits(repo, profile) {
    // BioProBench publishes test sets only: both profiles carve their pool from the same file.
    return benchmarkSplits({
      spec: bioprobenchPqa.spec,
      profile,
      repo,
      samples: await loadSamples(repo),
      benchmarkSource: SOURCE,
      leakageKey: (item) => item.prompt,
    });
  },
  leakageKey: (item) => item.prompt,
});
