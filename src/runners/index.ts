/** Where jobs run beyond this process: a Ray cluster, through its Jobs REST API. */
export * from './ray/ray-jobs-client.js';
export * from './ray/job-failure.js';
export * from './ray/ray-env.js';
export * from './ray/local-head.js';
