#!/usr/bin/env node
// Evaluation speed of constrained choice decoding against free generation:
// `npm run bench:choice [-- --limit N] [-- --batch-size B] [-- --order free-first|constrained-first]`.
// The same model (the embedded SmolLM2-135M, fp32, transformers), the same FinanceIQ mini
// validation items (the first N; all 50 by default), the same batch size, each mode through
// `evaluate` exactly as `ftdojo eval --decoding free|constrained` runs it: free generation up to
// the profile's 8 new tokens, or one forward pass per prompt and the best of A-D. Each mode loads
// the model in its own process; samples/s counts generation only (model load is printed apart,
// and the wall-clock ratio with loading is printed too). It prints both passes, the ratio
// constrained/free, both accuracies and how many items both modes answered with the same letter.
// Needs FTDOJO_DATA_MIRROR and `ftdojo setup` (the embedded model). Timings are never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { resolveDataConfig, resolveRuntimeConfig } = await load('config/index.js');
const { createDataRepository } = await load('data/index.js');
const { getTask } = await load('tasks/index.js');
const { createLocalBackend } = await load('runtime/index.js');
const { evaluate } = await load('eval/index.js');

const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const limit = Number(flag('--limit', '50'));
const batchSize = Number(flag('--batch-size', '8'));
const order = flag('--order', 'free-first');
if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit needs a whole number ≥ 1, got ${flag('--limit')}`);
if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch-size needs a whole number ≥ 1, got ${flag('--batch-size')}`);
if (order !== 'free-first' && order !== 'constrained-first') throw new Error(`--order is free-first or constrained-first, got ${order}`);
if (!process.env.FTDOJO_DATA_MIRROR?.trim()) throw new Error('set FTDOJO_DATA_MIRROR (the offline data mirror): the bench reads FinanceIQ mini validation');

const log = (text) => process.stderr.write(`${text}\n`);
const config = resolveRuntimeConfig(process.env);
const task = getTask('financeiq');
const splits = await task.buildSplits(createDataRepository(resolveDataConfig(process.env)), 'mini');
const samples = splits.validation.slice(0, limit);

const work = mkdtempSync(join(tmpdir(), 'ftdojo-bench-choice-'));
const passes = {};
try {
  const modes = order === 'free-first' ? ['free', 'constrained'] : ['constrained', 'free'];
  for (const mode of modes) {
    log(`bench: ${mode} decoding on ${samples.length} FinanceIQ mini validation items (batch size ${batchSize})...`);
    const started = Date.now();
    const result = await evaluate({
      task: task.spec,
      profile: 'mini',
      split: 'validation',
      samples,
      backend: createLocalBackend(config, { kind: 'embedded' }, { batchSize }),
      outDir: join(work, mode),
      batchSize,
      decoding: mode,
      bootstrap: { resamples: 0, seed: 0 },
    });
    passes[mode] = {
      mode,
      decoding: result.fingerprint.decoding,
      samples: result.stats.samples,
      seconds: result.stats.seconds,
      loadSeconds: result.stats.loadSeconds,
      wallSeconds: (Date.now() - started) / 1000,
      samplesPerSecond: result.stats.samplesPerSecond,
      generatedTokens: result.stats.generatedTokens,
      accuracy: result.report.primary.value,
      formatErrors: result.report.primary.formatErrors,
      letters: result.records.map((record) => (typeof record.extracted === 'string' ? record.extracted : null)),
    };
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const { free, constrained } = passes;
const ratio = (a, b) => (a && b ? a / b : null);
const sameLetter = free.letters.filter((letter, index) => letter !== null && letter === constrained.letters[index]).length;
const strip = (pass) => Object.fromEntries(Object.entries(pass).filter(([key]) => key !== 'letters'));
console.log(
  JSON.stringify(
    {
      schemaVersion: 1,
      machine: { cpu: cpus()[0]?.model, cores: cpus().length, threads: config.threads },
      task: 'financeiq',
      profile: 'mini',
      split: 'validation',
      model: 'embedded SmolLM2-135M-Instruct (fp32, transformers)',
      items: samples.length,
      batchSize,
      order,
      passes: [strip(free), strip(constrained)],
      constrainedOverFree: {
        samplesPerSecond: ratio(constrained.samplesPerSecond, free.samplesPerSecond),
        wallClockWithLoad: ratio(free.wallSeconds, constrained.wallSeconds),
      },
      sameLetter: `${sameLetter}/${samples.length}`,
      note: 'samples/s counts generation only; wallClockWithLoad is free wall time over constrained wall time, model loading and scoring included',
    },
    null,
    2,
  ),
);
