import { FtdojoError, ProfileNameSchema, type ProfileName } from '../../core/index.js';
import type { DataRepository, FileRequest, PullFileResult, PullReport, TaskDataSpec } from '../../data/index.js';
import { taskDataFiles, taskPullCommand } from '../../data/index.js';
import { mark, printJson, type Output } from '../output.js';
import type { ProgressBar } from '../progress.js';

/** What to pull: named sources, or what one task's profile reads. */
export type PullTarget = { kind: 'sources'; ids: string[] } | { kind: 'task'; spec: TaskDataSpec; profile: ProfileName; command?: string };

export function parseProfile(value: string): ProfileName {
  const parsed = ProfileNameSchema.safeParse(value);
  if (!parsed.success) {
    throw new FtdojoError('INVALID_INPUT', `--profile must be mini or paper, got ${JSON.stringify(value)}`, {
      hint: 'pass --profile paper (the hub data of the paper protocol) or --profile mini (what the offline profile reads)',
    });
  }
  return parsed.data;
}

function requestsFor(repo: DataRepository, target: PullTarget): { requests: FileRequest[]; fetchCommand: string; label: string } {
  if (target.kind === 'task') {
    return {
      requests: taskDataFiles(target.spec, target.profile, repo.sources()),
      fetchCommand: target.command ?? taskPullCommand(target.spec.id, target.profile),
      label: `${target.spec.id} (${target.profile})`,
    };
  }
  if (target.ids.length === 0) {
    throw new FtdojoError('INVALID_INPUT', 'nothing to pull: name dataset sources or a task', {
      hint: 'run `ftdojo data pull <source...>` (see `ftdojo data ls`) or `ftdojo data pull --task <id> --profile paper`',
    });
  }
  const requests = target.ids.flatMap((id) => repo.source(id).files.map((file) => ({ sourceId: id, fileName: file.name })));
  return { requests, fetchCommand: `ftdojo data pull ${target.ids.join(' ')}`, label: target.ids.join(', ') };
}

const STATUS_WIDTH = 'mirror-only'.length;

/** One progress line per file as it is done. */
export function fileLine(result: PullFileResult): string {
  const status = result.status.padEnd(STATUS_WIDTH);
  const name = `${result.sourceId}/${result.name}`;
  if (result.status === 'verified') return `  ${mark.ok(status)}  ${name}  ${mark.dim('(mirror, sha256 matches MANIFEST.tsv)')}`;
  if (result.status === 'cached') return `  ${mark.ok(status)}  ${name}  ${mark.dim('(hub cache)')}`;
  if (result.status === 'downloaded') return `  ${mark.ok(status)}  ${name}  ${mark.dim('(hub, checked against its hash)')}`;
  return `  ${mark.fail(status)}  ${name}  ${mark.dim(result.reason ?? '')}`;
}

export interface DataPullRun {
  repo: DataRepository;
  output: Output;
  target: PullTarget;
  json: boolean;
  /** A byte progress bar for one file's download (interactive terminals); none in tests. */
  progressBar?: ((title: string) => ProgressBar) | undefined;
}

/**
 * `ftdojo data pull`: fetches the files (mirror files verified, hub files from the cache or
 * downloaded, resuming partial ones), a line per file as it goes (on stderr with --json, so stdout
 * stays one JSON document). Returns the report and the exit code: 1 when a file cannot be had here.
 */
export async function runDataPull(run: DataPullRun): Promise<{ report: PullReport; exitCode: number }> {
  const { repo, output } = run;
  const { requests, fetchCommand, label } = requestsFor(repo, run.target);
  if (!run.json) output.out(mark.dim(`pulling ${requests.length} file(s) for ${label}`));
  let bar: ProgressBar | undefined;
  const report = await repo.pullFiles(requests, {
    fetchCommand,
    onProgress: (progress) => {
      bar ??= run.progressBar?.(`${progress.sourceId ?? ''}/${progress.file}`);
      bar?.update(progress.bytesDone, progress.bytesTotal ?? progress.bytesDone);
    },
    onFile: (result) => {
      bar?.stop();
      bar = undefined;
      if (run.json) output.err(fileLine(result));
      else output.out(fileLine(result));
    },
  });
  const missing = report.files.filter((file) => file.status === 'mirror-only' || file.status === 'unavailable').length;
  const exitCode = missing === 0 ? 0 : 1;
  if (run.json) {
    printJson(output, { ok: missing === 0, ...report });
  } else {
    output.out((missing === 0 ? mark.ok : mark.fail)(`${label}: ${report.summary}`));
  }
  return { report, exitCode };
}
