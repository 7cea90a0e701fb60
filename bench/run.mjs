#!/usr/bin/env node
// ftdojo's performance bench: `npm run bench [-- --quick] [-- --baseline]`. Prints one JSON
// document. Every ratio is measured side by side in the same run, on the same inputs.
//  - training throughput of the embedded model (tokens/s, MFU against the CPU's peak), fp32 vs bf16
//  - evaluation throughput, batched against one-at-a-time generation
//  - with --baseline: the wall time of `ftdojo baseline --task financeiq --profile mini`
import { readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { resolveDataConfig, resolveRuntimeConfig } = await load('config/index.js');
const { createDataRepository, createHfTokenizer } = await load('data/index.js');
const { getTask } = await load('tasks/index.js');
const runtime = await load('runtime/index.js');
const baseline = await load('bench/baseline/index.js');

const quick = process.argv.includes('--quick');
const withBaseline = process.argv.includes('--baseline');
const env = process.env;
const config = resolveRuntimeConfig(env);
const repo = createDataRepository(resolveDataConfig(env));
const task = getTask('financeiq');
const splits = await task.buildSplits(repo, 'mini');
const modelPath = runtime.resolveModelPath(config, { kind: 'embedded' });
const log = (text) => process.stderr.write(`${text}\n`);

/** Peak FLOP/s of this CPU from its flags: AVX-512 = 2 FMA units x 16 fp32 lanes x 2 FLOP per cycle per core. */
function cpuPeak() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const flags = /flags\s*:\s*(.*)/.exec(info)?.[1].split(' ') ?? [];
  const mhz = Math.max(...[...info.matchAll(/cpu MHz\s*:\s*([\d.]+)/g)].map((match) => Number(match[1])));
  const cores = cpus().length;
  const fp32PerCycle = flags.includes('avx512f') ? 64 : flags.includes('avx2') ? 32 : 8;
  // AMX tiles would give far more for bf16; avx512_bf16 dot products double the fp32 rate.
  const bf16PerCycle = flags.includes('amx_bf16') ? 1024 : flags.includes('avx512_bf16') ? 2 * fp32PerCycle : fp32PerCycle;
  return {
    cores,
    mhz,
    amx: flags.includes('amx_bf16'),
    avx512bf16: flags.includes('avx512_bf16'),
    fp32: cores * mhz * 1e6 * fp32PerCycle,
    bf16: cores * mhz * 1e6 * bf16PerCycle,
  };
}

// Training: the baseline recipe's examples, a few steps per precision.
log('bench: training throughput (fp32 vs bf16)...');
const recipe = baseline.baselineRecipe(task.spec, 'mini');
const tokenizer = createHfTokenizer(join(modelPath, 'tokenizer.json'), join(modelPath, 'tokenizer_config.json'));
const selection = baseline.selectBaselineExamples(splits.pool, {
  cap: quick ? 32 : 128,
  seed: 'bench',
  cutoffLen: recipe.cutoffLen,
  tokenizer,
  templateTokens: 11,
});
const sizing = { samples: selection.examples.length, epochs: 1, steps: 1, estimatedSeconds: 0 };
const training = await runtime.measureTrainingThroughput({
  config,
  modelPath,
  template: runtime.trainingTemplateFor(task.spec.profiles.mini.baseModel),
  examples: selection.examples,
  settings: baseline.recipeSettings(recipe, sizing),
  steps: quick ? 2 : 8,
  workDir: mkdtempSync(join(tmpdir(), 'ftdojo-bench-train-')),
});
// Model FLOPs per trained token: 6 x parameters (forward + backward), SmolLM2-135M has 134.5M.
const PARAMETERS = 134.5e6;
const peak = cpuPeak();
const trainingRows = training.variants.map((variant) => ({
  ...variant,
  mfu: variant.tokensPerSecond ? (6 * PARAMETERS * variant.tokensPerSecond) / (variant.name === 'bf16' ? peak.bf16 : peak.fp32) : null,
}));
const byName = Object.fromEntries(trainingRows.map((row) => [row.name, row]));

// Evaluation: the same prompts batched and one at a time.
log('bench: evaluation throughput (batched vs one-at-a-time)...');
const prompts = splits.validation.slice(0, quick ? 8 : 32).map((sample) => ({ id: sample.id, messages: [{ role: 'user', content: sample.prompt }] }));
const evaluation = await runtime.measureEvalThroughput(config, { kind: 'embedded' }, prompts, {
  maxNewTokens: task.spec.profiles.mini.maxNewTokens,
  batchSizes: quick ? [8] : [8, 16],
  dtypes: ['fp32'],
});

let baselineRun = null;
if (withBaseline) {
  log('bench: ftdojo baseline --task financeiq --profile mini...');
  const started = Date.now();
  const result = await baseline.runBaseline({ task, profile: 'mini', repository: repo, runtime: config });
  baselineRun = { task: 'financeiq', profile: 'mini', wallSeconds: (Date.now() - started) / 1000, runDir: result.runDir ?? null };
}

const ratio = (a, b) => (a && b ? a / b : null);
console.log(
  JSON.stringify(
    {
      schemaVersion: 1,
      machine: { cpu: cpus()[0]?.model, ...peak, threads: config.threads },
      training: {
        model: 'SmolLM2-135M-Instruct (LoRA, baseline recipe)',
        steps: training.steps,
        examples: training.examples,
        variants: trainingRows,
        bf16OverFp32TokensPerSecond: ratio(byName.bf16?.tokensPerSecond, byName.fp32?.tokensPerSecond),
        mfuAssumption: '6 x 134.5M parameters per token; peak = cores x max MHz x (64 fp32 | 128 avx512_bf16) FLOP/cycle',
      },
      evaluation: {
        samples: evaluation.samples,
        maxNewTokens: evaluation.maxNewTokens,
        passes: evaluation.passes,
        batchedOverOneAtATime: evaluation.comparisons.map((comparison) => ({
          batchSize: comparison.batchSize,
          dtype: comparison.dtype,
          speedup: comparison.speedup,
          identicalOutputs: `${comparison.identical}/${comparison.samples}`,
        })),
      },
      baseline: baselineRun,
    },
    null,
    2,
  ),
);
