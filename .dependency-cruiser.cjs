// Imports point down only (../shared/STYLE.md). Each layer lists the layers it may import;
// anything else under src/ is forbidden. Folders are imported through their index.ts.
const layers = {
  core: [],
  config: ['core'],
  tracing: ['core'],
  llm: ['core', 'config', 'tracing'],
  sandbox: ['core', 'config', 'tracing'],
  runtime: ['core', 'config', 'tracing', 'data'],
  runners: ['core', 'config', 'tracing'],
  data: ['core', 'config', 'tracing'],
  eval: ['core', 'config', 'tracing', 'data', 'sandbox', 'runtime'],
  tasks: ['core', 'config', 'tracing', 'data', 'eval'],
  // The runs store: event logs (the truth) and their SQLite index; below everything that records runs.
  store: ['core', 'config', 'tracing'],
  // The environment's side of an experiment (feedback, ...): above the tasks, below the agent and the bench.
  dojo: ['core', 'config', 'tracing', 'llm', 'sandbox', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store'],
  agent: ['core', 'config', 'tracing', 'llm', 'sandbox', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store', 'dojo'],
  bench: ['core', 'config', 'tracing', 'llm', 'sandbox', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store', 'dojo'],
  // The run report (Markdown, HTML with plots): reads a run's log and folders; the agent's rules come in as values.
  report: ['core', 'config', 'tracing', 'store', 'runtime', 'eval'],
  testing: ['core', 'config', 'tracing', 'llm', 'sandbox', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store', 'dojo'],
  server: ['core', 'config', 'tracing', 'llm', 'sandbox', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store', 'dojo', 'agent', 'bench', 'report'],
  cli: ['core', 'config', 'tracing', 'llm', 'sandbox', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store', 'dojo', 'agent', 'bench', 'server', 'report'],
};

const forbidden = Object.entries(layers).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only: ${allowed.join(', ') || 'nothing outside itself'}`,
  severity: 'error',
  from: { path: `^src/${layer}/`, pathNot: '\\.test\\.ts$' },
  to: { path: '^src/', pathNot: [`^src/${layer}/`, ...allowed.map((l) => `^src/${l}/`)] },
}));

forbidden.push({
  name: 'through-index',
  comment: 'import another folder through its index.ts, not its internals',
  severity: 'error',
  from: { path: '^src/([^/]+)/', pathNot: '\\.test\\.ts$' },
  to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
});

forbidden.push({
  name: 'no-circular',
  severity: 'error',
  from: {},
  to: { circular: true },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
