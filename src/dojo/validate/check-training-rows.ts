import { z } from 'zod';
import type { Diagnostic } from '../../core/index.js';
import type { KeyedItem, Tokenizer } from '../../data/index.js';
import { findOverlaps, summarizeLengths } from '../../data/index.js';
import type { DataFacts, DataRow } from '../feedback/index.js';

/**
 * One Alpaca row as LLaMA-Factory's alpaca converter reads it. No `system`: evaluation renders
 * prompts without a system turn, so training must not add one (other keys are ignored, as there).
 */
const AlpacaRowSchema = z.object({
  instruction: z.string(),
  input: z.string().optional(),
  output: z.string(),
});

/** What the answer-format check says of one output: in the task's format, and the label it extracted. */
export interface FormatVerdict {
  ok: boolean;
  label?: string | undefined;
}

export interface RowCheckInput {
  /** The parsed JSON the script wrote. */
  raw: unknown;
  rowsIn: number;
  sampleCap: number;
  cutoffLen: number;
  tokenizer: Tokenizer;
  /** Tokens the chat template adds around one example. */
  templateTokens: number;
  checkFormat: (output: string) => FormatVerdict;
  /** Keys of the held-out items (environment side; only counts leave this function). */
  heldOut: { validation: readonly KeyedItem[]; test: readonly KeyedItem[] };
}

export interface RowCheckOutput {
  diagnostics: Diagnostic[];
  facts: DataFacts | null;
  rows: DataRow[];
}

/** Shares of rows above which a warning becomes an error that stops the run. */
export const ROW_ERROR_SHARES = { empty: 0.1, duplicates: 0.2, overCutoff: 0.1, format: 0.2, labelMajority: 0.8 } as const;

function diagnostic(code: string, severity: Diagnostic['severity'], message: string, hint: string, evidence: string[] = []): Diagnostic {
  return { tier: 'data', code, severity, message, hint, evidence, subject: 'data' };
}

const share = (count: number, total: number) => `${count} of ${total} rows (${((100 * count) / Math.max(total, 1)).toFixed(0)}%)`;
const rowList = (rows: readonly number[]) => `rows ${rows.slice(0, 8).join(', ')}${rows.length > 8 ? ', …' : ''}`;

/**
 * The data tier's checks on the script's *full* output, every row: Alpaca shape, sample cap,
 * empty and duplicate rows, token lengths with the real tokenizer against the cutoff, answers in
 * the task's output format, overlap with validation and test items, and label balance.
 */
export function checkTrainingRows(input: RowCheckInput): RowCheckOutput {
  if (!Array.isArray(input.raw)) {
    return {
      diagnostics: [
        diagnostic(
          'output-not-list',
          'error',
          'output/train.json must be a JSON list of rows',
          'write json.dump([{"instruction": ..., "output": ...}, ...], file)',
        ),
      ],
      facts: null,
      rows: [],
    };
  }
  const raw: unknown[] = input.raw;
  const diagnostics: Diagnostic[] = [];
  if (raw.length === 0)
    diagnostics.push(
      diagnostic('output-empty', 'error', 'the script wrote no rows', 'check the filter that selects pool rows; print how many rows each step keeps'),
    );

  const rows: DataRow[] = [];
  const violations: { row: number; problem: string }[] = [];
  raw.forEach((value, index) => {
    const parsed = AlpacaRowSchema.safeParse(value);
    if (parsed.success) rows.push({ id: `row-${index}`, example: parsed.data });
    else violations.push({ row: index, problem: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ') });
  });
  if (violations.length) {
    diagnostics.push(
      diagnostic(
        'row-schema',
        'error',
        `${share(violations.length, raw.length)} are not Alpaca rows {instruction, input?, output} with string values`,
        'give every row string "instruction" and "output" fields',
        violations.slice(0, 3).map((violation) => `row ${violation.row}: ${violation.problem}`),
      ),
    );
  }
  if (raw.length > input.sampleCap)
    diagnostics.push(
      diagnostic(
        'sample-cap',
        'error',
        `${raw.length} rows, above the task's cap of ${input.sampleCap} training samples`,
        `keep at most ${input.sampleCap} rows (select the most useful ones)`,
      ),
    );

  const empty = rows.flatMap((row, index) => (row.example.instruction.trim() === '' || row.example.output.trim() === '' ? [index] : []));
  if (empty.length)
    diagnostics.push(
      diagnostic(
        'empty-rows',
        empty.length > ROW_ERROR_SHARES.empty * rows.length ? 'error' : 'warning',
        `${share(empty.length, rows.length)} have an empty instruction or output`,
        'drop rows without a question or an answer',
        [rowList(empty)],
      ),
    );

  const seen = new Map<string, number>();
  const duplicates: number[] = [];
  rows.forEach((row, index) => {
    const key = JSON.stringify([row.example.instruction, row.example.input ?? '', row.example.output]);
    if (seen.has(key)) duplicates.push(index);
    else seen.set(key, index);
  });
  if (duplicates.length)
    diagnostics.push(
      diagnostic(
        'duplicate-rows',
        duplicates.length > ROW_ERROR_SHARES.duplicates * rows.length ? 'error' : 'warning',
        `${share(duplicates.length, rows.length)} repeat an earlier row exactly`,
        'deduplicate: repeats weigh some examples more without adding information',
        [rowList(duplicates)],
      ),
    );

  const lengths = rows.map(
    ({ example }) =>
      input.tokenizer.count([example.instruction, example.input ?? ''].filter(Boolean).join('\n')) +
      input.tokenizer.count(example.output) +
      input.templateTokens,
  );
  const over = lengths.flatMap((length, index) => (length > input.cutoffLen ? [index] : []));
  if (over.length) {
    const longest = Math.max(...over.map((index) => lengths[index]!));
    diagnostics.push(
      diagnostic(
        'over-cutoff',
        over.length > ROW_ERROR_SHARES.overCutoff * rows.length ? 'error' : 'warning',
        `${share(over.length, rows.length)} are longer than cutoff_len ${input.cutoffLen} (${input.tokenizer.name} tokens; longest ${longest}): training cuts them, answers at the end first`,
        `drop or shorten long rows, or raise cutoff_len (to about ${Math.min(longest, 4 * input.cutoffLen)})`,
        [rowList(over)],
      ),
    );
  }

  const verdicts = rows.map((row) => input.checkFormat(row.example.output));
  const badFormat = verdicts.flatMap((verdict, index) => (verdict.ok ? [] : [index]));
  if (badFormat.length) {
    const examples = badFormat.slice(0, 2).map((index) => `row ${index} ends: ${JSON.stringify(rows[index]!.example.output.slice(-120))}`);
    diagnostics.push(
      diagnostic(
        'answer-format',
        badFormat.length > ROW_ERROR_SHARES.format * rows.length ? 'error' : 'warning',
        `${share(badFormat.length, rows.length)} have outputs whose answer the task's scorer cannot extract`,
        'end every output with the answer in the format the task card asks for; the model learns the format from these rows',
        examples,
      ),
    );
  }
  const labels = new Map<string, number>();
  for (const verdict of verdicts) if (verdict.label !== undefined) labels.set(verdict.label, (labels.get(verdict.label) ?? 0) + 1);
  const labelled = [...labels.values()].reduce((sum, count) => sum + count, 0);
  if (labels.size >= 2 && labels.size <= 12 && labelled >= 20) {
    const [top, count] = [...labels.entries()].sort((left, right) => right[1] - left[1])[0]!;
    if (count > ROW_ERROR_SHARES.labelMajority * labelled)
      diagnostics.push(
        diagnostic(
          'label-imbalance',
          'warning',
          `${share(count, labelled)} answer "${top}"`,
          'balance the answers, or the model learns to always answer the majority label',
          [[...labels.entries()].map(([label, n]) => `${label}: ${n}`).join(', ')],
        ),
      );
  }

  const keyed = rows.map((row) => ({ id: row.id, key: [row.example.instruction, row.example.input ?? ''].filter(Boolean).join('\n') }));
  const leakage = { validation: findOverlaps(keyed, input.heldOut.validation), test: findOverlaps(keyed, input.heldOut.test) };
  const leaked = new Set([...leakage.validation, ...leakage.test].map((overlap) => overlap.poolId)).size;
  if (leaked)
    diagnostics.push(
      diagnostic(
        'leakage',
        'error',
        `${leaked} training row(s) contain a held-out evaluation item`,
        'train only on the task pool (/task/pool.jsonl); evaluation items must never be trained on',
        [`${leakage.validation.length} match(es) with validation, ${leakage.test.length} with test`],
      ),
    );

  const facts: DataFacts = {
    rowsIn: input.rowsIn,
    rowsOut: raw.length,
    selected: Math.min(rows.length, input.sampleCap),
    sampleCap: input.sampleCap,
    tokenLengths: summarizeLengths(lengths),
    tokenizer: input.tokenizer.name,
    cutoffLength: input.cutoffLen,
    overCutoff: over.length,
    duplicates: duplicates.length,
    emptyRows: empty.length,
    formatViolations: [...violations, ...badFormat.map((row) => ({ row, problem: 'answer not in the task format' }))],
    samples: rows.slice(0, 5),
    leakage,
  };
  return { diagnostics, facts, rows };
}
