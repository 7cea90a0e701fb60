import type { RuntimeConfig } from '../../config/index.js';
import type { BenchAgent, BenchAgentRequest } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import type { BaseModelRef } from '../../runtime/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import { baselineRecipe, runBaseline } from '../baseline/index.js';

/**
 * The fixed "manual SFT" recipe (baseline-recipe.ts) as an agent: one training sized to its own
 * time budget, no search. The seed moves the recipe's data selection and initialisation. Its
 * training takes a quarter of the attempt's budget at most (the rest is for its evaluations),
 * and never more than the recipe's own: a short suite gets a short recipe, not an overrun.
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
      const task = options.taskFor(request);
      const trainSeconds = Math.min(baselineRecipe(task.spec, request.profile).trainSeconds, Math.floor(request.budgetSeconds / 4));
      const result = await runBaseline({
        task,
        profile: request.profile,
        repository: options.repository,
        runtime: options.runtime,
        recipe: { seed: 42 + request.seed, trainSeconds },
        // No evaluations of its own: the harness scores its adapter once on the held-out split.
        splits: [],
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
