import { Command, CommanderError } from 'commander';
import { isFtdojoError } from '../core/index.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerClusterCommand } from './commands/cluster.js';
import { registerDataCommands } from './commands/data.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerExperimentCommand } from './commands/experiment.js';
import { registerSchemaCommands } from './commands/schema.js';
import { registerRunCommands } from './commands/run.js';
import { registerReportCommand } from './commands/report.js';
import { registerLessonsCommand } from './commands/lessons.js';
import { registerScoreCommand } from './commands/score.js';
import { registerSelfcheckCommand } from './commands/selfcheck.js';
import { registerSetupCommand } from './commands/setup.js';
import { registerTasksCommands } from './commands/tasks.js';
import { registerUiCommand } from './commands/ui.js';
import { registerDoorCommands } from './commands/doors.js';
import { registerValidateCommand } from './commands/validate.js';
import type { CliContext, GlobalOptions } from './context.js';
import { createCliContext } from './context.js';
import type { Output } from './output.js';
import { processOutput } from './output.js';

export const VERSION = '0.1.0';

export function buildProgram(getContext: () => CliContext): Command {
  const program = new Command('ftdojo')
    .description('FT-Dojo: an environment for autonomous LLM fine-tuning, and FT-Agent, an agent that works it')
    .version(VERSION)
    .option('--debug', 'print stack traces on errors')
    .option('--mirror <dir>', 'read data from this offline mirror (overrides FTDOJO_DATA_MIRROR)')
    .option('--home <dir>', "ftdojo's cache and work folder (overrides FTDOJO_HOME; default ~/.cache/ftdojo)")
    .option('--offline', 'never ask the Hugging Face hub, as HF_HUB_OFFLINE=1: data from the mirror and the download cache, models already in the store')
    .option('--device <device>', 'auto (a GPU profile trains on CUDA) or cpu (every profile trains on the CPU, slowly); as FTDOJO_DEVICE')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      "\nStart here:\n  ftdojo tasks                 the catalogue\n  ftdojo tasks show aime25     one task's card\n  ftdojo data ls               the raw-data repository\n  ftdojo selfcheck             verify scorers and splits on the offline data",
    );
  registerTasksCommands(program, getContext);
  registerDataCommands(program, getContext);
  registerScoreCommand(program, getContext);
  registerSchemaCommands(program, getContext);
  registerEvalCommand(program, getContext);
  registerBaselineCommand(program, getContext);
  registerSelfcheckCommand(program, getContext);
  registerSetupCommand(program, getContext);
  registerValidateCommand(program, getContext);
  registerExperimentCommand(program, getContext);
  registerRunCommands(program, getContext);
  registerBenchCommand(program, getContext);
  registerClusterCommand(program, getContext);
  registerLessonsCommand(program, getContext);
  registerReportCommand(program, getContext);
  registerUiCommand(program, getContext);
  registerDoorCommands(program, getContext);
  registerDoctorCommand(program, getContext);
  return program;
}

/**
 * The one error boundary: an FtdojoError prints its message and fix hint (exit 2 for the user's
 * mistakes, 1 otherwise); anything else is a bug and says so. Stack traces only with --debug.
 */
export async function main(argv: string[], output: Output = processOutput, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  let context: CliContext | undefined;
  let global: GlobalOptions = {};
  const program = buildProgram(() => {
    context ??= createCliContext(output, env, global);
    return context;
  });
  program.configureOutput({ writeOut: (text) => output.out(text.replace(/\n$/, '')), writeErr: (text) => output.err(text.replace(/\n$/, '')) });
  program.hook('preAction', (command) => {
    global = command.optsWithGlobals() as GlobalOptions;
  });
  try {
    await program.parseAsync(argv);
    return context?.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const debug = global.debug || argv.includes('--debug');
    if (isFtdojoError(error)) {
      output.err(`error: ${error.message}`);
      if (error.hint) output.err(`  fix: ${error.hint}`);
      if (debug && error.stack) output.err(error.stack);
      return error.fault === 'user' ? 2 : 1;
    }
    output.err(`internal error: ${(error as Error)?.message ?? String(error)}`);
    output.err(debug ? String((error as Error)?.stack ?? '') : '  (this is a bug in ftdojo; run again with --debug for the stack trace and report it)');
    return 1;
  }
}
