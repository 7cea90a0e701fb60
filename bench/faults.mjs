#!/usr/bin/env node
// The planted-fault bench: `npm run bench:faults`. Each broken submission of
// src/testing/planted-faults.ts goes through `validateSubmission` with the default limits; the
// bench reports the tier and diagnostic that caught it and the seconds to detection, against the
// seconds a run without fail-fast validation would have spent before the fault showed. Those are
// modelled from the sound submission measured in the same run (its full script run, the micro
// run's model loading and seconds per step, its projected steps), plus the evaluation reserve
// and the profile's budget; the model is printed with the figures.
// Then bench/coder-ablation.mjs measures the same question end to end (a coder whose first drafts
// are faulty 0/25/50% of the time, FT-Agent with and without fail-fast); --no-ablation skips it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { resolveDataConfig, resolveRuntimeConfig } = await load('config/index.js');
const { createDataRepository } = await load('data/index.js');
const { getTask } = await load('tasks/index.js');
const { createBubblewrapSandbox } = await load('sandbox/index.js');
const { prepareTaskEnvironment, validateSubmission } = await load('dojo/index.js');
const { PLANTED_FAULTS, plantFault } = await load('bench/index.js');

const log = (text) => process.stderr.write(`${text}\n`);
const runtime = resolveRuntimeConfig(process.env);
const repository = createDataRepository(resolveDataConfig(process.env));
const root = mkdtempSync(join(tmpdir(), 'ftdojo-bench-faults-'));
const example = resolve(new URL('..', import.meta.url).pathname, 'examples/financeiq');
const environment = await prepareTaskEnvironment({ task: getTask('financeiq'), profile: 'mini', repository, runtime });
const context = { testQuestions: environment.heldOutKeys.test.map((item) => item.key) };
const budget = environment.wallClockSeconds;
const evaluationSeconds = Math.min(600, budget / 4);

async function validate(name, fault) {
  const workspace = plantFault(fault, example, join(root, name), context);
  const sandbox = createBubblewrapSandbox({
    taskDir: environment.layout.agentDir,
    workspaceDir: workspace,
    python: runtime.python,
    node: process.execPath,
    hostPath: runtime.baseEnv.PATH,
  });
  const { report } = await validateSubmission({
    environment,
    workspace,
    scratchDir: join(root, `${name}-scratch`),
    sandbox,
    interpreters: { python: runtime.python, node: process.execPath },
    remainingSeconds: budget,
    evaluationSeconds,
  });
  return report;
}

log('faults: the sound submission, all three tiers (the reference for the full-run model)...');
const control = await validate('control', null);
const facts = (tier) => control.tiers.find((entry) => entry.tier === tier)?.facts ?? {};
const scriptSeconds = facts('data').fullSeconds ?? 0;
const loadSeconds = facts('runtime').loadSeconds ?? 0;
const perStep = facts('runtime').secondsPerStep ?? 0;
const trainSeconds = (facts('runtime').projectedSteps ?? 0) * perStep;
const fullRun = {
  script: scriptSeconds,
  'trainer-start': scriptSeconds + loadSeconds,
  'first-step': scriptSeconds + loadSeconds + perStep,
  'after-training': scriptSeconds + loadSeconds + trainSeconds,
  'after-evaluation': scriptSeconds + loadSeconds + trainSeconds + evaluationSeconds,
  deadline: budget,
};

const rows = [];
for (const fault of PLANTED_FAULTS) {
  log(`faults: ${fault.id}...`);
  const report = await validate(fault.id, fault);
  const failed = report.tiers.find((tier) => tier.status === 'failed');
  const codes = failed ? failed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.code) : [];
  const wasted = fullRun[fault.fullRunFailsAt];
  rows.push({
    fault: fault.id,
    description: fault.description,
    expected: `${fault.tier}/${fault.code}`,
    caughtBy: failed ? `${failed.tier}/${codes.join('+')}` : 'not caught',
    asExpected: failed?.tier === fault.tier && codes.includes(fault.code),
    detectionSeconds: Math.round(report.seconds * 100) / 100,
    fullRunFailsAt: fault.fullRunFailsAt,
    fullRunSeconds: Math.round(wasted),
    ratio: report.seconds > 0 ? Math.round(wasted / report.seconds) : null,
  });
}

const sorted = rows.map((row) => row.detectionSeconds).sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
for (const row of rows)
  log(
    `${row.asExpected ? '✓' : '✗'} ${row.fault.padEnd(22)} ${row.caughtBy.padEnd(30)} ${String(row.detectionSeconds).padStart(7)} s  vs ${String(row.fullRunSeconds).padStart(5)} s (${row.fullRunFailsAt})  ×${row.ratio}`,
  );
console.log(
  JSON.stringify(
    {
      schemaVersion: 1,
      task: 'financeiq',
      profile: 'mini',
      control: {
        passed: control.passed,
        seconds: control.seconds,
        tiers: control.tiers.map((tier) => ({ tier: tier.tier, status: tier.status, seconds: tier.seconds, facts: tier.facts })),
      },
      fullRunModel: {
        seconds: fullRun,
        assumptions:
          "script = the sound submission's full data run; trainer-start adds its model loading; first-step one measured step; after-training its projected steps x measured seconds per step; after-evaluation adds the evaluation reserve min(600, budget/4); deadline = the profile's whole budget",
      },
      faults: rows,
      summary: {
        faults: rows.length,
        caughtAsExpected: rows.filter((row) => row.asExpected).length,
        caughtBeforeFullRun: rows.filter((row) => row.caughtBy !== 'not caught').length,
        medianDetectionSeconds: median,
      },
    },
    null,
    2,
  ),
);

if (!process.argv.includes('--no-ablation')) {
  log('faults: the coder ablation, end to end (bench/coder-ablation.mjs)...');
  await import('./coder-ablation.mjs');
}
