export * from './open-run-worker.js';
export * from './runtime-worker.js';
export { WORKER_PROTOCOL_VERSION, type WorkerMessage, type WorkerRequest } from './worker-protocol.js';
