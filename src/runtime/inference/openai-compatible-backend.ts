import type { ModelRef } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { chatCompletionsUrl, postChatCompletion, type ChatCompletionOutcome, type EndpointRetry } from './post-chat-completion.js';
import type { ChatMessage, GenerationOutput, GenerationRequest, GenerationResult, InferenceBackend } from './inference-backend.js';

export interface OpenAiCompatibleBackendOptions {
  /** The server's base URL, with or without /v1 (e.g. http://127.0.0.1:8000 for vLLM). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer` to baseUrl only (redirects are refused, so it goes nowhere else). */
  apiKey?: string | undefined;
  /** The served model name the server expects in `model`. */
  model: string;
  /** Requests in flight at once; a call's batchSize overrides it. Default 4. */
  concurrency?: number | undefined;
  /** A system message put before every request's messages; none by default (the server's template decides). */
  system?: string | undefined;
  /** What is served, when known (e.g. the model vLLM was started with), for reports. */
  modelRef?: ModelRef | undefined;
  retry?: Partial<EndpointRetry> | undefined;
  /** Per request; default 10 minutes (a long generation on a busy server). */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export const DEFAULT_ENDPOINT_CONCURRENCY = 4;

/**
 * Generation through an OpenAI-compatible chat-completions server (vLLM, LLaMA-Factory's `api`,
 * ...): greedy (temperature 0), max_tokens per request, a few requests in flight. 429 and 5xx
 * answers and dropped connections are retried with backoff; a prompt the server refuses (400, 413,
 * 422) becomes that sample's outcome ('error'); a wrong key or model name stops the run.
 */
export function createOpenAiCompatibleBackend(options: OpenAiCompatibleBackendOptions): InferenceBackend {
  const url = chatCompletionsUrl(options.baseUrl);
  const retry: EndpointRetry = { attempts: 5, baseDelayMs: 500, maxDelayMs: 20_000, ...options.retry };
  const description = `${options.model} at ${url.origin}`;
  return {
    name: 'openai-compatible',
    model: { ref: options.modelRef ?? null, description },
    async generate(requests, call) {
      const concurrency = call.batchSize ?? options.concurrency ?? DEFAULT_ENDPOINT_CONCURRENCY;
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new FtdojoError('INVALID_INPUT', `concurrency must be a positive whole number, got ${concurrency}`, { hint: 'pass e.g. --batch-size 4' });
      const started = performance.now();
      const outcomes = new Array<ChatCompletionOutcome>(requests.length);
      let next = 0;
      let done = 0;
      let generated = 0;
      const worker = async () => {
        while (next < requests.length) {
          const index = next++;
          const request = requests[index]!;
          const outcome = await postChatCompletion(url, {
            apiKey: options.apiKey,
            body: {
              model: options.model,
              messages: withSystem(request.messages, options.system),
              temperature: 0,
              max_tokens: call.maxNewTokens,
              seed: call.seed ?? 0,
              stream: false,
              n: 1,
            },
            retry,
            timeoutMs: options.timeoutMs ?? 600_000,
            signal: call.signal,
            fetch: options.fetch ?? fetch,
          });
          outcomes[index] = outcome;
          done += 1;
          generated += outcome.completionTokens ?? 0;
          const seconds = Math.max((performance.now() - started) / 1000, 1e-9);
          call.onProgress?.({ done, total: requests.length, samplesPerSecond: done / seconds, tokensPerSecond: generated / seconds });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
      const seconds = (performance.now() - started) / 1000;
      return result(requests, outcomes, concurrency, seconds, generated);
    },
  };
}

function withSystem(messages: ChatMessage[], system: string | undefined): ChatMessage[] {
  if (system === undefined || messages[0]?.role === 'system') return messages;
  return [{ role: 'system', content: system }, ...messages];
}

function result(requests: GenerationRequest[], outcomes: ChatCompletionOutcome[], concurrency: number, seconds: number, generated: number): GenerationResult {
  const outputs: GenerationOutput[] = requests.map((request, index) => {
    const outcome = outcomes[index]!;
    return {
      id: request.id,
      output: outcome.content,
      promptTokens: outcome.promptTokens,
      outputTokens: outcome.completionTokens,
      finishReason: outcome.finishReason,
      error: outcome.error,
    };
  });
  const servedModel = outcomes.find((outcome) => outcome.servedModel)?.servedModel;
  const systemFingerprint = outcomes.find((outcome) => outcome.systemFingerprint)?.systemFingerprint;
  return {
    outputs,
    engine: {
      engine: 'openai-compatible',
      backend: 'endpoint',
      versions: systemFingerprint ? { system_fingerprint: systemFingerprint } : {},
      device: 'remote',
      dtype: null,
      threads: null,
      chatTemplate: null,
      modelSha256: null,
      adapterSha256: null,
      batchSize: concurrency,
      servedModel,
    },
    stats: {
      seconds,
      loadSeconds: null,
      samples: requests.length,
      resumed: 0,
      generatedTokens: generated,
      samplesPerSecond: seconds > 0 ? requests.length / seconds : 0,
      tokensPerSecond: seconds > 0 ? generated / seconds : 0,
    },
  };
}
