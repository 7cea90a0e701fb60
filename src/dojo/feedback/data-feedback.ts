import type { DataFeedback } from '../../core/index.js';
import type { LengthStats, Overlap } from '../../data/index.js';
import type { TrainingExample } from '../../runtime/index.js';
import { excerpt } from './excerpt.js';

/** One training row with the id the leakage check knew it by. */
export interface DataRow {
  id: string;
  example: TrainingExample;
}

/** What was measured on the data an experiment's script wrote. */
export interface DataFacts {
  /** Rows the script read from the raw-data pool. */
  rowsIn: number;
  /** Rows it wrote. */
  rowsOut: number;
  /** Rows used for training, after the sample cap. */
  selected: number;
  sampleCap: number;
  /** Tokens per row, e.g. from data's `summarizeLengths`; null when nothing was counted. */
  tokenLengths: LengthStats | null;
  /** The tokenizer that counted (its `name`: "approx-bytes" marks approximate counts). */
  tokenizer: string;
  cutoffLength: number | null;
  /** Rows longer than the cutoff. */
  overCutoff: number;
  duplicates: number;
  emptyRows: number;
  formatViolations: readonly { row: number; problem: string }[];
  /** A few rows to show; rows named by a leakage overlap are never shown. */
  samples: readonly DataRow[];
  /** data's `findOverlaps` of the training rows (pool ids = DataRow ids) against each held-out split. */
  leakage: { validation: readonly Overlap[]; test: readonly Overlap[] };
}

const VIOLATION_EXAMPLES = 5;
const SAMPLE_ROWS = 3;
const FIELD_CHARACTERS = 300;

/**
 * The data level. Leakage leaves as two counts: the overlaps name held-out items, and the
 * agent must not learn which items are held out, so neither the ids nor any row they name are
 * shown (a leaked row is left out of the samples too).
 */
export function dataFeedback(facts: DataFacts): DataFeedback {
  const leaked = new Set([...facts.leakage.validation, ...facts.leakage.test].map((overlap) => overlap.poolId));
  return {
    rows: { input: facts.rowsIn, output: facts.rowsOut, selected: facts.selected, sampleCap: facts.sampleCap },
    tokens: facts.tokenLengths ? { ...facts.tokenLengths } : null,
    tokenizer: facts.tokenizer,
    cutoffLength: facts.cutoffLength,
    overCutoff: facts.overCutoff,
    duplicates: facts.duplicates,
    emptyRows: facts.emptyRows,
    formatViolations: {
      count: facts.formatViolations.length,
      examples: facts.formatViolations
        .slice(0, VIOLATION_EXAMPLES)
        .map((violation) => ({ row: violation.row, problem: excerpt(violation.problem, FIELD_CHARACTERS) })),
    },
    samples: facts.samples
      .filter((row) => !leaked.has(row.id))
      .slice(0, SAMPLE_ROWS)
      .map(({ example }) => ({
        instruction: excerpt(example.instruction, FIELD_CHARACTERS),
        input: excerpt(example.input ?? '', FIELD_CHARACTERS),
        output: excerpt(example.output, FIELD_CHARACTERS),
      })),
    leakage: {
      validation: new Set(facts.leakage.validation.map((overlap) => overlap.heldOutId)).size,
      test: new Set(facts.leakage.test.map((overlap) => overlap.heldOutId)).size,
    },
  };
}
