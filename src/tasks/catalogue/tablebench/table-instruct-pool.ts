import type { JsonValue, PoolRow } from '../../../core/index.js';
import type { DataRepository, Row } from '../../../data/index.js';
import { finalAnswer } from '../../../eval/index.js';
import type { PoolBuild } from '../../shared/pool-build.js';
import { createDropTally } from '../../shared/pool-build.js';
import { optionalString } from '../../shared/row-fields.js';
import { tablebenchPrompt } from './tablebench-prompt.js';

const SOURCE = 'tableinstruct';

/**
 * Whether a text is an answer in a TableBench task's output format: a last line
 * "Final Answer: <answer>", or for visualization a ```python block that ends with plt.show().
 */
export function inTablebenchFormat(qtype: string, text: string): boolean {
  if (qtype === 'Visualization') return /```python\n[\s\S]*plt\.show\(\)\s*```/.test(text);
  const lines = text.trimEnd().split('\n');
  return /final answer\s*[:：]/i.test(lines.at(-1) ?? '') && finalAnswer(text) !== null;
}

function tableOf(row: Row): unknown {
  const table = row['table'];
  if (typeof table !== 'string') return table;
  try {
    return JSON.parse(table) as unknown;
  } catch {
    return table;
  }
}

/**
 * One TableInstruct row as a pool row of a TableBench task, or the reason it cannot be one. The
 * row's own prompt (`instruction`) and answer (`response`) are kept when the answer is in the
 * task's format; a row whose response is not (program-of-thought rows answer with code that
 * prints the result) but that carries its gold `answer`, table and question is rewritten as the
 * benchmark's direct prompt with "Final Answer: <answer>".
 */
function poolRow(row: Row, index: number, file: string, qtype: string): PoolRow | string {
  const qsubtype = optionalString(row, 'qsubtype') ?? '';
  const response = optionalString(row, 'response')?.trim() ?? '';
  const instruction = optionalString(row, 'instruction')?.trim() ?? '';
  const base = { id: `${SOURCE}:${file}:${index}`, subtask: qsubtype, meta: { qtype, qsubtype }, source: SOURCE };
  const extra = { instructionType: optionalString(row, 'instruction_type') ?? '', raw: row as JsonValue };
  if (instruction !== '' && inTablebenchFormat(qtype, response)) {
    const reference = qtype === 'Visualization' ? response : finalAnswer(response)!;
    return { ...base, prompt: instruction, reference, target: response, extra };
  }
  const answer = optionalString(row, 'answer')?.trim() ?? '';
  const question = optionalString(row, 'question') ?? '';
  const table = tableOf(row);
  if (qtype !== 'Visualization' && answer !== '' && question !== '' && table !== null && typeof table === 'object') {
    return { ...base, prompt: tablebenchPrompt(qtype, qsubtype, table, question), reference: answer, target: `Final Answer: ${answer}`, extra };
  }
  if (instruction === '') return 'no instruction';
  return qtype === 'Visualization'
    ? 'the response has no ```python block ending in plt.show()'
    : 'the response does not end with "Final Answer: ..." and the row has no gold answer';
}

/**
 * The paper's table-QA pool: TableInstruct rows of the task's category (qtype), each with a
 * training target in the task's format. Rows of the other categories are left out, and so are
 * rows without a target in that format, counted in the notes.
 */
export async function tableInstructPool(repo: DataRepository, qtype: string): Promise<PoolBuild> {
  const source = repo.source(SOURCE);
  const tally = createDropTally(`TableInstruct ${qtype}`);
  const rows: PoolRow[] = [];
  let otherCategories = 0;
  for (const file of source.files) {
    (await repo.readRows(source.id, file.name)).forEach((row, index) => {
      if (optionalString(row, 'qtype') !== qtype) {
        otherCategories += 1;
        return;
      }
      tally.seen();
      const built = poolRow(row, index, file.name, qtype);
      if (typeof built === 'string') tally.drop(built);
      else rows.push(built);
    });
  }
  const notes = tally.notes();
  if (otherCategories > 0) notes.push(`${otherCategories} TableInstruct row(s) of other categories than ${qtype} are not in this task's pool`);
  return { rows, notes };
}
