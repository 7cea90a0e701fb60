import type { RuntimeConfig } from '../../config/index.js';
import type { BenchAgent, BenchAgentRequest } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import type { BaseModelRef } from '../../runtime/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import { runBaseline } from '../baseline/index.js';

/**
 * The fixed "manual SFT" recipe (baseline-recipe.ts) as an agent: one training sized to its own
 * time budget, no search. The seed moves the recipe's data selection and initialisation.
 */
export function createFixedRecipeAgent(options: {
  repository: DataRepository;
  runtime: RuntimeConfig;
  taskFor: (request: BenchAgentRequest) => TaskDefinition;
  /** --base-model and --template: the base model the suite's sessions use, so the recipe trains on the model it is scored on. */
  baseModel?: BaseModelRef | undefined;
  template?: string | undefined;
}): BenchAgent {
  return {
    name: 'fixed-recipe',
    async run(request) {
      const result = await runBaseline({
        task: options.taskFor(request),
        profile: request.profile,
        repository: options.repository,
        runtime: options.runtime,
        recipe: { seed: 42 + request.seed },
        ...(options.baseModel ? { model: options.baseModel } : {}),
        ...(options.template ? { template: options.template } : {}),
        ...(request.evalLimit ? { limit: request.evalLimit } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const succeeded = result.state === 'succeeded' && result.training.adapterPath !== null && result.training.adapterPath !== undefined;
      return {
        state: result.state === 'interrupted' ? 'stopped' : succeeded ? 'completed' : 'failed',
        adapterPath: succeeded ? result.training.adapterPath! : null,
        iterations: 1,
        failuresCaughtEarly: 0,
        succeeded: succeeded ? 1 : 0,
        runRef: result.runDir,
        note: succeeded
          ? `trained ${result.scores.sizing.samples} examples, ${result.scores.sizing.steps} steps`
          : `training ${result.state}: ${result.training.rootCause.at(-1) ?? ''}`,
      };
    },
  };
}
