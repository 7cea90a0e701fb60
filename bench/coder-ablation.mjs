// The fail-fast ablation with a coder that makes mistakes, measured end to end (part of
// `npm run bench:faults`; alone: `node bench/coder-ablation.mjs [--budget 8m] [--eval-limit 10] [--rates 0,0.25,0.5]`).
// FT-Agent (the built-in planner, the LLM coder) works FinanceIQ (mini) on this machine with a
// scripted coding model (bench/scripted-coder-server.mjs, a test double at the HTTP boundary) whose
// first drafts are faulty 0%, 25% and 50% of the time, with and without fail-fast, on the same
// budget each. With fail-fast the dojo's tiers catch a faulty draft and the coder repairs it;
// without, the draft runs as it is. Prints effective iterations per hour (experiments trained and
// evaluated, as the bench counts them) and the ratio, side by side.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startScriptedCoder } from './scripted-coder-server.mjs';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { resolveDataConfig, resolveRuntimeConfig } = await load('config/index.js');
const { createDataRepository } = await load('data/index.js');
const { getTask } = await load('tasks/index.js');
const { createFtAgent, createHeuristicPlanner, createLlmCoder } = await load('agent/index.js');
const { CODER_FAULT_IDS, PLANTED_FAULTS, plantFault, resolvedTask, runAttempt } = await load('bench/index.js');
const { createRunStore } = await load('store/index.js');
const { createOpenAiCompatibleChatModel } = await load('llm/index.js');
const { parseDuration } = await load('cli/option-parsers.js');
const { sessionSandboxes } = await load('cli/commands/ft-agent-attempt.js');

const { values } = parseArgs({
  strict: false,
  options: { budget: { type: 'string', default: '8m' }, 'eval-limit': { type: 'string', default: '10' }, rates: { type: 'string', default: '0,0.25,0.5' } },
});
const RATES = values.rates.split(',').map(Number);
const budgetSeconds = parseDuration(values.budget, '--budget');
const evalLimit = Number(values['eval-limit']);
const log = (text) => process.stderr.write(`${text}\n`);

const runtime = resolveRuntimeConfig(process.env);
const repository = createDataRepository(resolveDataConfig(process.env));
const root = mkdtempSync(join(tmpdir(), 'ftdojo-bench-coder-'));
const example = resolve(new URL('..', import.meta.url).pathname, 'examples/financeiq');
const sound = readFileSync(join(example, 'process_data.py'), 'utf8');
// The coder faults of issue #16, in their order: each faulty draft takes the next one.
const faults = CODER_FAULT_IDS.map((id) => {
  const fault = PLANTED_FAULTS.find((candidate) => candidate.id === id);
  const workspace = plantFault(fault, example, join(root, 'drafts', id), { testQuestions: [] });
  return { id, script: readFileSync(join(workspace, 'process_data.py'), 'utf8') };
});
const task = getTask('financeiq');
const resolved = resolvedTask(task, null, { profile: 'mini', repository, runtime });
const store = createRunStore(join(root, 'home'));

async function attempt(faultRate, failFast) {
  const coder = await startScriptedCoder({ sound, faults, faultRate });
  try {
    const model = createOpenAiCompatibleChatModel({ baseUrl: coder.url, model: 'scripted-coder', timeoutMs: 30_000, maxRetries: 0 });
    const agent = createFtAgent({
      name: failFast ? 'ft-agent' : 'ft-agent:no-failfast',
      store,
      plannerName: 'heuristic',
      plannerFor: (_spec, context) => createHeuristicPlanner(context),
      implementerFor: (spec, session) =>
        createLlmCoder({ model, session, task: { id: spec.id, metric: 'accuracy', outputFormat: spec.outputFormat.description }, validate: failFast }),
      failFast,
      llmGateway: false,
    });
    const outcome = await runAttempt({
      resolved,
      profile: 'mini',
      agent,
      seed: 0,
      budgetSeconds,
      evalLimit,
      runtime,
      repository,
      sandboxFor: sessionSandboxes({ env: process.env }, runtime, false),
      outsideTestDir: join(root, 'outside'),
    });
    const { succeeded, iterations, runRef } = outcome.result;
    // Without fail-fast each experiment ran one draft, in order: an experiment that "succeeded" on a
    // faulty draft (prose answers trained and scored) counts as effective but taught nothing.
    const experiments = [...store.state(basename(runRef)).experiments.values()];
    const faultyButSucceeded = failFast
      ? 0
      : experiments.filter((experiment, index) => experiment.state === 'succeeded' && coder.served[index] !== 'sound').length;
    return {
      faultRate,
      failFast,
      iterations,
      succeeded,
      seconds: Math.round(outcome.seconds),
      effectivePerHour: outcome.seconds > 0 ? (succeeded * 3600) / outcome.seconds : 0,
      usefulPerHour: outcome.seconds > 0 ? ((succeeded - faultyButSucceeded) * 3600) / outcome.seconds : 0,
      faultyButSucceeded,
      drafts: coder.served.join(','),
    };
  } finally {
    await coder.close();
  }
}

const rows = [];
for (const faultRate of RATES)
  for (const failFast of [true, false]) {
    log(`coder ablation: ${Math.round(faultRate * 100)}% faulty first drafts, ${failFast ? 'with' : 'without'} fail-fast, ${values.budget}...`);
    rows.push(await attempt(faultRate, failFast));
    const row = rows.at(-1);
    log(
      `  ${row.succeeded}/${row.iterations} effective in ${row.seconds} s: ${row.effectivePerHour.toFixed(1)}/h, ${row.usefulPerHour.toFixed(1)}/h on sound code (drafts served: ${row.drafts})`,
    );
  }
const ratios = RATES.map((faultRate) => {
  const [withFf, without] = [true, false].map((failFast) => rows.find((row) => row.faultRate === faultRate && row.failFast === failFast));
  const ratio = (a, b) => (b > 0 ? a / b : null);
  return {
    faultRate,
    withFailFast: withFf.effectivePerHour,
    without: without.effectivePerHour,
    ratio: ratio(withFf.effectivePerHour, without.effectivePerHour),
    usefulRatio: ratio(withFf.usefulPerHour, without.usefulPerHour),
  };
});
for (const entry of ratios)
  log(
    `${String(Math.round(entry.faultRate * 100)).padStart(3)}% faulty: ${entry.withFailFast.toFixed(1)}/h with fail-fast vs ${entry.without.toFixed(1)}/h without → ×${entry.ratio === null ? '∞ (none effective without)' : entry.ratio.toFixed(2)} (on sound code: ×${entry.usefulRatio === null ? '∞' : entry.usefulRatio.toFixed(2)})`,
  );
console.log(JSON.stringify({ schemaVersion: 1, kind: 'coder-ablation', task: 'financeiq', profile: 'mini', budgetSeconds, evalLimit, rows, ratios }, null, 2));
