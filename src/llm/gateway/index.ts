export { createLlmGateway, type LlmGateway, type LlmGatewayOptions, type LlmGatewayUpstream } from './llm-gateway.js';
export {
  GATEWAY_ERROR_TYPES,
  GATEWAY_SCHEMA_VERSION,
  GatewayLogLineSchema,
  GatewayUsageSchema,
  type GatewayErrorType,
  type GatewayLogLine,
  type GatewayUsage,
} from './gateway-records.js';
export type { MaxTokensParameter } from './prepare-chat-request.js';
