import { dirname, join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AgentLlmConfig, RuntimeConfig } from '../../config/index.js';
import type { BenchAgent, DojoSession } from '../../core/index.js';
import { compactTime, didYouMean, FtdojoError } from '../../core/index.js';
import type { DojoToolClient } from '../../agent/index.js';
import { createReactAgent, reactWorkspace } from '../../agent/index.js';
import { createBaseAgent, createFixedRecipeAgent } from '../../bench/index.js';
import type { DataRepository } from '../../data/index.js';
import { boundSessionHost, commandAgentEntry, createCommandAgent, createDojoMcpServer, loadAgentsFile } from '../../doors/index.js';
import type { BaseModelRef } from '../../runtime/index.js';
import { repoPythonDir } from '../../runtime/index.js';
import { createBubblewrapSandbox } from '../../sandbox/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import { mark } from '../output.js';
import type { CliContext } from '../context.js';
import { openAiCompatibleModelOf } from './agent-planner.js';

export const BUILT_IN_AGENTS = ['ft-agent', 'fixed-recipe', 'base', 'react'] as const;

/** This package's root: the folder of python/, agents/ and node_modules/. */
export function packageRoot(): string {
  return dirname(repoPythonDir());
}

/** The agents file shipped with ftdojo: documented entries for coding CLIs and the stand-in. */
export function shippedAgentsFile(): string {
  return join(packageRoot(), 'agents', 'agents.yaml');
}

/** An SDK client linked in memory to the door's MCP server, bound to one session: react uses the tools any outside agent gets. */
export async function linkedDojoClient(session: DojoSession): Promise<DojoToolClient> {
  const host = boundSessionHost(
    { session, agentWorkspace: null, close: async () => undefined, noteRefusal: () => undefined, done: Promise.resolve() },
    'react',
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createDojoMcpServer(host).connect(serverSide);
  const client = new Client({ name: 'ftdojo-react', version: '1' });
  await client.connect(clientSide);
  return client as unknown as DojoToolClient;
}

export interface BenchAgentChoices {
  runtime: RuntimeConfig;
  repository: DataRepository;
  llm: AgentLlmConfig;
  agentsFile: string | undefined;
  /** Where cmd: agents keep their session folders. */
  outDir: string;
  taskFor(id: string): TaskDefinition;
  ftAgent(failFast: boolean): BenchAgent;
  /** --base-model and --template: fixed-recipe trains on the model the suite scores. */
  baseModel?: BaseModelRef | undefined;
  template?: string | undefined;
}

/** `--agents` names → agents: the built-in ones, and `cmd:<name>` from the agents file. */
export async function benchAgentsFor(ctx: CliContext, names: readonly string[], choices: BenchAgentChoices): Promise<BenchAgent[]> {
  const agents: BenchAgent[] = [];
  for (const name of names) {
    if (name.startsWith('cmd:')) agents.push(await commandAgentFor(ctx, name.slice(4), choices));
    else if (name === 'ft-agent') agents.push(choices.ftAgent(true));
    // The ablation's twin by name: what one cluster job of a suite run with --no-failfast runs.
    else if (name === 'ft-agent:no-failfast') agents.push(choices.ftAgent(false));
    else if (name === 'fixed-recipe')
      agents.push(
        createFixedRecipeAgent({
          repository: choices.repository,
          runtime: choices.runtime,
          taskFor: (request) => choices.taskFor(request.task),
          baseModel: choices.baseModel,
          template: choices.template,
        }),
      );
    else if (name === 'base') agents.push(createBaseAgent());
    else if (name === 'react') agents.push(reactAgentFor(ctx, choices));
    else assertAgentNames([name]);
  }
  return agents;
}

/** Checks `--agents` names without building the agents (a suite on a cluster builds them in its jobs). */
export function assertAgentNames(names: readonly string[]): void {
  for (const name of names) {
    if (name.startsWith('cmd:') || name === 'ft-agent:no-failfast' || (BUILT_IN_AGENTS as readonly string[]).includes(name)) continue;
    const near = didYouMean(name, BUILT_IN_AGENTS);
    throw new FtdojoError('INVALID_INPUT', `unknown agent "${name}"${near ? ` (did you mean "${near}"?)` : ''}`, {
      hint: `--agents takes ${BUILT_IN_AGENTS.join(', ')}, or cmd:<name> from an agents file (--agents-file; the shipped one has cmd:stand-in)`,
    });
  }
}

function reactAgentFor(ctx: CliContext, choices: BenchAgentChoices): BenchAgent {
  const llm = choices.llm;
  if (llm.kind !== 'openai-compatible')
    throw new FtdojoError('INVALID_INPUT', 'the react agent needs an OpenAI-compatible model that can call tools', {
      hint: 'pass --llm <base URL> (and FTDOJO_LLM_MODEL, FTDOJO_LLM_API_KEY when the server needs them)',
    });
  return createReactAgent({
    model: openAiCompatibleModelOf(llm),
    callTime: llm.callTime,
    connect: linkedDojoClient,
    workspaceFor: (request) => reactWorkspace(choices.runtime.home, request.task, new Date()),
    onEvent: (event) => ctx.output.err(mark.dim(`  react · ${JSON.stringify(event).slice(0, 160)}`)),
  });
}

async function commandAgentFor(ctx: CliContext, name: string, choices: BenchAgentChoices): Promise<BenchAgent> {
  const path = resolve(choices.agentsFile ?? shippedAgentsFile());
  const entry = commandAgentEntry(await loadAgentsFile(path), name, path);
  const root = packageRoot();
  const { runtime } = choices;
  return createCommandAgent({
    name: `cmd:${name}`,
    entry,
    packageRoot: root,
    node: process.execPath,
    workspaceFor: (task, seed) => join(choices.outDir, 'sessions', `${task}-cmd_${name}-seed${seed}-${compactTime(new Date())}`),
    sandboxFor: async (agentWorkspace, binds) => ({
      sandbox: createBubblewrapSandbox({ workspaceDir: agentWorkspace, binds, python: runtime.python, node: process.execPath, hostPath: runtime.baseEnv.PATH }),
      close: async () => undefined,
    }),
    gatewaySocket: null,
    onLine: (line) => ctx.output.err(mark.dim(`  ${line}`)),
  });
}
