import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { createRayJobsClient, ensureRayEnv, readLocalHead, startLocalHead, stopLocalHead } from '../../runners/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson } from '../output.js';
import { nonNegativeInteger, positiveInteger } from '../option-parsers.js';
import { rayAddressOf } from './bench-ray.js';

const CLUSTER_HELP = `
A suite of many runs (\`ftdojo bench --executor ray\`) goes to a Ray cluster, one Ray job per
agent × task × seed, through the Ray Jobs REST API on the head's dashboard port (8265).

On this machine: \`ftdojo cluster up --local\` installs Ray (python/ray.lock, its own environment
under <home>/ray/venv, once) and starts a head with its dashboard on 127.0.0.1; \`ftdojo bench
--executor ray\` then finds it by itself. \`ftdojo cluster down\` stops it.

An existing cluster (KubeRay, Ray on VMs): pass its dashboard address, --ray-address
http://<head>:8265. Each worker that runs jobs needs:
  - Node.js ≥ 20.19 and ftdojo installed, at the same path as here, or named with
    --ray-entrypoint (e.g. "npx ftdojo" in a container image that has it);
  - ftdojo's Python runtime: run \`ftdojo setup\` on the worker, or point FTDOJO_PYTHON at an
    environment installed from python/requirements.lock (bake either into the image);
  - the data: FTDOJO_DATA_MIRROR on a shared path, or network access to the Hugging Face hub;
  - the suite's --store on a path every node sees (NFS, a mounted bucket): each job writes its
    row there and the driver collects it.
FTDOJO_* variables of the driver (no keys or tokens) are passed in each job's runtime
environment; --ray-runtime-env <file> adds yours (image_uri, env_vars, pip...).

Examples:
  ftdojo cluster up --local
  ftdojo bench --executor ray --tasks financeiq,bioprobench-pqa --agents base,fixed-recipe --seeds 2
  ftdojo cluster status --ray-address http://10.0.0.5:8265
  ftdojo cluster down`;

export function registerClusterCommand(program: Command, context: () => CliContext): void {
  const cluster = program.command('cluster').description('a Ray cluster for suites: start a local head, check one, stop it').addHelpText('after', CLUSTER_HELP);
  const runtimeOf = (command: Command) => {
    const global = command.optsWithGlobals() as { home?: string };
    return resolveRuntimeConfig(context().env, { home: global.home });
  };

  cluster
    .command('up')
    .description('start a Ray head on this machine (installs Ray from python/ray.lock the first time)')
    .option('--local', 'a head on this machine (the only kind `up` starts; a remote cluster is started with its own tools)')
    .option('--cpus <n>', "CPUs the head offers to jobs (default: this machine's)", positiveInteger('--cpus'))
    .option('--gpus <n>', 'GPUs the head offers to jobs', nonNegativeInteger('--gpus'), 0)
    .option('--port <port>', "the dashboard's port (the Jobs API)", positiveInteger('--port'), 8265)
    .option('--json', 'print the head as JSON')
    .action(async (options: { local?: boolean; cpus?: number; gpus: number; port: number; json?: boolean }, command: Command) => {
      const ctx = context();
      if (!options.local)
        throw new FtdojoError('INVALID_INPUT', '`ftdojo cluster up` starts a local head only', {
          hint: 'run `ftdojo cluster up --local`, or start a remote cluster with its own tools (KubeRay, `ray up`) and pass --ray-address to `ftdojo bench`',
        });
      const runtime = runtimeOf(command);
      const log = (line: string) => (options.json ? undefined : ctx.output.err(mark.dim(line)));
      const ray = await ensureRayEnv(runtime, log);
      const head = await startLocalHead(runtime, ray, { cpus: options.cpus ?? availableParallelism(), gpus: options.gpus, port: options.port, log });
      if (options.json) return printJson(ctx.output, head);
      ctx.output.out(`${mark.ok('Ray head up')} at ${head.address} (Ray ${head.rayVersion}, ${head.cpus} CPUs, ${head.gpus} GPUs)`);
      ctx.output.out(`run a suite on it: ftdojo bench --executor ray --ray-address ${head.address} ...   stop it: ftdojo cluster down`);
    });

  cluster
    .command('down')
    .description('stop the local Ray head (`ray stop`: every Ray process of this user on this machine)')
    .action(async (_options: object, command: Command) => {
      const ctx = context();
      const runtime = runtimeOf(command);
      const ray = await ensureRayEnv(runtime, (line) => ctx.output.err(mark.dim(line)));
      const known = await stopLocalHead(runtime, ray);
      ctx.output.out(known ? 'Ray head stopped' : 'no head started by `ftdojo cluster up` was known; `ray stop` ran anyway');
    });

  cluster
    .command('status')
    .description('whether a Ray head answers, its version and what it holds')
    .option('--ray-address <url>', "the Ray dashboard's address (default: the local head)")
    .option('--json', 'print the status as JSON')
    .action(async (options: { rayAddress?: string; json?: boolean }, command: Command) => {
      const ctx = context();
      const runtime = runtimeOf(command);
      const client = createRayJobsClient(rayAddressOf(options.rayAddress, runtime));
      const version = await client.version();
      const capacity = await client.capacity();
      const status = { address: client.address, rayVersion: version.rayVersion, jobsApi: version.apiVersion, capacity, localHead: readLocalHead(runtime) };
      if (options.json) return printJson(ctx.output, status);
      ctx.output.out(`${mark.ok('up')} ${client.address}: Ray ${version.rayVersion}${capacity ? `, ${capacity.cpus} CPUs, ${capacity.gpus} GPUs` : ''}`);
    });
}
