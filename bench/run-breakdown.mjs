#!/usr/bin/env node
// Where a real FT-Agent run spends its time: `npm run bench:run [-- options]`.
//   --task financeiq --budget 15m     the run (the README's main job by default)
//   --run <run-id>                    read a finished run instead of starting one
//   --compare-baseline                also run the same task and budget with this design's switches
//                                     off (FTDOJO_WARM_WORKER=0, FTDOJO_CPU_PRECISION=fp32), one after
//                                     the other on this machine
//   --recorded <file>                 a recorded earlier result to print beside it
//                                     (default: bench/results/run-financeiq-15m-before.json)
//   --json                            the whole comparison as JSON
// Prints, per design: iterations, tokens trained, seconds and share of propose, implement,
// validate, train, evaluate and held-out scoring (from `ftdojo report <run> --format json`
// totals), and the ratios of this run over each other one. Timings are never asserted in tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin', 'ftdojo.js');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 && argv[index + 1] && !argv[index + 1].startsWith('--') ? argv[index + 1] : fallback;
};
const task = option('task', 'financeiq');
const budget = option('budget', '15m');
const recordedPath = option('recorded', join(root, 'bench', 'results', `run-${task}-${budget}-before.json`));
const STAGES = ['propose', 'implement', 'validate', 'train', 'evaluate', 'heldOut'];
const log = (text) => process.stderr.write(`${text}\n`);

function ftdojo(args, env = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`ftdojo ${args.join(' ')} exited ${result.status}:\n${result.stderr.slice(-2000)}`);
  return result.stdout;
}

/** One design's figures from a run's report. */
function figures(label, runId) {
  const report = JSON.parse(ftdojo(['report', runId, '--format', 'json']));
  const totals = report.totals;
  const stageTotal = STAGES.reduce((sum, stage) => sum + (totals.stageSeconds[stage] ?? 0), 0);
  return {
    label,
    runId,
    iterations: report.iterations.filter((iteration) => iteration.status === 'finished').length,
    trainedTokens: totals.trainedTokens,
    stageSeconds: totals.stageSeconds,
    share: Object.fromEntries(STAGES.map((stage) => [stage, stageTotal ? (totals.stageSeconds[stage] ?? 0) / stageTotal : 0])),
  };
}

function runOnce(label, env) {
  log(`bench: ${label}: ftdojo run ${task} --budget ${budget} (takes the whole budget)...`);
  const output = JSON.parse(ftdojo(['run', task, '--budget', budget, '--json'], env));
  return figures(label, output.runId);
}

const designs = [];
const given = option('run', null);
designs.push(given ? figures('this run', given) : runOnce('this design', {}));
if (argv.includes('--compare-baseline'))
  designs.push(runOnce('switches off (cold processes, fp32)', { FTDOJO_WARM_WORKER: '0', FTDOJO_CPU_PRECISION: 'fp32' }));
if (existsSync(recordedPath)) {
  const recorded = JSON.parse(readFileSync(recordedPath, 'utf8'));
  designs.push({ ...recorded.figures, label: `recorded: ${recorded.label}`, source: recorded.source });
}

const [current, ...others] = designs;
const ratios = others.map((other) => ({
  against: other.label,
  iterations: other.iterations ? current.iterations / other.iterations : null,
  trainedTokens: other.trainedTokens ? current.trainedTokens / other.trainedTokens : null,
  trainShare: other.share?.train ? current.share.train / other.share.train : null,
}));
if (argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ task, budget, designs, ratios }, null, 2)}\n`);
} else {
  const percent = (value) => (value === undefined || value === null ? '—' : `${Math.round(value * 100)}%`);
  const seconds = (value) => (value === undefined || value === null ? '—' : `${Math.round(value)} s`);
  for (const design of designs) {
    process.stdout.write(`\n${design.label}${design.runId ? ` (${design.runId})` : ''}${design.source ? `\n  source: ${design.source}` : ''}\n`);
    process.stdout.write(`  iterations ${design.iterations}, tokens trained ${design.trainedTokens ?? '—'}\n`);
    for (const stage of STAGES)
      process.stdout.write(`  ${stage.padEnd(10)} ${seconds(design.stageSeconds?.[stage]).padStart(7)}  ${percent(design.share?.[stage])}\n`);
  }
  for (const ratio of ratios) {
    const show = (value) => (value === null ? '—' : `${value.toFixed(2)}×`);
    process.stdout.write(
      `\n${current.label} / ${ratio.against}: iterations ${show(ratio.iterations)}, tokens trained ${show(ratio.trainedTokens)}, training share ${show(ratio.trainShare)}\n`,
    );
  }
}
