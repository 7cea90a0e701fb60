import type { Command } from 'commander';
import { listTasks, selfcheckTask } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { formatNumber, mark, printJson, table } from '../output.js';

export function registerSelfcheckCommand(program: Command, context: () => CliContext): void {
  program
    .command('selfcheck')
    .description('verify the catalogue: gold answers score the best value on every metric, corrupted ones score worse, splits do not leak')
    .option('--task <id>', 'only this task')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', '\nExit code 0 only when every task with offline data holds. Needs the data: set FTDOJO_DATA_MIRROR or pull the sources.')
    .action(async (options: { task?: string; json?: boolean }) => {
      const ctx = context();
      const repo = ctx.repository();
      const tasks = options.task ? [await ctx.resolveTask({ task: options.task })] : listTasks();
      const results = [];
      for (const task of tasks) {
        if (!options.json) ctx.output.err(mark.dim(`checking ${task.spec.id}...`));
        results.push(await selfcheckTask(task, repo, ctx.config().cacheDir));
      }
      const failed = results.filter((result) => result.status === 'fail');
      ctx.exitCode = failed.length === 0 ? 0 : 1;
      if (options.json) return printJson(ctx.output, { ok: failed.length === 0, results });
      const rows = results.flatMap((result) =>
        (result.metrics.length ? result.metrics : [undefined]).map((metric, index) => [
          index === 0 ? result.task : '',
          index === 0 ? (result.status === 'ok' ? mark.ok('ok') : result.status === 'fail' ? mark.fail('FAIL') : mark.skip('skipped')) : '',
          metric?.metric ?? mark.dim(result.reason ?? ''),
          metric ? (metric.status === 'unsupported' ? mark.skip('unsupported') : `${formatNumber(metric.gold)} (best ${metric.best})`) : '',
          metric ? formatNumber(metric.corrupted) : '',
          index === 0 ? result.splits.map((split) => `${split.profile}:${split.status}`).join(' ') : '',
        ]),
      );
      ctx.output.out(table(['task', 'status', 'metric', 'gold', 'corrupted', 'splits'], rows));
      for (const result of failed) {
        for (const metric of result.metrics.filter((entry) => entry.status === 'fail'))
          ctx.output.out(mark.fail(`${result.task} ${metric.metric}: ${metric.detail}`));
        for (const split of result.splits.filter((entry) => entry.status === 'leak'))
          ctx.output.out(mark.fail(`${result.task} ${split.profile}: leakage ${JSON.stringify(split.overlaps)} ${split.materialized.join('; ')}`));
      }
      ctx.output.out(
        failed.length === 0 ? mark.ok(`selfcheck passed for ${results.length} task(s)`) : mark.fail(`selfcheck failed for ${failed.length} task(s)`),
      );
    });
}
