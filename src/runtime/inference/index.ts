export type {
  ChatMessage,
  ChatTemplateFacts,
  EngineFacts,
  FinishReason,
  GenerationBackendName,
  GenerationDecoding,
  GenerationOptions,
  GenerationOutput,
  GenerationProgress,
  GenerationRequest,
  GenerationResult,
  GenerationStats,
  InferenceBackend,
} from './inference-backend.js';
export { baseModel, defaultPromptFormat, EMBEDDED_PROMPT_FORMAT, promptFormatFor, type PromptFormat } from './prompt-format.js';
export { createLocalBackend, DEFAULT_LOCAL_BATCH_SIZE, trainedModelRef, type LocalBackendOptions, type LocalDtype } from './local-backend.js';
export * from './evaluation-backend.js';
export { createOpenAiCompatibleBackend, DEFAULT_ENDPOINT_CONCURRENCY, type OpenAiCompatibleBackendOptions } from './openai-compatible-backend.js';
export { classifyGenerationFailure, GenerationError, type GenerationFailureCategory } from './generation-error.js';
export {
  measureEvalThroughput,
  type MeasureEvalThroughputOptions,
  type ThroughputComparison,
  type ThroughputPass,
  type ThroughputReport,
} from './measure-eval-throughput.js';
export {
  baseModelFromArgument,
  EMBEDDED_HUB_ID,
  modelRefFromArgument,
  profileBaseModel,
  type BaseModelRef,
  type ModelArgumentOptions,
} from './model-argument.js';
export { localModelPaths, type LocalModelPaths } from './model-paths.js';
