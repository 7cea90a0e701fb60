import type { JsonValue, PoolRow } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { isValidSmiles, loadChemistry } from '../../eval/index.js';
import { chemcotAnswer, chemcotPoolPrompt, chemcotReasoning, type ChemcotAnswerKind } from './chemcot-answer.js';
import { jsonAnswer } from './chemcot-prompts.js';
import type { PoolBuild } from './pool-build.js';
import { createDropTally } from './pool-build.js';
import { optionalString } from './row-fields.js';

const SOURCE = 'chemcot-dataset';

/** One ChemCoTDataset file a task trains on: its name in the catalogue, the task's subtask id, and the answer's kind. */
export interface ChemcotPoolFile {
  file: string;
  subtask: string;
  answer: ChemcotAnswerKind;
  /** What the task's {"output": ...} holds, as its prompts say it ('"<SMILES>"', '<an integer>'...). */
  output: string;
  /** Keys the answer sits under in this file's reasoning and gold, most specific first. */
  keys?: readonly string[];
}

/**
 * The paper's chemistry training pool: ChemCoTDataset rows of the task's families, each with a
 * training target in the task's format ({"output": <answer>}). The answer is the row's gold
 * (gt, meta.gt, meta.reference) or else the one its structured reasoning ends with; SMILES answers
 * must parse in RDKit. The prompt is the row's question with its answer format replaced by the
 * task's; the reasoning is kept in extra.cot and the row itself in extra.raw for the agent's script.
 * Rows without a usable answer are dropped, counted in the notes.
 */
export async function chemcotDatasetPool(repo: DataRepository, files: readonly ChemcotPoolFile[]): Promise<PoolBuild> {
  const rdkit = files.some((entry) => entry.answer === 'smiles') ? await loadChemistry() : undefined;
  const validSmiles = rdkit === undefined ? undefined : (smiles: string) => isValidSmiles(rdkit, smiles);
  const tally = createDropTally('ChemCoTDataset');
  const rows: PoolRow[] = [];
  for (const entry of files) {
    const raw = await repo.readRows(SOURCE, entry.file);
    raw.forEach((row, index) => {
      tally.seen();
      const query = optionalString(row, 'query')?.trim();
      if (!query) return tally.drop('no question (query)');
      const answer = chemcotAnswer(row, entry.answer, { ...(entry.keys ? { keys: entry.keys } : {}), ...(validSmiles ? { validSmiles } : {}) });
      if (answer === null) return tally.drop(`no ${entry.answer === 'smiles' ? 'valid SMILES' : entry.answer} answer in gt, meta or the reasoning`);
      const cot = chemcotReasoning(row).text;
      rows.push({
        id: `${SOURCE}:${entry.file}:${index}`,
        subtask: entry.subtask,
        prompt: chemcotPoolPrompt(query, entry.output),
        reference: answer,
        target: jsonAnswer(answer),
        meta: {},
        source: SOURCE,
        extra: { ...(cot === null ? {} : { cot }), raw: row as JsonValue },
      });
    });
  }
  return { rows, notes: tally.notes() };
}
