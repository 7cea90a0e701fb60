export const TRAINING_OUTCOME_VERSION = 1;

export type TrainingState = 'succeeded' | 'failed' | 'interrupted' | 'timeout';

/**
 * Whose move it is after a failed run: CONFIG (a key or value LLaMA-Factory refuses), DATA (the
 * dataset file or its rows), OOM (memory), ENV (the Python environment), TIMEOUT (the deadline).
 */
export type TrainingFailureCategory = 'CONFIG' | 'DATA' | 'OOM' | 'ENV' | 'TIMEOUT';

/** What ran out in an OOM, with the sizes torch reported for a GPU (null where the message gives none). */
export interface OutOfMemoryFacts {
  device: 'cuda' | 'cpu';
  gpu: number | null;
  /** The allocation that failed. */
  triedBytes: number | null;
  totalBytes: number | null;
  freeBytes: number | null;
  /** What the process held when it failed. */
  processBytes: number | null;
}

/** How a run was started on its device: CPU, or how many GPUs with which ZeRO stage. */
export interface TrainingLaunchSummary {
  device: 'cpu' | 'cuda';
  gpus: number;
  /** 0: no DeepSpeed. */
  zeroStage: 0 | 2 | 3;
  /** torchrun through LLaMA-Factory's launcher (FORCE_TORCHRUN=1). */
  torchrun: boolean;
  /** Projected peak bytes per GPU, when the model's shape was known. */
  projectedBytes: number | null;
  /** Bytes the run could use per GPU. */
  usableBytes: number | null;
}

/** One line of LLaMA-Factory's trainer_log.jsonl that carries a training loss. */
export interface LossPoint {
  step: number;
  loss: number;
  lr?: number | undefined;
  epoch?: number | undefined;
}

/** What a training run reports while it runs. */
export interface TrainingProgress {
  /** 'starting': the process is loading the model and data; 'training': steps are being logged. */
  phase: 'starting' | 'training';
  step: number;
  /** 0 until LLaMA-Factory logs its first step. */
  totalSteps: number;
  loss?: number | undefined;
  lr?: number | undefined;
  epoch?: number | undefined;
  /** Seconds since the process started (model loading included). */
  elapsedSeconds: number;
  /** LLaMA-Factory's estimate for the steps left, when it has one. */
  remainingSeconds?: number | undefined;
  /** Non-padding tokens trained on so far. */
  tokens?: number | undefined;
}

/**
 * The result of one training run: data, never an exception (STYLE.md §4). `rootCause` holds the
 * few log lines that show why a run failed; the full output is in `logPath`.
 */
export interface TrainingOutcome {
  schemaVersion: typeof TRAINING_OUTCOME_VERSION;
  state: TrainingState;
  /** Set for failed and timed-out runs (timeout → TIMEOUT); absent when the log matches no known pattern. */
  category?: TrainingFailureCategory | undefined;
  rootCause: string[];
  /** What to change, in one or two sentences ('' when the run succeeded). */
  hint: string;
  lossCurve: LossPoint[];
  /**
   * The trained output: the LoRA adapter folder (for full fine-tuning the model folder, with
   * config.json and its weights), the final one or a timed-out run's last checkpoint when it saved one.
   */
  adapterPath?: string | undefined;
  /** training_loss.png, drawn by LLaMA-Factory at the end of a successful run. */
  lossCurveImage?: string | undefined;
  /** Wall-clock seconds from process start to exit. */
  seconds: number;
  exitCode: number | null;
  signal: string | null;
  /** For an OOM: which memory ran out, and the sizes torch reported. */
  oom?: OutOfMemoryFacts | undefined;
  /** How the run was started (absent for runs refused before starting). */
  launch?: TrainingLaunchSummary | undefined;
  /** LLaMA-Factory's train metrics (train_runtime, train_loss, num_input_tokens_seen, ...), when written. */
  metrics?: Record<string, number> | undefined;
  logPath: string;
  runDir: string;
}
