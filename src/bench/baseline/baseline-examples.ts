import type { PoolRow } from '../../core/index.js';
import type { Tokenizer } from '../../data/index.js';
import { seededOrder } from '../../data/index.js';
import type { TrainingExample } from '../../runtime/index.js';

/** What the selection did, for scores.json and the summary. */
export interface BaselineDataStats {
  poolRows: number;
  /** Rows that can be trained on: a target, or a worked solution. */
  usableRows: number;
  selected: number;
  /** Selected rows whose response is a worked solution (extra.solution) ending in the boxed answer. */
  fromSolution: number;
  /** Rows passed over because prompt + response exceed cutoff_len (the cut would fall on the question). */
  skippedOverCutoff: number;
  /** Selected rows longer than cutoff_len anyway (too few short rows): LLaMA-Factory truncates them. */
  truncated: number;
  tokens: { total: number; mean: number; max: number };
  /** How tokens were counted: the model's tokenizer, or an approximation. */
  tokenizer: string;
}

export interface BaselineExamples {
  examples: TrainingExample[];
  /** Pool ids of the selected rows, in training-file order. */
  ids: string[];
  /** Token length of each selected example, template included. */
  lengths: number[];
  stats: BaselineDataStats;
}

export interface SelectBaselineExamplesOptions {
  /** At most this many examples (the profile's sample cap, or less to fit the time budget). */
  cap: number;
  seed: string;
  cutoffLen: number;
  tokenizer: Tokenizer;
  /** Tokens the chat template adds around one example (11 for smollm2 without a system prompt). */
  templateTokens: number;
}

function solutionOf(row: PoolRow): string | undefined {
  const solution = row.extra.solution;
  return typeof solution === 'string' && solution.trim() ? solution.trim() : undefined;
}

/**
 * The answer the model learns to write. Rows with a worked solution (math) train on the solution
 * followed by the final boxed answer, so the model learns to reason and then answer in the
 * required format; other rows train on the target, which is already in the task's output format.
 */
export function baselineResponse(row: PoolRow): string | undefined {
  const solution = solutionOf(row);
  const target = row.target.trim();
  if (solution) {
    const boxed = target.includes('\\boxed{') ? target : target ? `\\boxed{${target}}` : '';
    return boxed && !solution.includes(boxed) ? `${solution}\n\nThe final answer is ${boxed}.` : solution;
  }
  return target || undefined;
}

/**
 * A deterministic, seeded sample of the pool for the baseline: rows with a target first (rows with
 * neither target nor solution cannot be trained on), each formatted as instruction = prompt,
 * output = response. Rows that would not fit cutoff_len are passed over while enough others fit,
 * since LLaMA-Factory cuts the prompt and would drop the options or the answer cue.
 */
export function selectBaselineExamples(pool: readonly PoolRow[], options: SelectBaselineExamplesOptions): BaselineExamples {
  const usable = pool.filter((row) => baselineResponse(row) !== undefined);
  const ordered = [
    ...seededOrder(
      usable.filter((row) => row.target.trim()),
      options.seed,
      (row) => row.id,
    ),
    ...seededOrder(
      usable.filter((row) => !row.target.trim()),
      options.seed,
      (row) => row.id,
    ),
  ];
  const chosen: { row: PoolRow; response: string; length: number }[] = [];
  const overCutoff: typeof chosen = [];
  for (const row of ordered) {
    if (chosen.length >= options.cap) break;
    const response = baselineResponse(row)!;
    const length = options.tokenizer.count(row.prompt) + options.tokenizer.count(response) + options.templateTokens;
    (length > options.cutoffLen ? overCutoff : chosen).push({ row, response, length });
  }
  const truncated = overCutoff.slice(0, Math.max(0, options.cap - chosen.length));
  chosen.push(...truncated);
  const lengths = chosen.map((entry) => entry.length);
  const total = lengths.reduce((sum, length) => sum + Math.min(length, options.cutoffLen), 0);
  return {
    examples: chosen.map((entry) => ({ instruction: entry.row.prompt, input: '', output: entry.response })),
    ids: chosen.map((entry) => entry.row.id),
    lengths,
    stats: {
      poolRows: pool.length,
      usableRows: usable.length,
      selected: chosen.length,
      fromSolution: chosen.filter((entry) => solutionOf(entry.row) !== undefined).length,
      skippedOverCutoff: overCutoff.length - truncated.length,
      truncated: truncated.length,
      tokens: { total, mean: chosen.length ? Math.round(total / chosen.length) : 0, max: Math.max(0, ...lengths) },
      tokenizer: options.tokenizer.name,
    },
  };
}
