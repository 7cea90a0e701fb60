import type { Command } from 'commander';
import { diagnose } from '../../agent/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { defaultWebRoot, serveDashboard } from '../../server/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson } from '../output.js';

const HELP = `
Serves the dashboard: every run under <home>/runs (task, agent, backbone, status, budget used,
best validation and held-out scores; running runs update live with their stage, loss and ETA),
one run's experiment tree, score over iterations and, per experiment, the plan, the config diff
against its parent, data statistics, the loss curve, validation metrics with intervals, error
samples, the fail-fast verdicts and the feedback; a comparison of two experiments or two runs;
and the bench leaderboards (<home>/bench, and --suite folders).

It only reads: no run is changed, nothing is written under the home. It listens on 127.0.0.1;
--host 0.0.0.0 opens it to the network (it shows prompts, paths and data samples: mind who can
reach it). No internet needed: every asset is served from this package.

Examples:
  ftdojo ui                          http://127.0.0.1:8420/
  ftdojo ui --port 0                 any free port
  ftdojo ui --suite /tmp/bench-out   a bench suite kept outside the home
  ftdojo ui --json                   prints {"url": ...} once listening (for scripts)`;

interface UiOptions {
  port: string;
  host: string;
  suite: string[];
  json?: boolean;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new FtdojoError('INVALID_INPUT', `--port ${text} is not a port`, { hint: 'give a number from 1 to 65535, or 0 for any free port' });
  return port;
}

export function registerUiCommand(program: Command, context: () => CliContext): void {
  program
    .command('ui')
    .description('serve the dashboard of runs, experiments and leaderboards on 127.0.0.1')
    .option('--port <n>', 'the port (0: any free one)', '8420')
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--suite <dir...>', 'bench suite folders (ftdojo bench --out) besides <home>/bench', [])
    .option('--json', 'print {"url"} as JSON once listening')
    .addHelpText('after', HELP)
    .action(async (options: UiOptions, command: Command) => {
      const ctx = context();
      const global = command.optsWithGlobals() as { home?: string };
      const home = resolveRuntimeConfig(ctx.env, { home: global.home }).home;
      const server = await serveDashboard({
        home,
        webRoot: defaultWebRoot(),
        port: parsePort(options.port),
        host: options.host,
        suites: options.suite,
        diagnose,
      });
      if (options.json) printJson(ctx.output, { url: server.url, home });
      else {
        ctx.output.out(`dashboard: ${server.url}`);
        ctx.output.err(mark.dim(`reading ${home} · Ctrl-C stops it`));
      }
      await new Promise<void>((resolvePromise) => {
        const stop = () => {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
          void server.close().then(resolvePromise);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
