// The same small suite through the local executor and through a Ray head, side by side
// (`npm run bench:ray`; alone: `node bench/ray-suite.mjs [--tasks a,b] [--agents base,fixed-recipe]
// [--seeds 2] [--budget 2m] [--eval-limit 10] [--ray-address URL]`). Each run starts with the base
// model's kept evaluations cleared, so neither reuses the other's. Without --ray-address it starts a
// local head (`ftdojo cluster up --local`) and stops it after. Prints both wall times and their
// ratio, whether the rows are the same (held-out score and evaluation fingerprint per cell), and a
// projection of a paper-scale suite (13 tasks × 3 agents × 3 seeds, 12 h per agent run) on 1, 8
// and 64 GPUs from the measured per-job overhead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({
  strict: false,
  options: {
    tasks: { type: 'string', default: 'financeiq,bioprobench-pqa' },
    agents: { type: 'string', default: 'base,fixed-recipe' },
    seeds: { type: 'string', default: '2' },
    budget: { type: 'string', default: '2m' },
    'eval-limit': { type: 'string', default: '10' },
    'ray-address': { type: 'string' },
  },
});
const cli = new URL('../bin/ftdojo.js', import.meta.url).pathname;
const home = process.env.FTDOJO_HOME ?? join(homedir(), '.cache', 'ftdojo');
const root = mkdtempSync(join(tmpdir(), 'ftdojo-bench-ray-'));
const log = (text) => process.stderr.write(`${text}\n`);
const ftdojo = (args) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ftdojo ${args.join(' ')} exited ${result.status}`);
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout };
};
const clearKept = () => {
  for (const folder of ['dojo-base-test', 'baseline-base-eval']) rmSync(join(home, 'cache', folder), { recursive: true, force: true });
};
const rows = (dir) =>
  readFileSync(join(dir, 'rows.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

const suite = [
  'bench',
  '--tasks',
  values.tasks,
  '--agents',
  values.agents,
  '--seeds',
  values.seeds,
  '--budget',
  values.budget,
  '--eval-limit',
  values['eval-limit'],
  '--json',
];
let startedHead = false;
if (!values['ray-address']) {
  log('starting a local Ray head (ftdojo cluster up --local)');
  ftdojo(['cluster', 'up', '--local']);
  startedHead = true;
}
try {
  clearKept();
  log(`local: ${suite.join(' ')}`);
  const local = ftdojo([...suite, '--out', join(root, 'local')]);
  clearKept();
  log('ray: the same, --executor ray');
  const ray = ftdojo([...suite, '--executor', 'ray', '--store', join(root, 'ray'), ...(values['ray-address'] ? ['--ray-address', values['ray-address']] : [])]);
  const key = (row) => `${row.task}/${row.agent}/${row.seed}`;
  const localRows = new Map(rows(join(root, 'local')).map((row) => [key(row), row]));
  const rayRows = rows(join(root, 'ray'));
  const same = rayRows.filter((row) => localRows.get(key(row))?.fingerprint === row.fingerprint && localRows.get(key(row))?.test === row.test).length;
  const jobs = rayRows.length;
  const overhead = (ray.seconds - local.seconds) / jobs;
  log('');
  console.log(
    `local sequential: ${local.seconds.toFixed(0)} s · Ray (local head): ${ray.seconds.toFixed(0)} s · ratio ${(local.seconds / ray.seconds).toFixed(2)}×`,
  );
  console.log(`rows: ${same} of ${localRows.size} the same (held-out score and evaluation fingerprint); Ray's cost per job: ${overhead.toFixed(1)} s`);

  // A paper-scale suite: 13 tasks × (ft-agent, a general agent, the fixed recipe) × 3 seeds, one GPU
  // per job. Agents with a session use their 12 h; the fixed recipe trains a quarter of it, then
  // is scored on test (about 6 minutes with vLLM).
  const runs = [...Array.from({ length: 13 * 2 * 3 }, () => 12 * 3600), ...Array.from({ length: 13 * 3 }, () => 3 * 3600 + 360)].map(
    (seconds) => seconds + Math.max(0, overhead),
  );
  const makespan = (gpus) => {
    const free = Array.from({ length: gpus }, () => 0);
    for (const seconds of [...runs].sort((a, b) => b - a)) {
      const slot = free.indexOf(Math.min(...free));
      free[slot] += seconds;
    }
    return Math.max(...free);
  };
  const one = makespan(1);
  for (const gpus of [1, 8, 64]) {
    const seconds = makespan(gpus);
    console.log(
      `paper-scale suite (${runs.length} runs) on ${gpus} GPU(s): ${(seconds / 3600).toFixed(1)} h (${(seconds / 86400).toFixed(1)} days), ${(one / seconds).toFixed(1)}× one GPU`,
    );
  }
} finally {
  if (startedHead) ftdojo(['cluster', 'down']);
  rmSync(root, { recursive: true, force: true });
}
