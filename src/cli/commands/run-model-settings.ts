import type { RuntimeConfig } from '../../config/index.js';
import type { JsonValue } from '../../core/index.js';
import type { BaseModelRef } from '../../runtime/index.js';
import { baseModelFromArgument, embeddedModelDir } from '../../runtime/index.js';

/** --base-model and --template as a run uses them; absent: the profile's model and the family's template. */
export interface RunModelChoice {
  baseModel?: BaseModelRef | undefined;
  template?: string | undefined;
}

/** The base model as an argument `baseModelFromArgument` reads back to the same model (a folder by its absolute path). */
function modelArgument(model: BaseModelRef): string {
  if (model.kind === 'embedded') return 'base';
  if (model.kind === 'local') return model.path;
  return model.revision ? `${model.id}@${model.revision}` : model.id;
}

/**
 * What `ftdojo run` records in the run's settings (run-started) about its model, so that
 * `ftdojo resume` trains and scores the same one. Nothing is recorded for the profile's own model
 * and template, so a run without the flags logs what older builds logged.
 */
export function runModelSettings(choice: RunModelChoice): Record<string, JsonValue> {
  return {
    ...(choice.baseModel ? { baseModel: modelArgument(choice.baseModel) } : {}),
    ...(choice.template ? { template: choice.template } : {}),
  };
}

/** The model choice a run recorded (runModelSettings); a log without it (older runs, no flags) means the profile's. */
export function runModelChoice(settings: Readonly<Record<string, JsonValue>>, runtime: RuntimeConfig): RunModelChoice {
  const { baseModel, template } = settings;
  return {
    ...(typeof baseModel === 'string'
      ? { baseModel: baseModelFromArgument(baseModel, { embeddedPath: embeddedModelDir(runtime), flag: "the run's recorded --base-model" }) }
      : {}),
    ...(typeof template === 'string' ? { template } : {}),
  };
}
