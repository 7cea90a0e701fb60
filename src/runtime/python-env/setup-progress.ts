/** What a long setup step is doing, for a progress line: "python: installing packages 42 s". */
export interface SetupProgress {
  /** Which step: the Python environment or the embedded model. */
  step: 'python' | 'model';
  /** The phase within the step, in words ("creating the venv", "installing packages"). */
  phase: string;
  /** Seconds since this phase started. */
  seconds: number;
  /** The latest line of the tool's own output (pip's, the converter's), when there is one. */
  detail?: string | undefined;
}

export type ProgressListener = (progress: SetupProgress) => void;

export interface ProgressReporter {
  /** Starts a phase and reports it at once. */
  phase(name: string): void;
  /** Records the latest output line; reported with the next heartbeat. */
  detail(line: string): void;
  /** Stops the heartbeat. */
  stop(): void;
}

/**
 * Reports each phase when it starts and then every `intervalMs` while it lasts, so a long pip
 * install shows it is alive without printing every line pip writes.
 */
export function progressReporter(step: SetupProgress['step'], listener: ProgressListener | undefined, intervalMs = 10_000): ProgressReporter {
  let name = '';
  let started = Date.now();
  let latest: string | undefined;
  const emit = () => listener?.({ step, phase: name, seconds: Math.round((Date.now() - started) / 1000), detail: latest });
  const timer = listener ? setInterval(() => name && emit(), intervalMs) : undefined;
  timer?.unref();
  return {
    phase(next) {
      name = next;
      started = Date.now();
      latest = undefined;
      emit();
    },
    detail(line) {
      const trimmed = line.trim();
      if (trimmed) latest = trimmed.length > 100 ? `${trimmed.slice(0, 97)}...` : trimmed;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
