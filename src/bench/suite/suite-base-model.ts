import type { RuntimeConfig } from '../../config/index.js';
import type { ProfileName, SuiteRow } from '../../core/index.js';
import { describeModel, FtdojoError } from '../../core/index.js';
import { embeddedModelDir, profileBaseModel } from '../../runtime/index.js';
import type { ResolvedTask } from './run-attempt.js';

/** A task's base model as suite rows name it: --base-model's, else the profile's. */
export interface TaskBaseModel {
  task: string;
  /** What this suite run trains and scores (describeModel). */
  baseModel: string;
  /** The profile's own, which rows written before rows named their model were all on. */
  profileModel: string;
}

/** The base model a suite's attempts on a task train and score, named as its rows record it (known before anything is downloaded). */
export function taskBaseModel(resolved: ResolvedTask, profile: ProfileName, runtime: RuntimeConfig): TaskBaseModel {
  const own = profileBaseModel(profile, resolved.task.spec.profiles[profile], { embeddedPath: embeddedModelDir(runtime) });
  return { task: resolved.task.spec.id, baseModel: describeModel(resolved.baseModel ?? own), profileModel: describeModel(own) };
}

function flagFor(model: string, profileModel: string): string {
  if (model === profileModel) return 'without --base-model';
  return `with --base-model ${model === describeModel({ kind: 'embedded' }) ? 'base' : model}`;
}

/**
 * A suite folder holds one base model per task: a resumed suite on another one would put rows of
 * two models into one leaderboard, so it is refused, saying what the folder was run on and how to
 * go on. Rows from before rows named their model were on the profile's.
 */
export function assertSuiteBaseModel(outDir: string, rows: readonly SuiteRow[], tasks: readonly TaskBaseModel[]): void {
  for (const wanted of tasks) {
    const recorded = rows.find((row) => row.task === wanted.task && (row.baseModel ?? wanted.profileModel) !== wanted.baseModel);
    if (!recorded) continue;
    const used = recorded.baseModel ?? wanted.profileModel;
    throw new FtdojoError(
      'INVALID_INPUT',
      `the suite in ${outDir} ran ${wanted.task} on ${used}, not ${wanted.baseModel}: its rows would mix two base models`,
      {
        hint: `pass another --out for a suite on ${wanted.baseModel}, or resume this one ${flagFor(used, wanted.profileModel)}`,
        fault: 'user',
      },
    );
  }
}
