import type { Command } from 'commander';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { openLessonStore } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { formatNumber, mark, printJson, table } from '../output.js';

const LESSONS_HELP = `
When an FT-Agent run ends, each finished experiment becomes a lesson: the task, its domain and
metric, what the experiment changed from its parent's plan, the improvement it measured on the
validation split against its reference (the best so far, else the base model), with its paired
bootstrap interval and verdict, and the run it came from. Nothing held-out is ever in a lesson.

The next \`ftdojo run\` on the same task (then the same domain, then the same metric) reads the
most relevant ones: the built-in planner starts from the best-known move and orders its moves by
them; a model planner and the coder see them in their prompts. \`ftdojo run --no-lessons\` runs
without them. They live in <home>/lessons.sqlite.

Examples:
  ftdojo lessons
  ftdojo lessons --task financeiq --json
  ftdojo lessons forget financeiq-mini-20261203-101500-ab12/exp-002`;

export function registerLessonsCommand(program: Command, context: () => CliContext): void {
  const lessons = program
    .command('lessons')
    .description('what earlier runs learned: each experiment’s change and its measured effect')
    .option('--task <id>', 'only this task’s lessons')
    .option('--json', 'print the lessons as JSON')
    .addHelpText('after', LESSONS_HELP)
    .action((options: { task?: string; json?: boolean }, command: Command) => {
      const ctx = context();
      const global = command.optsWithGlobals() as { home?: string };
      const store = openLessonStore(resolveRuntimeConfig(ctx.env, { home: global.home }).home);
      try {
        const rows = store.list({ task: options.task });
        if (options.json) return printJson(ctx.output, rows);
        if (rows.length === 0)
          return ctx.output.out(options.task ? `no lessons for ${options.task} yet` : 'no lessons yet: they are kept when an `ftdojo run` ends');
        ctx.output.out(
          table(
            ['id', 'change', 'effect', 'interval', 'verdict'],
            rows.map((lesson) => [
              lesson.id,
              lesson.change,
              lesson.effect === null ? '—' : `${lesson.effect >= 0 ? '+' : ''}${formatNumber(lesson.effect, 3)} ${lesson.metric} vs ${lesson.reference}`,
              lesson.interval ? `[${formatNumber(lesson.interval.low, 3)}, ${formatNumber(lesson.interval.high, 3)}]` : '—',
              lesson.verdict,
            ]),
          ),
        );
      } finally {
        store.close();
      }
    });

  lessons
    .command('forget')
    .description('remove one lesson for good')
    .argument('<id>', 'a lesson id from `ftdojo lessons` (<run-id>/<experiment-id>)')
    .action((id: string, _options: unknown, command: Command) => {
      const ctx = context();
      const global = command.optsWithGlobals() as { home?: string };
      const store = openLessonStore(resolveRuntimeConfig(ctx.env, { home: global.home }).home);
      try {
        if (!store.forget(id))
          throw new FtdojoError('INVALID_INPUT', `no lesson ${id}`, { hint: 'list them with `ftdojo lessons` (ids are <run-id>/<experiment-id>)' });
        ctx.output.out(mark.ok(`forgot ${id}`));
      } finally {
        store.close();
      }
    });
}
