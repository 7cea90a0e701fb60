export * from './cpu-features.js';
export * from './device-probe.js';
export * from './gpu-memory.js';
export * from './model-shape.js';
export * from './cpu-precision.js';
export * from './cpu-precision-check.js';
