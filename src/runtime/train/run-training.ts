import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import type { DeviceProbe } from '../device/index.js';
import type { TrainingConfig, TrainingConfigProblem } from '../llamafactory/index.js';
import { parseTrainingConfigYaml, trainingRunLayout, validateTrainingConfig } from '../llamafactory/index.js';
import { pythonNotRunnable } from '../python-env/index.js';
import type { RuntimeWorker } from '../worker/index.js';
import { classifyTrainingFailure } from './classify-training-failure.js';
import { gpuOutOfMemoryAdvice, prepareTrainingLaunch } from './prepare-launch.js';
import type { RunStatus } from './run-status.js';
import { createRunStatus } from './run-status.js';
import type { TrainerLogEntry } from './trainer-log.js';
import { lossCurveOf, parseDuration, tailTrainerLog } from './trainer-log.js';
import { trainingCommand } from './training-environment.js';
import { launchSummary } from './training-launch.js';
import type { TrainerRun } from './trainer-process.js';
import { startTrainerProcess } from './trainer-process.js';
import { warmTrainingRefusal } from './warm-training.js';
import { startWorkerTrainer } from './worker-trainer.js';
import type { LossPoint, TrainingOutcome, TrainingProgress, TrainingState } from './training-outcome.js';
import { TRAINING_OUTCOME_VERSION } from './training-outcome.js';

export interface RunTrainingOptions {
  /** Seconds from process start (model loading included) after which the run is stopped: state 'timeout'. */
  deadlineSeconds?: number | undefined;
  onProgress?: ((progress: TrainingProgress) => void) | undefined;
  /** Aborting stops the process group: state 'interrupted'. */
  signal?: AbortSignal | undefined;
  /** A run folder's status.json shared with the caller's other stages; one is created when absent. */
  status?: RunStatus | undefined;
  /** How often trainer_log.jsonl is read, in ms. */
  pollMs?: number | undefined;
  /** Seconds between SIGTERM and SIGKILL when stopping. */
  killGraceSeconds?: number | undefined;
  /** The device probe for a GPU run's launch (null: none); probed (cached) when absent. */
  device?: DeviceProbe | null | undefined;
  /** The longest training row in tokens, when measured: it bounds the memory the launch plans for. */
  longestRow?: number | null | undefined;
  /**
   * The run's warm worker: the training runs in it when it can (warmTrainingRefusal says when
   * not), else in a fresh process as without one.
   */
  worker?: RuntimeWorker | undefined;
}

function problemLines(problems: readonly TrainingConfigProblem[]): string[] {
  const lines = problems.slice(0, 5).map((problem) => problem.message);
  if (problems.length > 5) lines.push(`... and ${problems.length - 5} more (see train.log)`);
  return lines;
}

async function readConfig(configPath: string): Promise<TrainingConfig> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `no training config at ${configPath}`, { hint: 'write the run folder with writeTrainingRun first', cause });
  }
  const value = parseTrainingConfigYaml(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FtdojoError('INVALID_INPUT', `${configPath} is not a YAML mapping`, { hint: 'a LLaMA-Factory config is one flat mapping of keys to values' });
  return value as TrainingConfig;
}

/** A LoRA adapter, or (full fine-tuning) a model folder with its weights, single or sharded. */
function holdsTrainedWeights(folder: string): boolean {
  if (existsSync(join(folder, 'adapter_model.safetensors'))) return true;
  return existsSync(join(folder, 'config.json')) && ['model.safetensors', 'model.safetensors.index.json'].some((name) => existsSync(join(folder, name)));
}

/** The final adapter (or fully fine-tuned model), else (for a stopped run) the newest checkpoint that holds one. */
async function findAdapter(outputDir: string, finalOnly: boolean): Promise<string | undefined> {
  if (holdsTrainedWeights(outputDir)) return outputDir;
  if (finalOnly || !existsSync(outputDir)) return undefined;
  const checkpoints = (await readdir(outputDir))
    .map((name) => ({ name, step: Number(/^checkpoint-(\d+)$/.exec(name)?.[1] ?? Number.NaN) }))
    .filter((entry) => Number.isFinite(entry.step) && holdsTrainedWeights(join(outputDir, entry.name)))
    .sort((left, right) => right.step - left.step);
  return checkpoints[0] ? join(outputDir, checkpoints[0].name) : undefined;
}

async function readMetrics(outputDir: string): Promise<Record<string, number> | undefined> {
  try {
    const value = JSON.parse(await readFile(join(outputDir, 'train_results.json'), 'utf8')) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch {
    return undefined;
  }
}

function progressOf(entry: TrainerLogEntry | undefined, elapsedSeconds: number): TrainingProgress {
  if (!entry) return { phase: 'starting', step: 0, totalSteps: 0, elapsedSeconds };
  return {
    phase: 'training',
    step: entry.current_steps,
    totalSteps: entry.total_steps,
    loss: entry.loss,
    lr: entry.lr,
    epoch: entry.epoch,
    elapsedSeconds,
    remainingSeconds: parseDuration(entry.remaining_time),
    tokens: entry.total_tokens,
  };
}

/** Clears a previous attempt's output inside the run folder; refuses to touch one outside it. */
async function freshOutputDir(runDir: string, outputDir: string): Promise<string | undefined> {
  if (!existsSync(outputDir) || (await readdir(outputDir)).length === 0) return undefined;
  const inside = relative(runDir, outputDir);
  if (inside.startsWith('..') || inside === '' || inside.startsWith('/')) {
    return `output_dir ${outputDir} is not empty and lies outside the run folder: ftdojo never resumes a run, give it a fresh output_dir`;
  }
  await rm(outputDir, { recursive: true, force: true });
  return undefined;
}

/**
 * Runs `llamafactory-cli train` on a run folder written by `writeTrainingRun`, and returns what
 * happened as data. The config is validated first: an invalid one fails with category CONFIG and
 * no process is started. The trainer runs in its own process group (a deadline or an abort stops
 * it and anything it started), or in the run's warm worker when one is given and the run can use
 * it (LLaMA-Factory's run_exp in-process; a stop kills the worker, and the next request gets a
 * fresh one); its output goes to train.log either way, and trainer_log.jsonl is followed for
 * progress. status.json and outcome.json in the run folder say how it ended.
 */
export async function runTraining(config: RuntimeConfig, runDir: string, options: RunTrainingOptions = {}): Promise<TrainingOutcome> {
  const layout = trainingRunLayout(runDir);
  const status = options.status ?? createRunStatus(layout.statusPath, 'training');
  const ownsStatus = options.status === undefined;
  const trainingConfig = await readConfig(layout.configPath);
  const outputDir = typeof trainingConfig.output_dir === 'string' ? trainingConfig.output_dir : layout.outputDir;
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;

  const finish = async (outcome: TrainingOutcome): Promise<TrainingOutcome> => {
    await writeFile(join(layout.runDir, 'outcome.json'), JSON.stringify(outcome, null, 2) + '\n');
    const detail = outcome.state === 'succeeded' ? undefined : [outcome.category, outcome.rootCause.at(-1)].filter(Boolean).join(': ');
    await status.finishStage('train', outcome.state, detail);
    if (ownsStatus) await status.finish(outcome.state, detail);
    return outcome;
  };
  const base = {
    schemaVersion: TRAINING_OUTCOME_VERSION as typeof TRAINING_OUTCOME_VERSION,
    logPath: layout.logPath,
    runDir: layout.runDir,
    lossCurve: [] as LossPoint[],
  };

  await status.startStage('train');
  const problems = validateTrainingConfig(trainingConfig);
  const outputProblem = problems.length ? undefined : await freshOutputDir(layout.runDir, outputDir);
  if (problems.length || outputProblem) {
    const lines = outputProblem ? [outputProblem] : problemLines(problems);
    await writeFile(
      layout.logPath,
      `ftdojo refused the config before starting LLaMA-Factory:\n${(outputProblem ? [outputProblem] : problems.map((problem) => problem.message)).join('\n')}\n`,
    );
    return finish({
      ...base,
      state: 'failed',
      category: 'CONFIG',
      rootCause: lines,
      hint: 'fix the listed keys in train.yaml; nothing was started',
      seconds: seconds(),
      exitCode: null,
      signal: null,
    });
  }

  const prepared = await prepareTrainingLaunch(config, layout, trainingConfig, { device: options.device, longestRow: options.longestRow });
  const launch = launchSummary(prepared.launch);
  if (prepared.launch.torchrun && /\s/.test(layout.configPath)) {
    const line = `the run folder ${layout.runDir} has a space in its path, which LLaMA-Factory's torchrun launch splits apart`;
    await writeFile(layout.logPath, `ftdojo refused to start a multi-GPU run:\n${line}\n`);
    return finish({
      ...base,
      launch,
      state: 'failed',
      category: 'CONFIG',
      rootCause: [line],
      hint: 'move FTDOJO_HOME (or the run folder) to a path without spaces',
      seconds: seconds(),
      exitCode: null,
      signal: null,
    });
  }
  const cold = warmTrainingRefusal(config, prepared.config, prepared.launch, options.worker);
  const tail = tailTrainerLog(join(outputDir, 'trainer_log.jsonl'));
  let timedOut = false;
  let interrupted = false;
  let trainer: TrainerRun;
  if (cold === null && options.worker) {
    trainer = startWorkerTrainer(options.worker, { configPath: layout.configPath, runDir: layout.runDir, logPath: layout.logPath });
  } else {
    const { command, args, env } = trainingCommand(config, prepared.config, layout.configPath, prepared.launch);
    // With a worker at hand, the log says why this one did not use it.
    const header = options.worker && cold ? `ftdojo: training in a fresh process, not the run's warm worker: ${cold}\n` : undefined;
    trainer = startTrainerProcess({ command, args, env, cwd: layout.runDir, logPath: layout.logPath, killGraceSeconds: options.killGraceSeconds ?? 5, header });
  }
  const stop = (why: 'deadline' | 'abort') => {
    if (why === 'deadline') timedOut = true;
    else interrupted = true;
    trainer.stop();
  };
  const onAbort = () => stop('abort');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const deadline = options.deadlineSeconds === undefined ? undefined : setTimeout(() => stop('deadline'), options.deadlineSeconds * 1000);

  let latest: TrainerLogEntry | undefined;
  let polling: Promise<void> | undefined;
  const poll = (): Promise<void> => {
    // One read at a time: a slow disk must not make two reads race over the same offset.
    polling ??= (async () => {
      const fresh = await tail.read();
      // The end-of-training line carries no loss: keep the last logged one on display.
      if (fresh.length) latest = { ...latest, ...fresh.at(-1)! };
      options.onProgress?.(progressOf(latest, seconds()));
    })().finally(() => {
      polling = undefined;
    });
    return polling;
  };
  options.onProgress?.(progressOf(undefined, 0));
  const poller = setInterval(() => void poll(), options.pollMs ?? 1000);

  const end = await trainer.done;
  clearInterval(poller);
  if (deadline) clearTimeout(deadline);
  options.signal?.removeEventListener('abort', onAbort);
  await polling;
  await poll();

  if (end.spawnError) {
    await finish({
      ...base,
      state: 'failed',
      category: 'ENV',
      rootCause: [end.spawnError],
      hint: 'the runtime Python could not be started',
      seconds: seconds(),
      exitCode: null,
      signal: null,
    });
    throw pythonNotRunnable(config, end.spawnError);
  }

  const lossCurve = lossCurveOf(tail.entries());
  const state: TrainingState = interrupted ? 'interrupted' : timedOut ? 'timeout' : end.exitCode === 0 ? 'succeeded' : 'failed';
  const adapterPath = await findAdapter(outputDir, state === 'succeeded' || state === 'failed');
  const lossCurveImage = existsSync(join(outputDir, 'training_loss.png')) ? join(outputDir, 'training_loss.png') : undefined;
  const common = {
    ...base,
    launch,
    lossCurve,
    seconds: seconds(),
    exitCode: end.exitCode,
    signal: end.signal,
    adapterPath,
    lossCurveImage,
    metrics: await readMetrics(outputDir),
  };

  if (state === 'succeeded' && adapterPath) return finish({ ...common, state, rootCause: [], hint: '' });
  if (state === 'succeeded') {
    return finish({
      ...common,
      state: 'failed',
      rootCause: [`LLaMA-Factory exited 0 but wrote no adapter_model.safetensors (or, full fine-tuning, model weights) in ${outputDir}`],
      hint: 'read train.log: the run may not have trained (do_train false?)',
    });
  }
  if (state === 'interrupted') {
    const where = latest ? ` at step ${latest.current_steps}/${latest.total_steps}` : ' while loading';
    return finish({
      ...common,
      state,
      rootCause: [`stopped by the user after ${Math.round(common.seconds)} s${where}`],
      hint: 'run it again: a run always starts from the beginning (ftdojo never resumes)',
    });
  }
  const failure = classifyTrainingFailure({ log: end.logTail, exitCode: end.exitCode, signal: end.signal, timedOut, deadlineSeconds: options.deadlineSeconds });
  const hint = (failure.oom && gpuOutOfMemoryAdvice(prepared, failure.oom, config.gpus)) || failure.hint;
  return finish({ ...common, state, category: failure.category, rootCause: failure.rootCause, hint, ...(failure.oom ? { oom: failure.oom } : {}) });
}
