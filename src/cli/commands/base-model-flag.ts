import type { RuntimeConfig } from '../../config/index.js';
import type { BaseModelRef, ModelDownloadProgress } from '../../runtime/index.js';
import { baseModelFromArgument, embeddedModelDir } from '../../runtime/index.js';
import type { CliContext } from '../context.js';
import { progressBar } from '../progress.js';

export const BASE_MODEL_HELP = `
Base model: --base-model org/name[@revision] trains and scores another Hugging Face model than the
profile's (revision: a commit, tag or branch; pin a commit for reproducible runs). It is downloaded
once into <home>/models/hub/<org>--<name>/<commit>/ through HF_ENDPOINT (HF_TOKEN for gated models),
every file checked against the hub's checksums, resumed when interrupted; training and every
evaluation then load that folder offline. --base-model also takes a model folder (config.json).
The LLaMA-Factory template comes from the model's family (Qwen2.5 qwen, Llama 3 llama3, Gemma gemma,
Mistral mistral, SmolLM2 smollm2) and is checked against the tokenizer's chat template;
--template NAME overrides it.`;

/** The descriptions of --base-model and --template, the same on every command that takes them. */
export const BASE_MODEL_OPTION = "the base model instead of the profile's: org/name[@revision] (downloaded once) or a model folder";
export const TEMPLATE_OPTION = "LLaMA-Factory template for training and scoring (default: the model family's)";

/** --base-model as a model reference, or undefined for the profile's own. */
export function baseModelFlag(value: string | undefined, runtime: RuntimeConfig): BaseModelRef | undefined {
  return value === undefined ? undefined : baseModelFromArgument(value, { embeddedPath: embeddedModelDir(runtime) });
}

/** A progress bar for a hub model's first download (silent with --json or when stderr is not a terminal). */
export function modelDownloadReporter(ctx: CliContext, json: boolean): ((progress: ModelDownloadProgress) => void) | undefined {
  if (json) return undefined;
  let bar: ReturnType<typeof progressBar> | null = null;
  return (progress) => {
    bar ??= progressBar(ctx.output, `downloading ${progress.model} (MB)`);
    bar.update(Math.round(progress.bytesDone / 1e6), Math.round(progress.bytesTotal / 1e6), `${progress.filesDone}/${progress.files} files ${progress.file}`);
    if (progress.filesDone === progress.files) {
      bar.stop();
      bar = null;
    }
  };
}
