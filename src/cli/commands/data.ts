import type { Command } from 'commander';
import { FtdojoError, type ProfileName } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { buildDatasetCard, renderDatasetCard } from '../../data/index.js';
import { listTasks, materializeTask, verifySplits } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson, table } from '../output.js';
import { progressBar } from '../progress.js';
import { chooseTokenizer } from '../tokenizer.js';
import { parseProfile, runDataPull, type PullTarget } from './data-pull.js';

function whereFrom(repo: DataRepository): string {
  const cache = `cached in ${repo.cacheRoot}`;
  if (repo.offline !== null) {
    return repo.mirror !== null
      ? `offline (${repo.offline}): each file from the offline mirror ${repo.mirror} when it holds it, else only if already ${cache}`
      : `offline (${repo.offline}): only files already downloaded, ${cache}`;
  }
  return repo.mirror !== null
    ? `each file from the offline mirror ${repo.mirror} when it holds it, else from the hub ${repo.hubEndpoint} (${cache})`
    : `every file from the hub ${repo.hubEndpoint} (${cache})`;
}

export function registerDataCommands(program: Command, context: () => CliContext): void {
  const data = program
    .command('data')
    .description('the raw-data repository: sources at pinned revisions, each file read from the offline mirror or the hub')
    .addHelpText(
      'after',
      '\nEach file is read from the offline mirror (FTDOJO_DATA_MIRROR or --mirror) when its MANIFEST.tsv lists it, and\n' +
        'otherwise from the Hugging Face hub (HF_ENDPOINT, HF_TOKEN) at its pinned revision, cached in FTDOJO_HOME\n' +
        '(~/.cache/ftdojo). The hub is used whenever it answers; --offline, HF_HUB_OFFLINE=1 or FTDOJO_DATA_OFFLINE=1 keeps to local files.',
    );

  data
    .command('ls')
    .description('list every dataset source with its revision, licence, and where each of its files is read from')
    .option('--files', 'list every file: where it is read from and whether it is here')
    .option('--json', 'print machine-readable JSON')
    .action((options: { files?: boolean; json?: boolean }) => {
      const ctx = context();
      const repo = ctx.repository();
      const rows = repo.sources().map((source) => {
        const files = source.files.map((file) => repo.locate(source.id, file.name));
        return {
          id: source.id,
          title: source.title,
          domain: source.domain,
          licence: source.licence,
          hub: source.hub ? `${source.hub.repo}@${source.hub.revision}` : null,
          mirrorOrigin: source.mirrorOrigin ?? null,
          cotQuality: source.cotQuality,
          extension: source.extension ?? false,
          fromMirror: files.filter((file) => file.from === 'mirror').length,
          fromHub: files.filter((file) => file.from === 'hub').length,
          local: files.filter((file) => file.local).length,
          files,
        };
      });
      if (options.json) {
        const { mode, mirror, cacheRoot, hubEndpoint, offline } = repo;
        return printJson(ctx.output, { mode, mirror, cacheRoot, hubEndpoint, offline, sources: rows });
      }
      ctx.output.out(mark.dim(`reading ${whereFrom(repo)}`));
      ctx.output.out(
        table(
          ['id', 'domain', 'hub revision', 'licence', 'CoT', 'from mirror', 'from hub', 'here'],
          rows.map((row) => [
            row.id + (row.extension ? ' (ext.)' : ''),
            row.domain,
            row.hub ?? 'mirror only',
            row.licence,
            row.cotQuality,
            row.fromMirror,
            row.fromHub,
            `${row.local}/${row.files.length}`,
          ]),
        ),
      );
      if (!options.files) return;
      const fileRows = rows.flatMap((row) =>
        row.files.map((file) => [
          `${row.id}/${file.name}`,
          file.from ?? mark.fail('nowhere'),
          file.local ? mark.ok('here') : file.from === 'hub' ? mark.skip('not downloaded') : mark.fail('missing'),
          file.reason ?? '',
        ]),
      );
      ctx.output.out(table(['file', 'from', 'state', 'why not'], fileRows));
    });

  data
    .command('card')
    .description('print a dataset card as the agent reads it: revision, licence, rows, fields, token lengths, CoT quality')
    .argument('<dataset>', 'dataset source id (see `ftdojo data ls`)')
    .option('--json', 'print the card as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const ctx = context();
      const repo = ctx.repository();
      const card = await buildDatasetCard(repo, id, chooseTokenizer(ctx));
      if (options.json) return printJson(ctx.output, card);
      ctx.output.out(renderDatasetCard(card));
    });

  data
    .command('pull')
    .description(
      "fetch datasets, or everything a task's profile reads: mirror files verified, hub files downloaded at their pinned revisions (resumable, checksummed)",
    )
    .argument('[datasets...]', 'dataset source ids (see `ftdojo data ls`)')
    .option('--task <id>', "pull what this task's profile reads (its sources and held-out sources)")
    .option('--task-file <file>', 'the same for a task file of your own')
    .option('--profile <profile>', 'with --task: paper (the hub data of the paper protocol) or mini (the files the mirror carries)', parseProfile, 'paper')
    .option('--json', 'print the result as JSON (progress lines go to stderr)')
    .action(async (ids: string[], options: { task?: string; taskFile?: string; profile: ProfileName; json?: boolean }) => {
      const ctx = context();
      const byTask = options.task !== undefined || options.taskFile !== undefined;
      if (byTask && ids.length > 0) {
        throw new FtdojoError('INVALID_INPUT', 'name dataset sources or a task, not both', {
          hint: 'run `ftdojo data pull <source...>` or `ftdojo data pull --task <id> --profile paper`',
        });
      }
      const task = byTask ? await ctx.resolveTask(options) : undefined;
      const target: PullTarget = task
        ? {
            kind: 'task',
            spec: task.spec,
            profile: options.profile,
            ...(options.taskFile ? { command: `ftdojo data pull --task-file ${options.taskFile} --profile ${options.profile}` } : {}),
          }
        : { kind: 'sources', ids };
      const { exitCode } = await runDataPull({
        repo: ctx.repository(),
        output: ctx.output,
        target,
        json: options.json ?? false,
        progressBar: (title) => progressBar(ctx.output, title),
      });
      ctx.exitCode = exitCode;
    });

  data
    .command('verify')
    .description("re-check every task's splits for leakage: held-out items in the pool (exact, normalised, contained)")
    .option('--task <id>', 'only this task')
    .option('--profile <profile>', 'only this profile (mini or paper)')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { task?: string; profile?: ProfileName; json?: boolean }) => {
      const ctx = context();
      const repo = ctx.repository();
      const tasks = listTasks().filter((task) => !options.task || task.spec.id === options.task);
      if (options.task && tasks.length === 0) await ctx.resolveTask({ task: options.task });
      const profiles: ProfileName[] = options.profile ? [options.profile] : ['mini', 'paper'];
      const results = [];
      for (const task of tasks) for (const profile of profiles) results.push(await verifySplits(task, profile, repo, ctx.config().cacheDir));
      const leaks = results.filter((result) => result.status === 'leak').length;
      const totals = results.reduce((sum, result) => sum + result.overlaps.exact + result.overlaps.normalised + result.overlaps.contained, 0);
      ctx.exitCode = leaks === 0 ? 0 : 1;
      if (options.json) return printJson(ctx.output, { ok: leaks === 0, overlaps: totals, results });
      ctx.output.out(
        table(
          ['task', 'profile', 'status', 'pool/val/test', 'overlaps (exact/norm/contained)'],
          results.map((result) => [
            result.task,
            result.profile,
            result.status === 'ok' ? mark.ok('ok') : result.status === 'leak' ? mark.fail('LEAK') : mark.skip('skipped'),
            result.sizes ? `${result.sizes.pool}/${result.sizes.validation}/${result.sizes.test}` : mark.dim(result.reason ?? ''),
            `${result.overlaps.exact}/${result.overlaps.normalised}/${result.overlaps.contained}`,
          ]),
        ),
      );
      ctx.output.out(leaks === 0 ? mark.ok(`no leakage: ${totals} overlaps`) : mark.fail(`${leaks} split(s) leak`));
    });

  data
    .command('prepare')
    .description("build a task's splits and write its agent side (card, pool) and held-out side (validation, test) apart")
    .option('--task <id>', 'task id')
    .option('--task-file <file>', 'a task file of your own')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { task?: string; taskFile?: string; profile: ProfileName; json?: boolean }) => {
      const ctx = context();
      const task = await ctx.resolveTask(options);
      const result = await materializeTask(task, options.profile, ctx.repository(), ctx.config().cacheDir);
      const summary = {
        task: task.spec.id,
        profile: options.profile,
        ...result.layout,
        sizes: { pool: result.splits.pool.length, validation: result.splits.validation.length, test: result.splits.test.length },
        notes: result.splits.notes,
      };
      if (options.json) return printJson(ctx.output, summary);
      ctx.output.out(`${task.spec.id} (${options.profile}): pool ${summary.sizes.pool}, validation ${summary.sizes.validation}, test ${summary.sizes.test}`);
      ctx.output.out(`  agent side:    ${result.layout.agentDir}`);
      ctx.output.out(`  held-out side: ${result.layout.heldOutDir}`);
      for (const note of result.splits.notes) ctx.output.out(mark.dim(`  note: ${note}`));
    });
}
