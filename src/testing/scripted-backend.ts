import type { EngineFacts, FinishReason, GenerationOptions, GenerationRequest, InferenceBackend } from '../runtime/index.js';

export type ScriptedAnswer = string | { output: string; finishReason?: FinishReason; error?: string };

export interface ScriptedBackendOptions {
  description?: string;
  /** Engine facts over the fixed "scripted" ones (e.g. another modelSha256, as if the weights changed). */
  engine?: Partial<EngineFacts>;
  /**
   * Constrained choice decoding: the option picked for a request when `choices` are asked for.
   * Given, the backend says it constrains (constrainsChoices) and reports the choice decoding.
   */
  choose?: (request: GenerationRequest, choices: readonly string[]) => string;
  /** Offer `describe` (the engine facts without generating), as a local backend does; counted in `described`. */
  describable?: boolean;
}

export interface ScriptedCall {
  requests: GenerationRequest[];
  maxNewTokens: number;
  batchSize: number | undefined;
  choices: readonly string[] | undefined;
}

/**
 * An InferenceBackend test double that answers from a script instead of a model: what evaluation,
 * feedback and bench code does with outputs can be tested without Python or weights. Every
 * request is recorded; the engine facts are fixed and say "scripted".
 */
export function createScriptedBackend(
  answer: (request: GenerationRequest) => ScriptedAnswer,
  options: ScriptedBackendOptions = {},
): InferenceBackend & { calls: ScriptedCall[]; described: number } {
  const calls: ScriptedCall[] = [];
  const engineFacts = (call: GenerationOptions): EngineFacts => ({
    engine: 'transformers',
    versions: { scripted: '1' },
    device: 'none',
    dtype: null,
    threads: null,
    chatTemplate: { name: 'scripted', sha256: '0'.repeat(64), system: null, rendered: '{{content}}' },
    modelSha256: null,
    adapterSha256: null,
    batchSize: call.batchSize ?? 1,
    ...options.engine,
  });
  const constrain = options.choose;
  const backend: InferenceBackend & { calls: ScriptedCall[]; described: number } = {
    name: 'scripted',
    model: { ref: null, description: options.description ?? 'scripted answers' },
    calls,
    described: 0,
    constrainsChoices: constrain !== undefined,
    async generate(requests, call) {
      calls.push({ requests, maxNewTokens: call.maxNewTokens, batchSize: call.batchSize, choices: call.choices });
      const choices = constrain && call.choices?.length ? call.choices : undefined;
      const outputs = requests.map((request, index) => {
        const scripted = choices ? constrain!(request, choices) : answer(request);
        const reply = typeof scripted === 'string' ? { output: scripted } : scripted;
        call.onProgress?.({ done: index + 1, total: requests.length, samplesPerSecond: 1, tokensPerSecond: 1 });
        return { id: request.id, output: reply.output, promptTokens: null, outputTokens: null, finishReason: reply.finishReason ?? 'stop', error: reply.error };
      });
      return {
        outputs,
        engine: engineFacts(call),
        stats: {
          seconds: 0.001,
          loadSeconds: null,
          samples: requests.length,
          resumed: 0,
          generatedTokens: 0,
          samplesPerSecond: requests.length / 0.001,
          tokensPerSecond: 0,
        },
        decoding: choices ? { mode: 'choice', choices: [...choices] } : { mode: 'free' },
      };
    },
  };
  if (options.describable)
    backend.describe = async (call) => {
      backend.described += 1;
      return engineFacts(call);
    };
  return backend;
}
