export * from './data-config.js';
export * from './runtime-config.js';
export * from './hub-config.js';
export * from './llm-gateway-config.js';
export * from './agent-llm-config.js';
