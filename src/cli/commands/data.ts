import type { Command } from 'commander';
import type { ProfileName } from '../../core/index.js';
import { buildDatasetCard, renderDatasetCard } from '../../data/index.js';
import { listTasks, materializeTask, verifySplits } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson, table } from '../output.js';
import { progressBar } from '../progress.js';
import { chooseTokenizer } from '../tokenizer.js';

export function registerDataCommands(program: Command, context: () => CliContext): void {
  const data = program
    .command('data')
    .description('the raw-data repository: sources at pinned revisions, read from the hub or the offline mirror')
    .addHelpText(
      'after',
      '\nData are read from the offline mirror when FTDOJO_DATA_MIRROR (or --mirror) is set, otherwise\ndownloaded from the Hugging Face hub (HF_ENDPOINT, HF_TOKEN) into FTDOJO_HOME (~/.cache/ftdojo).',
    );

  data
    .command('ls')
    .description('list every dataset source with its revision, licence, and where it is read from')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) => {
      const ctx = context();
      const repo = ctx.repository();
      const rows = repo.sources().map((source) => ({
        id: source.id,
        title: source.title,
        domain: source.domain,
        licence: source.licence,
        hub: source.hub ? `${source.hub.repo}@${source.hub.revision}` : 'mirror only',
        mirrorOrigin: source.mirrorOrigin ?? null,
        cotQuality: source.cotQuality,
        files: source.files.length,
        local: source.files.filter((file) => repo.hasLocal(source.id, file.name)).length,
        extension: source.extension ?? false,
      }));
      if (options.json) return printJson(ctx.output, { mode: repo.mode, root: repo.root, sources: rows });
      ctx.output.out(mark.dim(`reading from ${repo.mode === 'mirror' ? `the offline mirror ${repo.root}` : `the Hugging Face hub, cached in ${repo.root}`}`));
      ctx.output.out(
        table(
          ['id', 'domain', 'hub revision', 'licence', 'CoT', 'files here'],
          rows.map((row) => [row.id + (row.extension ? ' (ext.)' : ''), row.domain, row.hub, row.licence, row.cotQuality, `${row.local}/${row.files}`]),
        ),
      );
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
    .description('download a dataset from the hub at its pinned revision (resumable, checksummed); with a mirror, verify it instead')
    .argument('<dataset>', 'dataset source id')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const ctx = context();
      const repo = ctx.repository();
      const bar = options.json ? undefined : progressBar(ctx.output, `pull ${id}`);
      const result = await repo.pull(id, {
        onProgress: (progress) => bar?.update(progress.bytesDone, progress.bytesTotal ?? progress.bytesDone, progress.file),
      });
      bar?.stop();
      if (options.json) return printJson(ctx.output, result);
      ctx.output.out(mark.ok(`${id}: ${result.summary}`));
      for (const file of result.files) if (file.reason) ctx.output.out(mark.dim(`  ${file.name}: ${file.status} (${file.reason})`));
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
