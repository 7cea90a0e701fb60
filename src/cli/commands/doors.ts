import { join, resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { DoorLog, SessionHost } from '../../doors/index.js';
import {
  createDojoMcpServer,
  createHttpDoorApp,
  createSessionRegistry,
  listenHttpDoor,
  loadOrCreateToken,
  loopbackHosts,
  REST_PREFIX,
} from '../../doors/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson } from '../output.js';
import { parseDuration, positiveInteger } from '../option-parsers.js';
import { doorSessionOpener } from './door-sessions.js';

const SHARED_HELP = `
Each session is one attempt at one task, run by the same harness as \`ftdojo bench\`: its own
workspace, budget and experiments; when the agent finishes it (finish_session), the chosen
experiment is scored once on the held-out test split and the row lands in <out>/rows.jsonl and
<out>/leaderboard.json (default <home>/bench/doors, which \`ftdojo ui\` lists). A session with no
act for --idle-timeout is closed (choosing nothing) and recorded the same way.`;

const MCP_HELP = `
An MCP server on stdio for an agent on this machine (Claude Code, Codex CLI, Gemini CLI, your own):
the tools open_session, task_card, dataset_card, read_pool, validate_submission, start_experiment,
await_experiment, get_feedback, finish_session and more, each with a JSON schema and an example.
Nothing but the protocol is written to stdout; the log goes to stderr.
${SHARED_HELP}

Examples:
  claude mcp add ftdojo -- npx ftdojo mcp
  ftdojo mcp --idle-timeout 30m --out ./my-suite`;

const SERVE_HELP = `
MCP over streamable HTTP at /mcp and the same acts as a JSON REST API under ${REST_PREFIX}/
(OpenAPI document: ${REST_PREFIX}/openapi.json). Every request needs "Authorization: Bearer <token>":
the token is made on first start, kept in --token-file (mode 0600) and printed that once. Requests
whose Host is not this server's are refused (DNS-rebinding protection). It listens on 127.0.0.1;
--host opens it wider (anyone who can reach the port and holds the token can spend your machine).
${SHARED_HELP}

Examples:
  ftdojo serve                                  http://127.0.0.1:8421/mcp
  ftdojo serve --port 0 --json                  {"url":..., "tokenFile":...} once listening
  curl -H "Authorization: Bearer $(cat ~/.cache/ftdojo/doors/token)" http://127.0.0.1:8421${REST_PREFIX}/sessions`;

interface DoorOptions {
  out?: string;
  idleTimeout: string;
  maxSessions: number;
  llmGateway?: boolean;
}

function sessionHostFor(ctx: CliContext, command: Command, options: DoorOptions, say: (line: string) => void): { host: SessionHost; outDir: string } {
  const global = command.optsWithGlobals() as { home?: string };
  const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
  const outDir = options.out ? resolve(options.out) : join(runtime.home, 'bench', 'doors');
  const opener = doorSessionOpener(ctx, {
    runtime,
    outDir,
    llmGateway: options.llmGateway ?? false,
    onRecorded: (sessionId, outcome) =>
      say(
        outcome instanceof Error
          ? mark.fail(`${sessionId}: the attempt failed: ${outcome.message}`)
          : mark.ok(`${sessionId}: recorded · held-out ${outcome.test?.report.primary.value ?? '—'} · ${outcome.note}`),
      ),
  });
  const host = createSessionRegistry({
    opener: async (request, client) => {
      const hosted = await opener(request, client);
      say(mark.dim(`${hosted.session.sessionId}: opened by ${client.name} (${request.task ?? request.taskFile}, ${request.budgetSeconds} s)`));
      return hosted;
    },
    idleSeconds: parseDuration(options.idleTimeout, '--idle-timeout'),
    maxSessions: options.maxSessions,
    onIdleClose: (sessionId, idle) => say(mark.skip(`${sessionId}: closed after ${idle} s idle`)),
  });
  return { host, outDir };
}

const doorLog = (say: (line: string) => void): DoorLog => ({
  internal: (tool, error) => say(mark.fail(`${tool}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)),
});

function sessionOptions(command: Command): Command {
  return command
    .option('--out <dir>', 'the door suite folder: sessions, rows.jsonl, leaderboard.json (default <home>/bench/doors)')
    .option('--idle-timeout <time>', 'close a session with no act for this long', '15m')
    .option('--max-sessions <n>', 'sessions open at once (they share the machine)', positiveInteger('--max-sessions', 64), 4)
    .option('--llm-gateway', "let sessions' data scripts call the LLM gateway (FTDOJO_LLM_GATEWAY_*)");
}

export function registerDoorCommands(program: Command, context: () => CliContext): void {
  sessionOptions(program.command('mcp').description('serve dojo sessions to an outside agent over MCP on stdio'))
    .addHelpText('after', MCP_HELP)
    .action(async (options: DoorOptions, command: Command) => {
      const ctx = context();
      const say = (line: string) => ctx.output.err(line);
      const { host } = sessionHostFor(ctx, command, options, say);
      const server = createDojoMcpServer(host, { log: doorLog(say) });
      const transport = new StdioServerTransport();
      const stopped = new Promise<void>((done) => (transport.onclose = () => done()));
      process.stdin.once('end', () => void transport.close());
      await server.connect(transport);
      say(mark.dim('ftdojo mcp: serving on stdio'));
      await stopped;
      await host.closeAll('the MCP client disconnected');
    });

  sessionOptions(program.command('serve').description('serve dojo sessions over MCP (streamable HTTP) and a REST API'))
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--port <n>', 'the port (0: any free one)', '8421')
    .option('--token-file <path>', 'where the bearer token is kept (default <home>/doors/token)')
    .option('--allow-host <names...>', 'more Host header names to accept (a reverse proxy, a DNS name)')
    .option('--json', 'print {"url", "mcp", "api", "tokenFile"} once listening')
    .addHelpText('after', SERVE_HELP)
    .action(async (options: DoorOptions & { host: string; port: string; tokenFile?: string; allowHost?: string[]; json?: boolean }, command: Command) => {
      const ctx = context();
      const say = (line: string) => ctx.output.err(line);
      const global = command.optsWithGlobals() as { home?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const tokenFile = options.tokenFile ? resolve(options.tokenFile) : join(runtime.home, 'doors', 'token');
      const { token, created } = loadOrCreateToken(tokenFile);
      const { host } = sessionHostFor(ctx, command, options, say);
      const loopback = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
      if (!loopback) say(mark.skip(`listening on ${options.host}: anyone who can reach this port and holds the token can run experiments here`));
      const wide = options.host === '0.0.0.0' || options.host === '::';
      let allowed: readonly string[] | null = [];
      const door = createHttpDoorApp({ host, token, allowedHosts: () => allowed, log: doorLog(say) });
      const server = await listenHttpDoor(door.app, { host: options.host, port: Number(options.port) }, door.closeTransports);
      // The Host check needs the real port (--port 0); a wide door accepts any name but keeps the token.
      allowed = wide ? null : loopbackHosts(Number(new URL(server.address).port), [options.host, ...(options.allowHost ?? [])]);
      const url = server.address;
      if (options.json) printJson(ctx.output, { url, mcp: `${url}/mcp`, api: `${url}${REST_PREFIX}`, tokenFile, tokenCreated: created });
      else {
        say(mark.ok(`ftdojo serve: MCP at ${url}/mcp · REST at ${url}${REST_PREFIX} (OpenAPI: ${REST_PREFIX}/openapi.json)`));
        say(created ? `bearer token (shown this once; kept in ${tokenFile}, mode 0600):\n  ${token}` : mark.dim(`bearer token: in ${tokenFile}`));
      }
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      say(mark.dim('stopping: open sessions are closed and recorded'));
      await host.closeAll('the server stopped');
      await server.close();
    });
}
