export type {
  ChatFinishReason,
  ChatMessage,
  ChatModel,
  ChatProgress,
  ChatRequest,
  ChatResponse,
  ChatResponseFormat,
  ChatRole,
  ChatUsageRecord,
  StructuredOutputMode,
} from './chat-model.js';
export { addChatUsage, costOf, NO_USAGE, type ChatPrice, type ChatUsage } from './chat-usage.js';
export { ChatModelError, isChatModelError, type ChatFailureReason, type ChatModelErrorOptions, type StructuredProblem } from './chat-model-error.js';
export { completeStructured, describeIssues, type StructuredOptions, type StructuredResult } from './complete-structured.js';
export { extractJson, type ExtractedJson } from './extract-json.js';
export {
  toolRequestFields,
  toWireMessages,
  type ChatTool,
  type ChatToolCall,
  type ToolChatMessage,
  type ToolChatModel,
  type ToolChatRequest,
  type ToolChatResponse,
} from './tool-chat.js';
export { createOpenAiCompatibleChatModel, type OpenAiCompatibleChatModelOptions } from './openai-compatible-chat-model.js';
export { createLocalGgufChatModel, type LocalGgufChatModel, type LocalGgufChatModelOptions } from './local-gguf-chat-model.js';
export { chatCompletionsUrl } from './chat-completions-url.js';
export { backoffDelay, retryAfterMs, seededRandom, type BackoffOptions } from './backoff.js';
export { callDeadline, checkCallTimePolicy, DEFAULT_CALL_TIME_POLICY, type CallTimePolicy } from './call-deadline.js';
export { schemaTokenBudget } from './schema-token-budget.js';
export { listServedModels, modelsUrl, onlyServedModel } from './served-models.js';
