#!/usr/bin/env node
// The dashboard's load time on a big run: `npm run bench:dashboard [-- --experiments N]`.
// Writes two runs through the real store API (4 experiments, and N, 400 by default, each with
// its feedback, hypothesis and a 50-point loss log), serves each with the real dashboard and
// times, side by side in headless Chromium: the run API's answer, and the run page from
// navigation until every iteration row and the tree are drawn. Prints one JSON document.
/* global document, performance, fetch, structuredClone */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const dist = new URL('../dist/', import.meta.url);
const { createRunStore } = await import(new URL('store/index.js', dist).href);
const { serveDashboard, defaultWebRoot } = await import(new URL('server/index.js', dist).href);
const argument = process.argv.indexOf('--experiments');
const big = argument > 0 ? Number(process.argv[argument + 1]) : 400;
const example = JSON.parse(readFileSync(new URL('../src/core/fixtures/feedback-v1.example.json', import.meta.url), 'utf8'));
const write = (path, text) => (mkdirSync(dirname(path), { recursive: true }), writeFileSync(path, text));

function writeRun(count) {
  const home = mkdtempSync(join(tmpdir(), 'ftdojo-bench-ui-'));
  const store = createRunStore(home);
  const meta = {
    task: 'financeiq',
    profile: 'mini',
    budget: { wallSeconds: 86400, trainingSeconds: null, llmTokens: null, experiments: count },
    agent: { name: 'ft-agent', planner: 'heuristic', settings: {} },
    seed: 0,
    ftdojoVersion: '0.1.0',
  };
  const { runId, dir } = store.createRun(meta);
  let best = null;
  let bestValue = -1;
  for (let index = 0; index < count; index += 1) {
    const id = `exp-${String(index + 1).padStart(3, '0')}`;
    const parent = best;
    const value = Math.round((0.2 + 0.3 * Math.abs(Math.sin(index * 1.7))) * 50) / 50;
    const folder = join(dir, 'experiments', id);
    const hypothesis = {
      schemaVersion: 1,
      parentExperimentId: parent,
      changes: 'training',
      addresses: 'underfitting',
      data: { count: 100 + index, response: 'target' },
      training: { learning_rate: 0.0002, num_train_epochs: 1 + (index % 3) },
      rationale: `iteration ${index + 1}: one more epoch`,
      expectedEffect: 'a lower loss',
      proposer: 'heuristic',
    };
    store.append(runId, { type: 'iteration-started', iteration: index + 1, parentExperimentId: parent });
    store.append(runId, { type: 'hypothesis-proposed', hypothesis, summary: hypothesis.rationale });
    write(join(folder, 'submission', 'hypothesis.json'), JSON.stringify(hypothesis));
    write(join(folder, 'submission', 'train.yaml'), `learning_rate: 0.0002\nnum_train_epochs: ${1 + (index % 3)}\n`);
    const feedback = structuredClone(example);
    feedback.experimentId = id;
    feedback.evaluation.primary.value = value;
    write(join(folder, 'feedback.json'), JSON.stringify(feedback));
    write(
      join(folder, 'train', 'output', 'trainer_log.jsonl'),
      Array.from({ length: 50 }, (_, step) => JSON.stringify({ current_steps: step + 1, total_steps: 50, loss: 2.5 / (1 + step / 10) })).join('\n') + '\n',
    );
    const accepted = value > bestValue;
    if (accepted) [best, bestValue] = [id, value];
    store.append(runId, {
      type: 'experiment-finished',
      experimentId: id,
      state: 'succeeded',
      feedbackPath: `experiments/${id}/feedback.json`,
      primaryMetric: value,
      verdict: accepted ? 'improved' : 'no-better',
    });
    store.append(runId, { type: 'decision', experimentId: id, accepted, bestExperimentId: best, reason: accepted ? 'better' : 'not better' });
    store.append(runId, { type: 'iteration-finished', iteration: index + 1 });
  }
  store.append(runId, { type: 'run-finished', state: 'completed', reason: 'bench', bestExperimentId: best });
  store.close();
  return { home, runId, count };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const browser = await chromium.launch({ executablePath: process.env.FTDOJO_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });

async function measure({ home, runId, count }) {
  const server = await serveDashboard({ home, webRoot: defaultWebRoot(), port: 0 });
  try {
    const api = [];
    for (let repeat = 0; repeat < 5; repeat += 1) {
      const started = performance.now();
      await (await fetch(`${server.url}api/runs/${runId}`)).json();
      api.push(performance.now() - started);
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const load = [];
    for (let repeat = 0; repeat < 3; repeat += 1) {
      const started = performance.now();
      await page.goto(`${server.url}#/runs/${runId}`);
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="iterations-table"] tr[data-experiment-id]').length === n &&
          document.querySelector('[data-testid="experiment-tree"] svg'),
        count,
        { timeout: 120_000 },
      );
      load.push(performance.now() - started);
      await page.goto('about:blank');
    }
    await page.close();
    return { experiments: count, apiMs: Math.round(median(api)), pageMs: Math.round(median(load)) };
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

const small = await measure(writeRun(4));
const large = await measure(writeRun(big));
await browser.close();
console.log(
  JSON.stringify(
    { small, large, ratio: { api: +(large.apiMs / small.apiMs).toFixed(2), page: +(large.pageMs / small.pageMs).toFixed(2), experiments: big / 4 } },
    null,
    2,
  ),
);
