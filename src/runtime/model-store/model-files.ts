import type { HubFile } from '../../hub/index.js';

/** Files transformers and LLaMA-Factory read from a model folder: config, tokenizer, chat template, licence. */
const SUPPORT_FILE = /\.(json|txt|model|jinja|tiktoken|py|md)$|^LICENSE/i;
const SAFETENSORS = /\.safetensors$/;
/** PyTorch pickles, read only when a repository has no safetensors. */
const PYTORCH_WEIGHTS = /^pytorch_model.*\.bin$/;

/**
 * What the store downloads of a model repository: the files at its top level that loading the
 * model needs — config and tokenizer files, the chat template, and the weights in one format
 * (safetensors when there are any, else pytorch_model*.bin). Sub-folders (original/, onnx/, ...),
 * GGUF, ONNX, TensorFlow and Flax copies are left on the hub: a Llama repository's original/
 * alone doubles the download. Sorted small files first, so a broken repository fails before the weights.
 */
export function selectModelFiles(files: readonly HubFile[]): HubFile[] {
  const top = files.filter((file) => !file.path.includes('/') && !file.path.startsWith('.'));
  const hasSafetensors = top.some((file) => SAFETENSORS.test(file.path));
  const weights = top.filter((file) => (hasSafetensors ? SAFETENSORS.test(file.path) : PYTORCH_WEIGHTS.test(file.path)));
  const support = top.filter((file) => SUPPORT_FILE.test(file.path) && !weights.includes(file));
  const byPath = (a: HubFile, b: HubFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return [...support.sort(byPath), ...weights.sort(byPath)];
}

/** Whether a listing holds weights the store can use (what `selectModelFiles` would keep). */
export function hasModelWeights(files: readonly HubFile[]): boolean {
  return selectModelFiles(files).some((file) => SAFETENSORS.test(file.path) || PYTORCH_WEIGHTS.test(file.path));
}
