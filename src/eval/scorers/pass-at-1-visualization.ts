import { z } from 'zod';
import type { JsonValue, Sample, SampleOutcome } from '../../core/index.js';
import { FtdojoError, isFtdojoError } from '../../core/index.js';
import type { Scorer, ScorerEntry, ScoringContext, ScoringItem } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import type { ChartJob, ChartRun, ChartRunOptions } from './chart-runs.js';
import { runCharts } from './chart-runs.js';
import { defineScorer } from './define-scorer.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput } from './outcome.js';

const PassAt1VisualizationParamsSchema = z.strictObject({
  scoring: ScoringParamSchema,
  /** Seconds each run of the code may take: TableBench's @timeout(15) (official runs the code twice). */
  timeoutSeconds: z.number().positive().max(300).default(15),
  /** Address space of the process that runs the code. */
  memoryMb: z.number().int().min(512).default(4096),
});

const ID = 'pass-at-1-visualization';
const NO_RUNNER = 'Pass@1 runs the generated chart code, and this evaluation was given no sandbox to run it in';

/** TableBench's reading of an output: the last ```python block (exactly that opening, then a newline). */
const PYTHON_BLOCK = /```python\n([\s\S]*?)```/g;

/** The code of the last python block; null when there is none or it is empty (TableBench: no code, no run). */
export function chartCode(output: string): string | null {
  const blocks = [...output.matchAll(PYTHON_BLOCK)];
  const code = blocks.at(-1)?.[1] ?? '';
  return code === '' ? null : code;
}

/**
 * TableBench visualization Pass@1. The model writes matplotlib code that reads table.csv; the
 * code runs in the sandbox (through the code runner the evaluation lends the prepare step) and
 * its chart is read there, with no reference in reach (python/ftdojo_runtime/chart_pass_at_1.py);
 * a later process that runs no model code compares the readings with the references
 * (chart_verdict.py). `official` reproduces TableBench's evaluation, quirks included; `corrected`
 * runs the code once, as a script, and takes the verdict on a channel of its own (the task card
 * lists the differences). A failing item is an outcome whose detail names the kind (crash,
 * timeout, memory, network, no-chart, ...). Without prepare (a format check), an output with code
 * scores 0 as "not-run": only its format is known.
 */
export const passAt1VisualizationScorer: ScorerEntry<typeof PassAt1VisualizationParamsSchema> = {
  id: ID,
  description: 'Pass@1 of generated matplotlib code (TableBench visualization): the code runs in the sandbox and its chart data must match the reference.',
  direction: 'higher',
  params: PassAt1VisualizationParamsSchema,
  async create(params) {
    const options = { mode: params.scoring, timeoutSeconds: params.timeoutSeconds, memoryBytes: params.memoryMb * 1024 ** 2 };
    const scorer: Scorer = defineScorer({
      id: ID,
      direction: 'higher',
      best: 1,
      score: (output, sample) => outcomeOf(output, sample, undefined),
      prepare: (items, context) => prepareRuns(scorer, items, context, options),
    });
    return scorer;
  },
};

async function prepareRuns(scorer: Scorer, items: readonly ScoringItem[], context: ScoringContext, options: Omit<ChartRunOptions, 'signal'>): Promise<Scorer> {
  const withCode = items.flatMap(({ sample, output }) => {
    const code = chartCode(output);
    return code === null ? [] : [{ sample, output, code }];
  });
  // Outputs without code are format errors, which need no run.
  if (withCode.length === 0) return scorer;
  if (!context.codeRunner) return unsupported(scorer, NO_RUNNER);
  const jobs: ChartJob[] = [];
  const prepared = new Map<string, { output: string; key: string }>();
  for (const { sample, output, code } of withCode) {
    const key = String(jobs.length);
    jobs.push({ key, code, ...chartReference(sample) });
    prepared.set(sample.id, { output, key });
  }
  let runs: Map<string, ChartRun>;
  try {
    const result = await runCharts(context.codeRunner, jobs, { ...options, signal: context.signal });
    if (!result.ready) return unsupported(scorer, result.reason);
    runs = result.runs;
  } catch (error) {
    if (isFtdojoError(error) && error.code === 'SANDBOX_UNAVAILABLE')
      return unsupported(scorer, `Pass@1 runs the generated chart code in the sandbox: ${error.message}`);
    throw error;
  }
  return defineScorer({
    id: ID,
    direction: 'higher',
    best: 1,
    score(output, sample) {
      const entry = prepared.get(sample.id);
      return outcomeOf(output, sample, entry && entry.output === output ? runs.get(entry.key) : undefined);
    },
  });
}

function unsupported(scorer: Scorer, reason: string): Scorer {
  return defineScorer({ id: scorer.id, direction: scorer.direction, best: scorer.best, unsupported: reason, score: scorer.score, aggregate: () => null });
}

/** What a visualization sample carries for the run: the reference (`y_references = ...`), the chart type, the table. */
function chartReference(sample: Sample): Omit<ChartJob, 'key' | 'code'> {
  const { chartType, table } = sample.meta;
  if (typeof chartType !== 'string' || typeof table !== 'object' || table === null || typeof sample.reference !== 'string') {
    throw new FtdojoError(
      'INVALID_TASK_FILE',
      `sample ${sample.id} has no chart to compare with: ${ID} needs meta.chartType, meta.table and a reference "y_references = [...]"`,
      {
        fault: 'internal',
        hint: "Build the task's samples with the TableBench row's chart_type and table in meta.",
      },
    );
  }
  return { answer: sample.reference, chartType, table };
}

function outcomeOf(output: string, sample: Sample, run: ChartRun | undefined): SampleOutcome {
  if (isBlankOutput(output)) return emptyOutcome(sample, 0);
  if (chartCode(output) === null) return formatErrorOutcome(sample, 0, 'no-code');
  const outcome: SampleOutcome = { id: sample.id, subtask: sample.subtask, value: 0, formatError: false };
  if (run === undefined) return { ...outcome, detail: 'not-run' };
  outcome.value = run.kind === 'pass' ? 1 : 0;
  outcome.extracted = run.values as JsonValue;
  outcome.facts = { kind: run.kind, executed: run.executed };
  if (run.kind !== 'pass') outcome.detail = run.error !== null && ['crash', 'exit', 'sandbox'].includes(run.kind) ? `${run.kind}: ${run.error}` : run.kind;
  return outcome;
}
