import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RuntimeConfig } from '../../config/index.js';
import type { ProfileName } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import type { RaySuiteEvent, RaySuiteResult, SuiteCell } from '../../bench/index.js';
import { runSuiteOnRay, suiteSeeds } from '../../bench/index.js';
import { createRayJobsClient, readLocalHead } from '../../runners/index.js';
import type { CliContext } from '../context.js';
import { mark } from '../output.js';
import { packageRoot } from './bench-agents.js';

/** The bench flags a cluster job passes on to its one-cell `ftdojo bench`. */
export interface RayBenchFlags {
  suite: string;
  budget: string;
  evalLimit?: number;
  llm?: string;
  agentsFile?: string;
  baseModel?: string;
  template?: string;
  seeds: number;
  rayAddress?: string;
  maxJobs?: number;
  jobCpus?: number;
  jobGpus?: number;
  rayRuntimeEnv?: string;
  rayEntrypoint?: string;
}

/**
 * What one job reserves, by profile: the mini profile trains on the CPU with every core the
 * local run would use (2, so its numbers match a local run's), the paper profile on one GPU.
 */
export function profileJobResources(profile: ProfileName): { numCpus: number; numGpus: number } {
  return profile === 'paper' ? { numCpus: 8, numGpus: 1 } : { numCpus: 2, numGpus: 0 };
}

/** Variables a job needs to find what the driver uses (data mirror, home, python); secrets stay on the workers. */
export function jobEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  runtime: RuntimeConfig,
  global: { home?: string | undefined; mirror?: string | undefined },
): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (key.startsWith('FTDOJO_') && value !== undefined && !/KEY|TOKEN|SECRET|PASSWORD/.test(key)) vars[key] = value;
  if (global.home) vars.FTDOJO_HOME = runtime.home;
  if (global.mirror) vars.FTDOJO_DATA_MIRROR = resolve(global.mirror);
  return vars;
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The one-cell `ftdojo bench` a job runs: the same flags as the suite, one task, agent and seed, its own folder. */
export function jobEntrypoint(ftdojo: string, flags: RayBenchFlags, task: { id: string; file: string | null }, cell: SuiteCell, folder: string): string {
  const words = ['bench', '--suite', flags.suite, ...(task.file ? ['--task-file', task.file] : ['--tasks', task.id])];
  words.push('--agents', cell.agent, '--seeds', String(flags.seeds), '--seed', String(cell.seed), '--budget', flags.budget, '--out', folder);
  if (flags.evalLimit) words.push('--eval-limit', String(flags.evalLimit));
  if (flags.llm) words.push('--llm', flags.llm);
  if (flags.agentsFile) words.push('--agents-file', resolve(flags.agentsFile));
  if (flags.baseModel) words.push('--base-model', flags.baseModel);
  if (flags.template) words.push('--template', flags.template);
  return `${ftdojo} ${words.map(quote).join(' ')}`;
}

async function runtimeEnvFile(path: string | undefined): Promise<Record<string, unknown>> {
  if (!path) return {};
  const text = await readFile(resolve(path), 'utf8').catch((error: unknown) => {
    throw new FtdojoError('INVALID_INPUT', `cannot read --ray-runtime-env ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'pass a JSON or YAML file holding a Ray runtime environment, e.g. {"env_vars": {...}, "image_uri": "..."}',
    });
  });
  const value: unknown = parseYaml(text);
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new FtdojoError('INVALID_INPUT', `--ray-runtime-env ${path} does not hold an object`, {
      hint: 'a Ray runtime environment is a mapping: env_vars, working_dir, pip, image_uri...',
    });
  return value as Record<string, unknown>;
}

/** The address of the cluster: --ray-address, else the head `ftdojo cluster up --local` started. */
export function rayAddressOf(flag: string | undefined, runtime: RuntimeConfig): string {
  if (flag) return flag;
  const head = readLocalHead(runtime);
  if (head) return head.address;
  throw new FtdojoError('INVALID_INPUT', '--executor ray needs a Ray cluster, and none is known', {
    hint: 'start a local head with `ftdojo cluster up --local`, or pass --ray-address http://<head>:8265 of a running cluster',
  });
}

/** Runs the suite's cells as Ray jobs (runSuiteOnRay) with what the CLI knows: flags, environment, tasks. */
export async function runBenchOnRay(
  ctx: CliContext,
  input: {
    flags: RayBenchFlags;
    profile: ProfileName;
    runtime: RuntimeConfig;
    global: { home?: string | undefined; mirror?: string | undefined };
    tasks: readonly { id: string; file: string | null }[];
    agents: readonly string[];
    outDir: string;
    signal: AbortSignal;
    quiet: boolean;
  },
): Promise<RaySuiteResult> {
  const { flags, runtime } = input;
  const client = createRayJobsClient(rayAddressOf(flags.rayAddress, runtime));
  const defaults = profileJobResources(input.profile);
  const resources = { numCpus: flags.jobCpus ?? defaults.numCpus, numGpus: flags.jobGpus ?? defaults.numGpus };
  const version = await client.version();
  const capacity = flags.maxJobs ? null : await client.capacity();
  const maxJobs = flags.maxJobs ?? fitJobs(capacity, resources);
  const ftdojo = flags.rayEntrypoint ?? `${quote(process.execPath)} ${quote(resolve(packageRoot(), 'bin', 'ftdojo.js'))}`;
  const userEnv = await runtimeEnvFile(flags.rayRuntimeEnv);
  const userVars = (userEnv.env_vars ?? {}) as Record<string, string>;
  const runtimeEnv = { ...userEnv, env_vars: { ...jobEnvironment(ctx.env, runtime, input.global), ...userVars } };
  const byId = new Map(input.tasks.map((task) => [task.id, task]));
  const cells: SuiteCell[] = input.tasks.flatMap((task) =>
    suiteSeeds({ seeds: flags.seeds }).flatMap((seed) => input.agents.map((agent) => ({ task: task.id, agent, seed }))),
  );
  if (!input.quiet)
    ctx.output.err(
      mark.dim(
        `Ray ${version.rayVersion} at ${client.address}: ${cells.length} job(s), ${resources.numCpus} CPU${resources.numGpus ? ` and ${resources.numGpus} GPU` : ''} each, at most ${maxJobs} at once${capacity ? ` (the cluster has ${capacity.cpus} CPUs, ${capacity.gpus} GPUs)` : ''}`,
      ),
    );
  return runSuiteOnRay({
    client,
    cells,
    outDir: input.outDir,
    maxJobs,
    entrypoint: (cell, folder) => jobEntrypoint(ftdojo, flags, byId.get(cell.task)!, cell, folder),
    runtimeEnv,
    resources,
    signal: input.signal,
    onEvent: input.quiet ? undefined : (event) => ctx.output.err(describeRayEvent(event)),
  });
}

/** As many jobs at once as the cluster's CPUs and GPUs hold (1 when it does not say). */
export function fitJobs(capacity: { cpus: number; gpus: number } | null, resources: { numCpus: number; numGpus: number }): number {
  if (!capacity) return 1;
  const byCpu = resources.numCpus > 0 ? Math.floor(capacity.cpus / resources.numCpus) : Infinity;
  const byGpu = resources.numGpus > 0 ? Math.floor(capacity.gpus / resources.numGpus) : Infinity;
  const fit = Math.min(byCpu, byGpu);
  return Number.isFinite(fit) ? Math.max(1, fit) : 1;
}

function describeRayEvent(event: RaySuiteEvent): string {
  if (event.kind === 'unreachable') return mark.skip(`  the Ray head has not answered for ${event.seconds} s (${event.message}); waiting`);
  if (event.kind === 'skipped') return mark.dim(`› ${event.cell.task} · ${event.cell.agent} · seed ${event.cell.seed} (done before, kept)`);
  const { job } = event;
  const cell = `${job.task} · ${job.agent} · seed ${job.seed}`;
  if (event.kind === 'scored')
    return `  ${mark.ok('✓')} ${cell}: test ${event.row.metric} ${event.row.test ?? '—'} · ${Math.round(event.row.seconds / 60)} min`;
  if (event.kind === 'failed')
    return `  ${mark.fail('✗')} ${cell}: job ${job.submissionId} ${job.failure?.class}: ${job.failure?.message}\n${job.logTail
      .split('\n')
      .slice(-5)
      .map((line) => mark.dim(`      ${line}`))
      .join('\n')}`;
  return mark.dim(`› ${cell}: ${event.kind} (${job.submissionId})`);
}
