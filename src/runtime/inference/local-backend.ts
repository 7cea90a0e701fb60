import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { describeModel, FtdojoError } from '../../core/index.js';
import { hashCachePath } from '../model-store/index.js';
import { runPython } from '../python-env/index.js';
import type { RuntimeWorker } from '../worker/index.js';
import type { DoneEvent } from './generate-events.js';
import { decodingOf, DoneEventSchema, engineFactsOf, OutputLineSchema, parseEventLine, ProgressEventSchema } from './generate-events.js';
import { describeLocalEngine } from './describe-local-engine.js';
import type { LocalEngineName } from './evaluation-backend.js';
import { resolveEvaluationBackend } from './evaluation-backend.js';
import { classifyGenerationFailure } from './generation-error.js';
import type { GenerationOptions, GenerationOutput, GenerationRequest, GenerationResult, InferenceBackend } from './inference-backend.js';
import { localModelPaths } from './model-paths.js';
import { generateInWorker } from './worker-generate.js';
import type { PromptFormat } from './prompt-format.js';
import { defaultPromptFormat } from './prompt-format.js';

export type LocalDtype = 'fp32' | 'bf16';

export interface LocalBackendOptions {
  /** fp32 (default) or bf16 (fast on CPUs with AMX and on GPUs). */
  dtype?: LocalDtype | undefined;
  /** How messages become prompt tokens; by default the training template for the embedded model. */
  promptFormat?: PromptFormat | undefined;
  /** Default batch size when a call does not give one. */
  batchSize?: number | undefined;
  /** Batch size 1 in request order: the reference batched generation is compared with. */
  oneAtATime?: boolean | undefined;
  /**
   * A batch closes before a prompt shorter than its longest by more than this fraction; null or
   * absent: 0.2 on a CPU (where padding costs as much as prompt), no limit on a GPU.
   */
  paddingTolerance?: number | null | undefined;
  /**
   * The engine: transformers ('hf') or vLLM. Absent: vLLM where it imports and a GPU is visible,
   * transformers otherwise, as FTDOJO_EVAL_BACKEND allows (resolveEvaluationBackend).
   */
  backend?: LocalEngineName | undefined;
  /**
   * The run's warm worker: transformers generation runs in it (the same generate.py code, the
   * base model kept between calls); vLLM, which starts processes of its own, always runs cold.
   */
  worker?: RuntimeWorker | undefined;
}

export const DEFAULT_LOCAL_BATCH_SIZE = 8;

/** The JSON settings generate.py reads (see its docstring). */
export interface GenerateSettings {
  model_path: string;
  model_revision: string | null;
  adapter_path: string | null;
  max_new_tokens: number;
  batch_size: number;
  one_at_a_time: boolean;
  dtype: LocalDtype;
  threads: number;
  seed: number;
  device: 'auto' | 'cpu';
  prompt_format: PromptFormat;
  hash_cache: string;
  padding_tolerance: number | null;
  /** generate.py's engine: transformers or vLLM (vllm_generate.py). */
  backend: LocalEngineName;
  /** Constrained choice decoding's options, or null for free greedy generation (choice_decoding.py). */
  choices: string[] | null;
}

/**
 * A full fine-tuning run leaves a model folder (config.json and weights) where a LoRA run leaves
 * an adapter; callers that hand on "the trained output" as an adapter get the folder itself.
 */
export function trainedModelRef(model: ModelRef): ModelRef {
  if (model.kind !== 'adapter' || existsSync(join(model.path, 'adapter_config.json')) || !existsSync(join(model.path, 'config.json'))) return model;
  return { kind: 'local', path: model.path };
}

export function generateSettings(
  config: RuntimeConfig,
  model: ModelRef,
  options: LocalBackendOptions,
  call: GenerationOptions,
  backend: LocalEngineName = options.backend ?? 'hf',
): GenerateSettings {
  const trained = trainedModelRef(model);
  const paths = localModelPaths(config, trained);
  const batchSize = options.oneAtATime ? 1 : (call.batchSize ?? options.batchSize ?? DEFAULT_LOCAL_BATCH_SIZE);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new FtdojoError('INVALID_INPUT', `batch size must be a positive whole number, got ${batchSize}`, { hint: 'pass e.g. --batch-size 8' });
  return {
    model_path: paths.modelPath,
    model_revision: hubRevision(trained),
    adapter_path: paths.adapterPath,
    max_new_tokens: call.maxNewTokens,
    batch_size: batchSize,
    one_at_a_time: options.oneAtATime ?? false,
    dtype: options.dtype ?? 'fp32',
    threads: config.threads,
    seed: call.seed ?? 0,
    device: config.device,
    prompt_format: options.promptFormat ?? defaultPromptFormat(model),
    hash_cache: hashCachePath(config),
    padding_tolerance: options.paddingTolerance ?? null,
    backend,
    choices: call.choices && call.choices.length > 0 ? [...call.choices] : null,
  };
}

/** A hub model's pinned revision (an adapter's base counts), or null. */
function hubRevision(model: ModelRef): string | null {
  const base = model.kind === 'adapter' ? model.base : model;
  return base.kind === 'hub' ? (base.revision ?? null) : null;
}

const ENGINE_LABELS: Record<LocalEngineName, string> = { hf: 'transformers', vllm: 'vllm' };

/**
 * Generation in a local Python process (see python/ftdojo_runtime/generate.py): vLLM where it
 * imports and a GPU is visible, else transformers (greedy, left-padded batches). Outputs are
 * written to the work folder as batches finish, so a second call with the same folder and
 * settings resumes instead of starting over. `name` says which engine generated once one has.
 */
export function createLocalBackend(config: RuntimeConfig, model: ModelRef, options: LocalBackendOptions = {}): InferenceBackend {
  let chosen: LocalEngineName | undefined = options.backend ?? (options.oneAtATime || config.evalBackend === 'hf' ? 'hf' : undefined);
  return {
    get name() {
      if (options.oneAtATime) return 'transformers (one at a time)';
      return chosen ? ENGINE_LABELS[chosen] : 'local (vllm or transformers)';
    },
    model: { ref: model, description: describeModel(model) },
    constrainsChoices: true,
    async describe(call) {
      chosen ??= (await resolveEvaluationBackend(config, { oneAtATime: options.oneAtATime })).backend;
      return describeLocalEngine(config, model, generateSettings(config, model, options, call, chosen), call.signal);
    },
    async generate(requests, call) {
      chosen ??= (await resolveEvaluationBackend(config, { oneAtATime: options.oneAtATime })).backend;
      const settings = generateSettings(config, model, options, call, chosen);
      const temporary = call.workDir === undefined ? await mkdtemp(join(tmpdir(), 'ftdojo-generate-')) : null;
      const workDir = call.workDir ?? temporary!;
      try {
        return await runGenerate(config, model, requests, settings, workDir, call, options.worker);
      } finally {
        if (temporary) await rm(temporary, { recursive: true, force: true });
      }
    },
  };
}

async function runGenerate(
  config: RuntimeConfig,
  model: ModelRef,
  requests: GenerationRequest[],
  settings: GenerateSettings,
  workDir: string,
  call: GenerationOptions,
  worker: RuntimeWorker | undefined,
): Promise<GenerationResult> {
  await mkdir(workDir, { recursive: true });
  await claimWorkDir(workDir, settings);
  const requestsPath = join(workDir, 'requests.jsonl');
  const outputsPath = join(workDir, 'generations.jsonl');
  await writeFile(requestsPath, requests.map((request) => JSON.stringify({ id: request.id, messages: request.messages })).join('\n') + '\n');

  let done: DoneEvent | undefined;
  const onEvent = (event: { event: string }) => {
    if (event.event === 'progress') {
      const progress = ProgressEventSchema.safeParse(event);
      if (progress.success)
        call.onProgress?.({
          done: progress.data.done,
          total: progress.data.total,
          samplesPerSecond: progress.data.samples_per_s,
          tokensPerSecond: progress.data.tokens_per_s,
        });
    } else if (event.event === 'done') {
      done = DoneEventSchema.parse(event);
    }
  };
  const logFile = join(workDir, 'generate.log');
  if (worker && settings.backend === 'hf') {
    await generateInWorker(
      config,
      worker,
      { requestsPath, outputsPath, settings, logPath: logFile },
      { onEvent, signal: call.signal, model: describeModel(model) },
    );
  } else {
    const args = ['-m', 'ftdojo_runtime.generate', '--requests', requestsPath, '--output', outputsPath, '--settings', JSON.stringify(settings)];
    const onStdoutLine = (line: string) => {
      const event = parseEventLine(line);
      if (event) onEvent(event);
    };
    const result = await runPython(config, args, { onStdoutLine, logFile, signal: call.signal });
    if (result.code !== 0) throw classifyGenerationFailure(result, { aborted: call.signal?.aborted ?? false, model: describeModel(model) });
  }
  if (!done) throw new FtdojoError('INTERNAL', 'generate.py exited without its final "done" line', { hint: `see ${logFile}` });

  return {
    outputs: await readOutputs(outputsPath, requests),
    engine: engineFactsOf(done, done.batch_size),
    stats: statsFrom(done),
    decoding: decodingOf(done),
  };
}

/**
 * A work folder belongs to one set of settings: resuming with another model, template or
 * decoding would mix two evaluations in one file, so it is refused.
 */
async function claimWorkDir(workDir: string, settings: GenerateSettings): Promise<void> {
  const path = join(workDir, 'generate-settings.json');
  const text = JSON.stringify(settings, null, 2);
  if (existsSync(path)) {
    const previous = await readFile(path, 'utf8');
    if (!sameGenerateSettings(previous, text)) {
      throw new FtdojoError('INVALID_INPUT', `${workDir} holds generations made with other settings`, {
        hint: `use another output folder, or delete ${workDir} to start over (compare ${path} with the settings of this run)`,
      });
    }
    return;
  }
  await writeFile(path, text + '\n');
}

/** Settings written before the engine was recorded were transformers' ('hf'); before choices were, free generation (null). */
export function sameGenerateSettings(previous: string, current: string): boolean {
  if (previous.trim() === current.trim()) return true;
  try {
    const parsed = JSON.parse(previous) as Record<string, unknown>;
    const upgraded = { ...parsed, backend: parsed.backend ?? 'hf', choices: parsed.choices ?? null };
    return JSON.stringify(upgraded, null, 2) === current.trim();
  } catch {
    return false;
  }
}

async function readOutputs(path: string, requests: GenerationRequest[]): Promise<GenerationOutput[]> {
  const byId = new Map<string, GenerationOutput>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const row = OutputLineSchema.parse(JSON.parse(line));
    byId.set(row.id, { id: row.id, output: row.output, promptTokens: row.prompt_tokens, outputTokens: row.output_tokens, finishReason: row.finish_reason });
  }
  return requests.map((request) => {
    const output = byId.get(request.id);
    if (!output) throw new FtdojoError('INTERNAL', `generate.py wrote no output for request "${request.id}"`, { hint: `see ${path}` });
    return output;
  });
}

function statsFrom(done: DoneEvent): GenerationResult['stats'] {
  return {
    seconds: done.seconds,
    loadSeconds: done.load_s,
    samples: done.samples,
    resumed: done.resumed,
    generatedTokens: done.generated_tokens,
    samplesPerSecond: done.samples_per_s ?? 0,
    tokensPerSecond: done.tokens_per_s ?? 0,
  };
}
