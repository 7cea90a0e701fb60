import type { DatasetSource } from '../types.js';
import { PREFIX_PIN_NOTE, hubFile } from './file-entry.js';

/** TableInstruct: the table-QA training pool of the TableBench authors. Hub only. */
export const tableinstruct: DatasetSource = {
  id: 'tableinstruct',
  title: 'TableInstruct (table question answering instructions with reasoning)',
  domain: 'table-qa',
  description:
    'About 19.7k instruction-tuning examples over tables from the TableBench authors, covering the same four categories as ' +
    'TableBench with answers in its prompting styles (direct answers, textual and symbolic chain-of-thought, program-of-thought). ' +
    "The training pool of the paper's table-QA tasks. Hub only (about 106 MB; not in the offline mirror).",
  licence: 'Apache-2.0',
  hub: {
    repo: 'Multilingual-Multimodal-NLP/TableInstruct',
    repoType: 'dataset',
    revision: '41f6406',
    revisionNote: PREFIX_PIN_NOTE,
    layoutNote:
      'one file, TableInstruct_instructions.jsonl, at the repository root; each line one row whose training text is `response` ' +
      "(as the TableBench authors' training scripts read it: source `instruction`, target `response`)",
  },
  files: [hubFile('train', 'jsonl', 'TableInstruct_instructions.jsonl')],
  cotQuality: 'medium-high',
  cotNote:
    'Chain-of-thought quality is medium-high. Many answers walk through the table (which rows and columns matter, the ' +
    'intermediate values, then "Final Answer: ..."), and program-of-thought answers are runnable Python; direct-answer rows ' +
    'carry no reasoning. The traces are generated, so some computations are wrong: check final answers against the table ' +
    'where you can, and keep the "Final Answer:" line format the benchmark parses.',
  fields: {
    id: 'row id',
    instruction: 'the full prompt: instructions, the table and the question',
    instruction_type: 'prompting style: DP, PoT, SCoT or TCoT',
    qtype: 'category, as in TableBench',
    qsubtype: 'subtype, as in TableBench',
    table: 'the table as {columns, data} (an object, or its JSON text), when given separately',
    question: 'the question, when given separately',
    response:
      'the answer to train on, in the style of instruction_type: "Final Answer: ..." as its last line (DP, TCoT, SCoT), ' +
      'Python that prints the answer (PoT), or a ```python block ending in plt.show() (Visualization)',
    answer: 'the short gold answer, where a row has one',
  },
  text: { prompt: ['instruction', 'table', 'question'], answer: ['response', 'answer'] },
};
