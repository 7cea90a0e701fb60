import type { EngineFacts, FinishReason, GenerationRequest, InferenceBackend } from '../runtime/index.js';

export type ScriptedAnswer = string | { output: string; finishReason?: FinishReason; error?: string };

/**
 * An InferenceBackend test double that answers from a script instead of a model: what evaluation,
 * feedback and bench code does with outputs can be tested without Python or weights. Every
 * request is recorded; the engine facts are fixed and say "scripted".
 */
export function createScriptedBackend(
  answer: (request: GenerationRequest) => ScriptedAnswer,
  options: { description?: string } = {},
): InferenceBackend & { calls: { requests: GenerationRequest[]; maxNewTokens: number; batchSize: number | undefined }[] } {
  const calls: { requests: GenerationRequest[]; maxNewTokens: number; batchSize: number | undefined }[] = [];
  return {
    name: 'scripted',
    model: { ref: null, description: options.description ?? 'scripted answers' },
    calls,
    async generate(requests, call) {
      calls.push({ requests, maxNewTokens: call.maxNewTokens, batchSize: call.batchSize });
      const outputs = requests.map((request, index) => {
        const scripted = answer(request);
        const reply = typeof scripted === 'string' ? { output: scripted } : scripted;
        call.onProgress?.({ done: index + 1, total: requests.length, samplesPerSecond: 1, tokensPerSecond: 1 });
        return { id: request.id, output: reply.output, promptTokens: null, outputTokens: null, finishReason: reply.finishReason ?? 'stop', error: reply.error };
      });
      const engine: EngineFacts = {
        engine: 'transformers',
        versions: { scripted: '1' },
        device: 'none',
        dtype: null,
        threads: null,
        chatTemplate: { name: 'scripted', sha256: '0'.repeat(64), system: null, rendered: '{{content}}' },
        modelSha256: null,
        adapterSha256: null,
        batchSize: call.batchSize ?? 1,
      };
      return {
        outputs,
        engine,
        stats: {
          seconds: 0.001,
          loadSeconds: null,
          samples: requests.length,
          resumed: 0,
          generatedTokens: 0,
          samplesPerSecond: requests.length / 0.001,
          tokensPerSecond: 0,
        },
      };
    },
  };
}
