import { join } from 'node:path';
import type { Command } from 'commander';
import type { RuntimeConfig } from '../../config/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { ModelRef, ProfileName, ScoringMode } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { evaluationCodeRunner } from '../../dojo/index.js';
import type { DecodingMode } from '../../eval/index.js';
import { evaluate } from '../../eval/index.js';
import { onlyServedModel } from '../../llm/index.js';
import type { InferenceBackend, LocalDtype, PromptFormat } from '../../runtime/index.js';
import {
  createLocalBackend,
  createOpenAiCompatibleBackend,
  defaultPromptFormat,
  embeddedModelDir,
  ensureModel,
  modelRefFromArgument,
} from '../../runtime/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson } from '../output.js';
import { progressBar } from '../progress.js';
import { printEvaluationSummary } from './eval-summary.js';
import {
  DECODING_FLAG,
  DECODING_FLAG_HELP,
  DECODING_HELP,
  decodingModeOption,
  positiveInteger,
  SCORING_FLAG,
  SCORING_FLAG_HELP,
  SCORING_HELP,
  scoringModeOption,
} from '../option-parsers.js';
import { modelDownloadReporter } from './base-model-flag.js';

const SPLITS = ['validation', 'test'] as const;

interface EvalOptions {
  task?: string;
  taskFile?: string;
  profile: ProfileName;
  split: string;
  model: string;
  endpoint?: string;
  endpointModel?: string;
  limit?: number;
  batchSize?: number;
  maxNewTokens?: number;
  dtype: string;
  template?: string;
  system?: string;
  out?: string;
  scoring?: ScoringMode;
  decoding?: DecodingMode;
  resamples: number;
  json?: boolean;
}

const HELP = `
Generates greedily with the task's prompts (batched; the profile's max new tokens; multiple-choice
tasks: constrained to the option letters, see --decoding), scores the
outputs with the task's metrics, and writes to <home>/evals/<task>-<profile>-<split>-<time>/ (or --out):
  records.jsonl   per sample: prompt, output, extracted answer, metric values, error category
                  (format-error, wrong-answer, truncated, empty; null when right)
  report.json     the score report and the evaluation fingerprint (model and adapter sha256,
                  engine and versions, prompt template hash, decoding, max tokens, seed, batch size)
Run again with the same --out folder to resume an interrupted evaluation.

--model takes: base (the embedded SmolLM2-135M-Instruct), a run's adapter folder (adapter_config.json;
on the base it names, the embedded model by default), a model folder (config.json; e.g. merged by
llamafactory-cli export), or a Hugging Face id org/name[@revision] (a commit, tag or branch), downloaded
once into <home>/models/hub/<org>--<name>/<commit>/ through HF_ENDPOINT (HF_TOKEN for gated models),
checked against the hub's checksums and resumed when interrupted; later runs load that folder offline.

Prompts: the embedded model and its adapters are prompted exactly as LLaMA-Factory trains them
(template smollm2 with an empty default system: no system block); other models use their tokenizer's
chat template. --template NAME uses a LLaMA-Factory template instead (--template tokenizer for the
chat template), --system TEXT sets the system prompt.

--endpoint URL sends the prompts to an OpenAI-compatible server instead (vLLM, llamafactory-cli api):
temperature 0, --batch-size requests in flight; the key, if any, comes from FTDOJO_ENDPOINT_API_KEY.

${SCORING_HELP.trim()}

${DECODING_HELP.trim()}

Examples:
  ftdojo eval --task financeiq --model base
  ftdojo eval --task financeiq --decoding free
  ftdojo eval --task tablebench-numerical-reasoning --profile mini --scoring official
  ftdojo eval --task chemcot-mol-und --model runs/r1/adapter --limit 20 --json
  ftdojo eval --task financeiq --endpoint http://127.0.0.1:8000 --endpoint-model Qwen/Qwen2.5-7B-Instruct`;

export function registerEvalCommand(program: Command, context: () => CliContext): void {
  program
    .command('eval')
    .description("evaluate a model on a task split: batched greedy generation, scored with the task's metrics")
    .option('--task <id>', 'task id (see `ftdojo tasks`)')
    .option('--task-file <file>', 'a task file of your own')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .option('--split <split>', 'validation or test', 'validation')
    .option('--model <model>', 'base | adapter folder | model folder | Hugging Face id', 'base')
    .option('--endpoint <url>', 'an OpenAI-compatible server to generate with instead of a local process')
    .option('--endpoint-model <name>', 'the served model name to request (default: --model, else the one model the server lists)')
    .option('--limit <n>', 'evaluate the first N samples of the split only', positiveInteger('--limit'))
    .option('--batch-size <n>', 'prompts per batch (local) or requests in flight (endpoint)', positiveInteger('--batch-size'))
    .option(
      '--max-new-tokens <n>',
      "override the profile's limit (recorded in the fingerprint; scores are then not the profile's)",
      positiveInteger('--max-new-tokens'),
    )
    .option('--dtype <dtype>', 'fp32 or bf16 (local)', 'fp32')
    .option('--template <name>', 'LLaMA-Factory template to prompt with, or "tokenizer" for the chat template')
    .option('--system <text>', 'system prompt (default: none for the embedded model)')
    .option('--out <dir>', 'output folder (reuse one to resume)')
    .option(SCORING_FLAG, SCORING_FLAG_HELP, scoringModeOption)
    .option(DECODING_FLAG, DECODING_FLAG_HELP, decodingModeOption)
    .option('--resamples <n>', 'bootstrap resamples for the 95% interval', (value) => Number.parseInt(value, 10), 1000)
    .option('--json', 'print the report, fingerprint and file paths as JSON')
    .addHelpText('after', HELP)
    .action(async (options: EvalOptions, command: Command) => {
      const ctx = context();
      if (!SPLITS.includes(options.split as (typeof SPLITS)[number]))
        throw new FtdojoError('INVALID_INPUT', `unknown split "${options.split}"`, { hint: 'use --split validation or --split test' });
      if (options.profile !== 'mini' && options.profile !== 'paper')
        throw new FtdojoError('INVALID_INPUT', `unknown profile "${options.profile}"`, { hint: 'use --profile mini or --profile paper' });
      if (options.dtype !== 'fp32' && options.dtype !== 'bf16')
        throw new FtdojoError('INVALID_INPUT', `unknown dtype "${options.dtype}"`, { hint: 'use --dtype fp32 or --dtype bf16' });
      const global = command.optsWithGlobals() as { home?: string };
      const config = resolveRuntimeConfig(ctx.env, { home: global.home });
      const task = await ctx.resolveTask(options);
      // Resolve the model before building splits: a wrong --model fails in a second, not after the data.
      const backend = await createBackend(ctx, config, options);
      const splits = await task.buildSplits(ctx.repository(), options.profile);
      const samples = options.split === 'test' ? splits.test : splits.validation;
      const outDir = options.out ?? join(config.home, 'evals', `${task.spec.id}-${options.profile}-${options.split}-${timestamp(new Date())}`);

      const total = Math.min(samples.length, options.limit ?? Infinity);
      if (!options.json)
        ctx.output.err(
          `${task.spec.id} · ${options.profile} · ${options.split}: ${total} of ${samples.length} samples with ${backend.model.description} (${backend.name}) → ${outDir}`,
        );
      const bar = options.json ? null : progressBar(ctx.output, 'generating');
      bar?.update(0, total, '');
      let result: Awaited<ReturnType<typeof evaluate>>;
      try {
        result = await evaluate({
          task: task.spec,
          profile: options.profile,
          split: options.split,
          samples,
          backend,
          outDir,
          limit: options.limit,
          batchSize: options.batchSize,
          maxNewTokens: options.maxNewTokens,
          bootstrap: { resamples: options.resamples, seed: 0 },
          scoring: options.scoring,
          decoding: options.decoding,
          codeRunner: evaluationCodeRunner(config),
          onProgress: (progress) =>
            bar?.update(progress.done, progress.total, `${progress.samplesPerSecond.toFixed(2)} samples/s, ${progress.tokensPerSecond.toFixed(1)} tokens/s`),
        });
      } finally {
        bar?.stop();
      }
      if (options.json)
        return printJson(ctx.output, {
          report: result.report,
          fingerprint: result.fingerprint,
          decoding: result.decoding,
          stats: result.stats,
          outDir,
          recordsPath: result.recordsPath,
          reportPath: result.reportPath,
        });
      printEvaluationSummary(ctx.output, result);
    });
}

async function createBackend(ctx: CliContext, config: RuntimeConfig, options: EvalOptions): Promise<InferenceBackend> {
  if (options.endpoint) {
    const apiKey = ctx.env.FTDOJO_ENDPOINT_API_KEY?.trim() || null;
    let served = options.endpointModel ?? (options.model !== 'base' ? options.model : undefined);
    if (!served) {
      // The server's only model needs no name.
      served = await onlyServedModel(options.endpoint, apiKey, "--endpoint-model NAME (a name from the server's /v1/models), or --model with that name");
      if (!options.json) ctx.output.err(mark.dim(`› --endpoint serves one model, ${served}: scoring it`));
    }
    return createOpenAiCompatibleBackend({
      baseUrl: options.endpoint,
      apiKey: apiKey ?? undefined,
      model: served,
      system: options.system,
      modelRef: hubRefOrUndefined(served),
    });
  }
  const model = modelRefFromArgument(options.model, { embeddedPath: embeddedModelDir(config) });
  // Fails now, with a fix, when the model is not there; a hub model not in the store is downloaded first.
  await ensureModel(config, model, { onProgress: modelDownloadReporter(ctx, options.json ?? false) });
  return createLocalBackend(config, model, { dtype: options.dtype as LocalDtype, promptFormat: promptFormat(options, model), batchSize: options.batchSize });
}

function promptFormat(options: EvalOptions, model: ModelRef): PromptFormat {
  if (options.template === 'tokenizer') return { kind: 'chat-template', system: options.system ?? null };
  if (options.template) return { kind: 'llamafactory', template: options.template, system: options.system ?? '' };
  const format = defaultPromptFormat(model);
  // A system prompt alone keeps the model's default format and replaces its system prompt.
  return options.system === undefined ? format : { ...format, system: options.system };
}

function hubRefOrUndefined(name: string): ModelRef | undefined {
  return /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(name) ? { kind: 'hub', id: name } : undefined;
}

/** 20251126-174501: sortable, and safe in a folder name. */
export function timestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
