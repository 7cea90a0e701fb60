import type { BenchAgent } from '../../core/index.js';

/** The base model as an agent: it chooses no adapter, so the harness scores the model as shipped. */
export function createBaseAgent(): BenchAgent {
  return {
    name: 'base',
    async run() {
      return { state: 'completed', adapterPath: null, iterations: 0, failuresCaughtEarly: 0, succeeded: 0, runRef: null, note: 'the base model, untuned' };
    },
  };
}
