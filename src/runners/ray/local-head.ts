import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { childEnv, spawnCollect } from '../../runtime/index.js';
import { createRayJobsClient } from './ray-jobs-client.js';
import type { RayEnv } from './ray-env.js';

/** What `ftdojo cluster up --local` started, kept in <home>/ray/head.json for `cluster down` and `cluster status`. */
export interface LocalHead {
  address: string;
  rayVersion: string;
  cpus: number;
  gpus: number;
  startedAt: string;
}

export function localHeadFile(config: RuntimeConfig): string {
  return join(config.home, 'ray', 'head.json');
}

export function readLocalHead(config: RuntimeConfig): LocalHead | null {
  const path = localHeadFile(config);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalHead;
  } catch {
    return null;
  }
}

/**
 * Starts a Ray head on this machine (`ray start --head`), its dashboard and Jobs API on loopback,
 * and waits until the Jobs API answers. Jobs run with this process's environment (FTDOJO_* and
 * PATH included), which the raylet passes to every job's entrypoint.
 */
export async function startLocalHead(
  config: RuntimeConfig,
  ray: RayEnv,
  options: { cpus: number; gpus: number; port: number; log?: (line: string) => void },
): Promise<LocalHead> {
  const address = `http://127.0.0.1:${options.port}`;
  const client = createRayJobsClient(address, { timeoutMs: 2_000 });
  const running = await client.version().catch(() => null);
  if (running) {
    const known = readLocalHead(config);
    if (known?.address === address) return known;
    throw new FtdojoError('CLUSTER', `a Ray head (Ray ${running.rayVersion}) already answers at ${address}, not started by \`ftdojo cluster up\``, {
      hint: `use it as it is (--ray-address ${address}), or stop it (\`ray stop\`) and run \`ftdojo cluster up --local\` again`,
    });
  }
  const args = ['start', '--head', '--dashboard-host', '127.0.0.1', '--dashboard-port', String(options.port), '--num-cpus', String(options.cpus)];
  if (options.gpus > 0) args.push('--num-gpus', String(options.gpus));
  args.push('--disable-usage-stats');
  options.log?.(`starting: ray ${args.join(' ')}`);
  const result = await spawnCollect(ray.ray, args, { env: childEnv(config, { RAY_USAGE_STATS_ENABLED: '0' }) });
  if (result.code !== 0)
    throw new FtdojoError(
      'CLUSTER',
      `\`ray start --head\` failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n')}`,
      {
        hint: 'a head may already run on this machine (`ray stop` ends it), or its ports (6379, the dashboard port) are taken',
        fault: 'environment',
      },
    );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const version = await client.version().catch(() => null);
    if (version) {
      const head: LocalHead = { address, rayVersion: version.rayVersion, cpus: options.cpus, gpus: options.gpus, startedAt: new Date().toISOString() };
      mkdirSync(join(config.home, 'ray'), { recursive: true });
      writeFileSync(localHeadFile(config), `${JSON.stringify(head, null, 2)}\n`);
      return head;
    }
    if (Date.now() > deadline)
      throw new FtdojoError('CLUSTER', `the Ray head started but its Jobs API did not answer at ${address} within 60 s`, {
        hint: 'look at /tmp/ray/session_latest/logs/dashboard.log; `ray stop` ends the head',
        fault: 'environment',
      });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Stops every Ray process of this user on this machine (`ray stop`), the head included. */
export async function stopLocalHead(config: RuntimeConfig, ray: RayEnv): Promise<boolean> {
  const known = readLocalHead(config);
  const result = await spawnCollect(ray.ray, ['stop', '--force'], { env: childEnv(config, { RAY_USAGE_STATS_ENABLED: '0' }) });
  rmSync(localHeadFile(config), { force: true });
  if (result.code !== 0)
    throw new FtdojoError('CLUSTER', `\`ray stop\` failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`, {
      hint: 'stop the Ray processes by hand (`pkill -f raylet`, `pkill -f gcs_server`)',
      fault: 'environment',
    });
  return known !== null;
}
