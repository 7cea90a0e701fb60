import type { Command } from 'commander';
import { primaryMetric } from '../../core/index.js';
import { profileAvailability, renderTaskCard, validateTaskFile } from '../../tasks/index.js';
import { listTasks } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson, table } from '../output.js';

export function registerTasksCommands(program: Command, context: () => CliContext): void {
  const tasks = program
    .command('tasks')
    .description("list the task catalogue: the paper's 13 tasks in 5 domains")
    .option('--json', 'print machine-readable JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  ftdojo tasks\n  ftdojo tasks --json | jq '.[].id'\n  ftdojo tasks show financeiq\n  ftdojo tasks validate my-task.yaml",
    )
    .action((options: { json?: boolean }) => {
      const ctx = context();
      const machine = ctx.machine();
      const rows = listTasks().map((task) => {
        const primary = primaryMetric(task.spec);
        return {
          id: task.spec.id,
          title: task.spec.title,
          domain: task.spec.domain,
          paperTask: task.spec.paperTask,
          primaryMetric: { name: primary.name, direction: primary.direction, scorer: primary.scorer },
          metrics: task.spec.metrics.map((metric) => ({ name: metric.name, direction: metric.direction, primary: metric.primary })),
          profiles: profileAvailability(task.spec, machine),
        };
      });
      if (options.json) return printJson(ctx.output, rows);
      ctx.output.out(
        table(
          ['id', 'domain', 'primary metric', 'mini here'],
          rows.map((row) => [
            row.id,
            row.paperTask ? row.domain : `${row.domain} (extension)`,
            `${row.primaryMetric.name} (${row.primaryMetric.direction} is better)`,
            row.profiles.find((entry) => entry.profile === 'mini')!.runnable ? mark.ok('yes') : mark.skip('no'),
          ]),
        ),
      );
      const paper = rows.filter((row) => row.paperTask).length;
      ctx.output.out(mark.dim(`${paper} paper tasks and ${rows.length - paper} extension(s). \`ftdojo tasks show <id>\` prints a task's card.`));
    });

  tasks
    .command('show')
    .description("print one task's card: what to do, output format, sources, metrics, budgets, profiles")
    .argument('[id]', 'task id (see `ftdojo tasks`)')
    .option('--task-file <file>', 'a task of your own (YAML or JSON) instead of a catalogue id')
    .option('--json', 'print the task spec as JSON')
    .action(async (id: string | undefined, options: { taskFile?: string; json?: boolean }) => {
      const ctx = context();
      const task = await ctx.resolveTask({ ...(id ? { task: id } : {}), ...(options.taskFile ? { taskFile: options.taskFile } : {}) });
      const availability = profileAvailability(task.spec, ctx.machine());
      if (options.json) return printJson(ctx.output, { ...task.spec, availability });
      ctx.output.out(renderTaskCard(task.spec, availability));
    });

  tasks
    .command('validate')
    .description('check a task file of your own and explain every mistake in it')
    .argument('<file>', 'task file (.yaml, .yml or .json)')
    .option('--json', 'print the problems as JSON')
    .addHelpText(
      'after',
      `
A task file names its data files, how a row becomes a prompt and a gold answer, how to split,
and which library scorers measure it. Minimal example:

  schemaVersion: 1
  id: my-task
  title: My task
  domain: custom
  description: Classify a review as positive or negative.
  outputFormat: { description: "one word", example: "positive" }
  data:
    files: [reviews.jsonl]
    prompt: "Review: {text}\\nPositive or negative?"
    answer: label
  split: { rule: seeded, validation: 20, test: 20 }
  metrics:
    - { name: accuracy, scorer: exact-match, params: { normalize: plain }, primary: true }`,
    )
    .action(async (file: string, options: { json?: boolean }) => {
      const ctx = context();
      const problems = await validateTaskFile(file);
      if (options.json) printJson(ctx.output, { file, valid: problems.length === 0, problems });
      else if (problems.length === 0) ctx.output.out(mark.ok(`${file}: valid`));
      else {
        ctx.output.out(mark.fail(`${file}: ${problems.length} problem(s)`));
        for (const problem of problems) ctx.output.out(`  - ${problem.path}: ${problem.message}${problem.hint ? `\n      fix: ${problem.hint}` : ''}`);
      }
      ctx.exitCode = problems.length === 0 ? 0 : 1;
    });
}
