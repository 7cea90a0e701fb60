import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchAgent, BenchAgentResult, ExperimentStatusMessage, SessionClosed } from '../core/index.js';
import { DOJO_SESSION_VERSION, forwardingSession } from '../core/index.js';
import type { Sandbox, SandboxBind, SandboxExecResult } from '../sandbox/index.js';
import { agentPrompt } from './agent-prompt.js';
import type { CommandAgentEntry } from './agents-file.js';
import { expandCommand } from './agents-file.js';
import type { DoorLog } from './mcp-server.js';
import { boundSessionHost } from './session-host.js';
import { openSocketDoors } from './socket-doors.js';

/** Inside the agent's sandbox: where the door sockets and ftdojo's agent files are bound. */
const DOOR_DIR = '/run/ftdojo-doors';
const AGENTS_DIR = '/opt/ftdojo/agents';
const MCP_PORT = 8765;
const GATEWAY_PORT = 8766;

export interface CommandAgentSandbox {
  sandbox: Sandbox;
  close(): Promise<void>;
}

export interface CommandAgentOptions {
  /** The leaderboard name, `cmd:<entry>`. */
  name: string;
  entry: CommandAgentEntry;
  /** This package's root ({ftdojo}) and its agents/ folder (bridge.mjs). */
  packageRoot: string;
  node: string;
  /** Where this attempt's session keeps its files; the agent's own workspace is its agent/ folder. */
  workspaceFor(task: string, seed: number): string;
  /** The composition root's sandbox: `agentWorkspace` at /workspace, these binds, no network. */
  sandboxFor(agentWorkspace: string, binds: SandboxBind[]): Promise<CommandAgentSandbox>;
  /** The LLM gateway's unix socket for entries with `llm` (null: none configured, such an entry cannot run). */
  gatewaySocket?: string | null;
  /** Seconds past the budget before the command is killed (it should have finished by then). */
  graceSeconds?: number;
  log?: DoorLog;
  onLine?: (line: string) => void;
}

/**
 * An outside agent as a command (Claude Code, Codex CLI, a script of one's own): the harness opens
 * the attempt's session, serves it on unix sockets bound into the agent's sandbox (MCP over stdio
 * through the bridge, or HTTP on a loopback port), runs the command there within the budget, and
 * when it exits closes the session if the agent did not. The agent's network is those sockets only.
 */
export function createCommandAgent(options: CommandAgentOptions): BenchAgent {
  return {
    name: options.name,
    async run(request): Promise<BenchAgentResult> {
      const workspace = options.workspaceFor(request.task, request.seed);
      const agentWorkspace = join(workspace, 'agent');
      await mkdir(join(agentWorkspace, '.ftdojo'), { recursive: true });
      const session = await request.dojo.open({ workspace });
      const started = new Set<string>();
      let finished: SessionClosed | null = null;
      const tracked = forwardingSession(session, {
        startExperiment: async (experiment) => {
          const status = await session.startExperiment(experiment);
          started.add(status.experimentId);
          return status;
        },
        finish: async (finish) => (finished = await session.finish(finish)),
      });
      const socketDir = await mkdtemp(join(tmpdir(), 'ftdojo-doors-'));
      // The sandbox may run as another uid: it must reach the sockets, and the folder holds nothing else.
      await chmod(socketDir, 0o711);
      const host = boundSessionHost(
        { session: tracked, agentWorkspace, close: async () => undefined, noteRefusal: () => undefined, done: Promise.resolve() },
        options.name,
      );
      const doors = await openSocketDoors(host, socketDir, options.log);
      await Promise.all([chmod(doors.mcpSocket, 0o666), chmod(doors.httpSocket, 0o666)]);
      const binds: SandboxBind[] = [
        { source: socketDir, target: DOOR_DIR },
        { source: join(options.packageRoot, 'agents'), target: AGENTS_DIR },
        ...options.entry.mounts.map((mount) => {
          const path = mount.replace('{ftdojo}', options.packageRoot);
          return { source: path, target: path };
        }),
      ];
      const env: Record<string, string> = { ...options.entry.env, FTDOJO_SESSION_ID: session.sessionId };
      const bridges = [`${options.node} ${AGENTS_DIR}/bridge.mjs tcp ${MCP_PORT} ${DOOR_DIR}/http.sock &`];
      if (options.entry.llm) {
        if (!options.gatewaySocket) throw new Error(`${options.name} needs the LLM gateway: configure FTDOJO_LLM_GATEWAY_* (see ftdojo bench --help)`);
        binds.push({ source: options.gatewaySocket.replace(/\/[^/]+$/, ''), target: '/run/ftdojo-llm' });
        bridges.push(`${options.node} ${AGENTS_DIR}/bridge.mjs tcp ${GATEWAY_PORT} /run/ftdojo-llm/${options.gatewaySocket.split('/').pop()} &`);
        for (const variable of options.entry.llm.baseUrlVariables) env[variable] = `http://127.0.0.1:${GATEWAY_PORT}/v1`;
      }
      const info = await session.info();
      const mcpUrl = `http://127.0.0.1:${MCP_PORT}/mcp`;
      const prompt = agentPrompt({ info, mcpTool: 'ftdojo' });
      const stdioServer = { command: options.node, args: [`${AGENTS_DIR}/bridge.mjs`, 'stdio', `${DOOR_DIR}/mcp.sock`] };
      const mcpConfig = { mcpServers: { ftdojo: options.entry.mcp === 'stdio' ? stdioServer : { type: 'http', url: mcpUrl } } };
      await writeFile(join(agentWorkspace, '.ftdojo', 'mcp.json'), `${JSON.stringify(mcpConfig, null, 2)}\n`);
      await writeFile(join(agentWorkspace, '.ftdojo', 'prompt.md'), prompt);
      const argv = expandCommand(options.entry.command, {
        task: request.task,
        sessionId: session.sessionId,
        budgetSeconds: String(request.budgetSeconds),
        workspace: '/workspace',
        prompt,
        promptFile: '/workspace/.ftdojo/prompt.md',
        mcpConfig: '/workspace/.ftdojo/mcp.json',
        mcpUrl,
        node: options.node,
        ftdojo: options.packageRoot,
      });
      options.onLine?.(`${options.name}: ${argv.map((part) => (part.length > 60 ? `${part.slice(0, 57)}...` : part)).join(' ')}`);
      let outcome: SandboxExecResult | null = null;
      const box = await options.sandboxFor(agentWorkspace, binds);
      try {
        // The bridges start in the background of the same shell; the agent's command replaces it.
        outcome = await box.sandbox.exec(['sh', '-c', `${bridges.join(' ')} exec "$@"`, 'ftdojo-agent', ...argv], {
          env,
          limits: { wallSeconds: Math.max(60, request.budgetSeconds + (options.graceSeconds ?? 120)) },
          ...(request.signal ? { signal: request.signal } : {}),
        });
        await writeFile(
          join(workspace, 'agent-output.log'),
          `# ${argv.join(' ')}\n# status ${outcome.status}, exit ${outcome.exitCode}\n\n## stdout\n${outcome.stdout}\n\n## stderr\n${outcome.stderr}\n`,
        );
      } finally {
        await box.close();
        await doors.close();
        await rm(socketDir, { recursive: true, force: true });
      }
      const statuses = await Promise.all([...started].map((id) => session.status(id).catch(() => null)));
      if (!finished) {
        const reason = `the agent's command ended (${outcome.status}, exit ${outcome.exitCode}) without finishing its session`;
        await session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId: null, reason }).catch(() => undefined);
      }
      return resultOf(
        statuses.filter((status): status is ExperimentStatusMessage => status !== null),
        finished,
        outcome,
        workspace,
        request.signal?.aborted ?? false,
      );
    },
  };
}

function resultOf(
  statuses: ExperimentStatusMessage[],
  finished: SessionClosed | null,
  outcome: SandboxExecResult,
  workspace: string,
  stopped: boolean,
): BenchAgentResult {
  return {
    state: stopped ? 'stopped' : 'completed',
    adapterPath: null,
    iterations: statuses.filter((status) => status.state !== 'running').length,
    failuresCaughtEarly: statuses.filter((status) => status.tiers.some((tier) => tier.status === 'failed')).length,
    succeeded: statuses.filter((status) => status.state === 'succeeded').length,
    runRef: workspace,
    note: finished
      ? `finished: ${finished.chosenExperimentId ?? 'base model'} chosen; command ${outcome.status}`
      : `the command ended (${outcome.status}, exit ${outcome.exitCode}) without finishing: nothing chosen`,
  };
}
