import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { JsonValue, ScoringMode } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { repoPythonDir } from '../../runtime/index.js';
import type { CodeRunner, PythonRunResult } from '../code-runner.js';

/** One chart program: the code read from an output, the reference (Python), the chart type, the table. */
export interface ChartJob {
  key: string;
  code: string;
  answer: string;
  chartType: string;
  table: JsonValue;
}

/**
 * How one program ended (python/ftdojo_runtime/chart_verdict.py): it passed, drew other data,
 * drew nothing of the asked type, printed into TableBench's verdict (official only), raised,
 * exited, ran out of time or memory, tried the network; or the sandbox itself stopped it.
 */
export const ChartRunKindSchema = z.enum(['pass', 'wrong-data', 'no-chart', 'printed', 'crash', 'exit', 'timeout', 'memory', 'network', 'sandbox']);
export type ChartRunKind = z.infer<typeof ChartRunKindSchema>;

export const ChartRunSchema = z.object({
  key: z.string(),
  kind: ChartRunKindSchema,
  /** The code ran to its end (TableBench's ECR@1). */
  executed: z.boolean(),
  verdict: z.boolean().nullable(),
  /** What stopped the code ("NameError: name 'np' is not defined"), or the sandbox's status. */
  error: z.string().nullable(),
  /** The chart's values as compared (flattened, rounded), when they could be read. */
  values: z.array(z.number().nullable()).nullable(),
});
export type ChartRun = z.infer<typeof ChartRunSchema>;

/** What running one program showed (chart_pass_at_1.py), before any reference is looked at. */
const ObservationSchema = z.object({
  key: z.string(),
  failure: z.enum(['crash', 'exit', 'timeout', 'memory', 'network', 'sandbox']).nullable(),
  executed: z.boolean(),
  error: z.string().nullable(),
  values: z.unknown(),
  printed: z.string().nullable(),
});
type Observation = z.infer<typeof ObservationSchema>;

export interface ChartRunOptions {
  mode: ScoringMode;
  /** Seconds each run of a program may take (official runs each twice). */
  timeoutSeconds: number;
  memoryBytes: number;
  signal?: AbortSignal | undefined;
}

/** Every job's run, or why none could run (the harness did not start: no matplotlib, say). */
export type ChartRuns = { ready: true; runs: Map<string, ChartRun> } | { ready: false; reason: string };

const HARNESS_FILES = ['chart_pass_at_1.py', 'chart_verdict.py', 'chart_data.py'];
/** Each step gets only its own script: the program's sandbox has nothing of the comparison. */
const only = (files: Record<string, string>, script: string) => ({ [script]: files[script]!, 'chart_data.py': files['chart_data.py']! });
/** Importing pandas and matplotlib and building the font cache: ~3 s on a slow machine, with room. */
const STARTUP_SECONDS = 60;
const JOB_GRACE_SECONDS = 8;
/** Headless matplotlib, a font cache in the sandbox's /tmp, one BLAS thread (fork-safe, small address space). */
const ENV = { MPLBACKEND: 'Agg', MPLCONFIGDIR: '/tmp/matplotlib', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

let harnessSource: Promise<Record<string, string>> | undefined;

function harnessFiles(): Promise<Record<string, string>> {
  harnessSource ??= Promise.all(HARNESS_FILES.map(async (name) => [name, await readFile(join(repoPythonDir(), 'ftdojo_runtime', name), 'utf8')] as const)).then(
    (entries) => Object.fromEntries(entries),
  );
  return harnessSource;
}

/**
 * Runs the jobs in two steps, each in the sandbox: the programs run and their charts are read
 * (no reference anywhere in that sandbox, so no program can read or fake its verdict), then the
 * readings are compared with the references by a process that runs no model code.
 */
export async function runCharts(runner: CodeRunner, jobs: readonly ChartJob[], options: ChartRunOptions): Promise<ChartRuns> {
  const files = await harnessFiles();
  const observed = await observeCharts(runner, files, jobs, options);
  if (!observed.ready) return observed;
  const request = {
    mode: options.mode,
    items: jobs.map((job) => ({ key: job.key, chartType: job.chartType, answer: job.answer, observation: observed.observations.get(job.key) })),
  };
  const result = await runner.runPython({
    files: { ...only(files, 'chart_verdict.py'), 'verdicts.json': JSON.stringify(request) },
    script: 'chart_verdict.py',
    args: ['verdicts.json', 'verdicts.jsonl'],
    env: ENV,
    wallSeconds: STARTUP_SECONDS + jobs.length,
    memoryBytes: options.memoryBytes,
    outputs: ['verdicts.jsonl'],
    signal: options.signal,
  });
  const runs = new Map(
    jsonLines(result.outputs['verdicts.jsonl'] ?? null)
      .flatMap((value) => parsed(ChartRunSchema, value))
      .map((run) => [run.key, run]),
  );
  const missing = jobs.find((job) => !runs.has(job.key));
  if (missing) {
    throw new FtdojoError(
      'INTERNAL',
      `comparing the charts with their references failed (${result.status}): ${lastLine(result) || 'no verdict for item ' + missing.key}`,
      {
        hint: 'This is a bug in chart_verdict.py, or the runtime Python lacks numpy; run `ftdojo setup`.',
      },
    );
  }
  return { ready: true, runs };
}

/**
 * The programs, all in one run of the harness (each in a child process of its own). When the
 * sandbox stops a run midway (a program filled the disk, say), the first job without a reading is
 * the one it stopped on: it gets the sandbox's status, and the rest run again.
 */
async function observeCharts(
  runner: CodeRunner,
  files: Record<string, string>,
  jobs: readonly ChartJob[],
  options: ChartRunOptions,
): Promise<{ ready: true; observations: Map<string, Observation> } | { ready: false; reason: string }> {
  const observations = new Map<string, Observation>();
  const runsPerJob = options.mode === 'official' ? 2 : 1;
  let pending = [...jobs];
  while (pending.length > 0) {
    options.signal?.throwIfAborted();
    const items = pending.map((job) => ({ key: job.key, code: job.code, chartType: job.chartType, table: job.table }));
    const result = await runner.runPython({
      files: { ...only(files, 'chart_pass_at_1.py'), 'items.json': JSON.stringify({ mode: options.mode, timeoutSeconds: options.timeoutSeconds, items }) },
      script: 'chart_pass_at_1.py',
      args: ['items.json', 'observations.jsonl'],
      env: ENV,
      wallSeconds: Math.ceil(STARTUP_SECONDS + pending.length * (runsPerJob * options.timeoutSeconds + JOB_GRACE_SECONDS)),
      memoryBytes: options.memoryBytes,
      outputs: ['observations.jsonl'],
      signal: options.signal,
    });
    const lines = jsonLines(result.outputs['observations.jsonl'] ?? null);
    if (!lines.some((line) => typeof line === 'object' && line !== null && 'ready' in line)) return { ready: false, reason: harnessFailure(result) };
    for (const observation of lines.flatMap((value) => parsed(ObservationSchema, value))) observations.set(observation.key, observation);
    const missing = pending.filter((job) => !observations.has(job.key));
    if (missing.length === 0) break;
    observations.set(missing[0]!.key, sandboxStopped(missing[0]!.key, result));
    pending = missing.slice(1);
  }
  return { ready: true, observations };
}

function jsonLines(text: string | null): unknown[] {
  if (text === null) return [];
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() === '' ? [] : [JSON.parse(line) as unknown];
    } catch {
      return []; // a line cut short when the sandbox stopped the harness
    }
  });
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T[] {
  const result = schema.safeParse(value);
  return result.success ? [result.data] : [];
}

function sandboxStopped(key: string, result: PythonRunResult): Observation {
  const failure = result.status === 'timeout' ? 'timeout' : result.status === 'memory-limit' ? 'memory' : 'sandbox';
  const last = lastLine(result);
  const error = result.status === 'failed' ? `the chart harness failed${last ? `: ${last}` : ''}` : `the sandbox stopped the run: ${result.status}`;
  return { key, failure, executed: false, error, values: null, printed: null };
}

function lastLine(result: PythonRunResult): string {
  return result.stderrTail.trim().split('\n').at(-1) ?? '';
}

function harnessFailure(result: PythonRunResult): string {
  const tail = result.stderrTail.trim().split('\n').slice(-3).join(' / ');
  return `the chart harness did not start in the sandbox (${result.status}${tail ? `: ${tail}` : ''}); the runtime's Python needs matplotlib and pandas (\`ftdojo setup\`)`;
}
