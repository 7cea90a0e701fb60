// Imports point down only (../shared/STYLE.md). Each layer lists the layers it imports today, and
// only those: a new arrow between layers is a decision, made here on purpose, not by accident.
// Anything else under src/ is forbidden. Folders are imported through their index.ts.
const layers = {
  core: [],
  config: ['core'],
  // The Hugging Face hub's HTTP API (revisions, listings, verified resumable downloads): datasets and models share it.
  hub: ['core'],
  llm: ['core'],
  sandbox: ['core'],
  runtime: ['core', 'config', 'hub'],
  data: ['core', 'config', 'hub'],
  eval: ['core', 'runtime'],
  // Where jobs run beyond this process: a Ray cluster through its Jobs REST API, a local head.
  runners: ['core', 'config', 'runtime'],
  tasks: ['core', 'data', 'eval'],
  // The runs store: event logs (the truth), their SQLite index and the run-folder paths.
  store: ['core'],
  // The environment: validation, experiments, feedback and the session seam every agent uses.
  dojo: ['core', 'config', 'sandbox', 'runtime', 'data', 'eval', 'tasks', 'store'],
  // FT-Agent meets the dojo only through the session contract in core, never dojo/ itself.
  agent: ['core', 'llm', 'runtime', 'store'],
  // The harness: opens sessions for agents and scores their choice on the held-out split.
  bench: ['core', 'config', 'runtime', 'runners', 'data', 'eval', 'tasks', 'store', 'dojo'],
  // The run report (Markdown, HTML with plots): reads a run's log and folders; the agent's rules come in as values.
  report: ['core', 'runtime', 'eval', 'store'],
  testing: ['core', 'config', 'sandbox', 'runtime', 'dojo', 'doors'],
  server: ['core', 'runtime', 'store', 'bench', 'report'],
  // The doors outside agents enter by: MCP (stdio, HTTP) and REST over the session contract in core.
  doors: ['core', 'sandbox'],
  cli: ['core', 'config', 'llm', 'sandbox', 'runtime', 'data', 'eval', 'tasks', 'store', 'dojo', 'agent', 'bench', 'report', 'server', 'doors', 'runners'],
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
