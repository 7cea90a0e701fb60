import cliProgress from 'cli-progress';
import type { Output } from './output.js';

export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/** A progress bar on stderr for interactive terminals; silent when output is piped. */
export function progressBar(_output: Output, title: string): ProgressBar {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${title} |{bar}| {percentage}% {value}/{total} {label}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(Math.max(total, 1), done, { label });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
