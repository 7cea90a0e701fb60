import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { FEEDBACK_SCHEMA_ID, FEEDBACK_VERSION, FtdojoError, feedbackJsonSchema } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { printJson, table } from '../output.js';

/** A document ftdojo writes, published as JSON Schema for tools outside TypeScript. */
interface PublishedSchema {
  name: string;
  id: string;
  version: number;
  description: string;
  jsonSchema(): Record<string, unknown>;
}

/** Every published schema: add a document here (task specs, run records ...) and it gets its subcommand. */
const SCHEMAS: readonly PublishedSchema[] = [
  {
    name: 'feedback',
    id: FEEDBACK_SCHEMA_ID,
    version: FEEDBACK_VERSION,
    description: 'the structured feedback on one experiment (execution, data, training, validation, comparison, budget)',
    jsonSchema: feedbackJsonSchema,
  },
];

export function registerSchemaCommands(program: Command, context: () => CliContext): void {
  const schema = program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of a document ftdojo writes')
    .addHelpText(
      'after',
      `\nExamples:\n  ftdojo schema list\n  ftdojo schema feedback --out feedback.schema.json\n\nSchemas: ${SCHEMAS.map((entry) => entry.name).join(', ')}.`,
    );

  schema
    .command('list')
    .description('name the schemas available')
    .option('--json', 'print machine-readable JSON')
    .action((options: { json?: boolean }) => {
      const ctx = context();
      const rows = SCHEMAS.map(({ name, id, version, description }) => ({ name, id, version, description }));
      if (options.json) return printJson(ctx.output, rows);
      ctx.output.out(
        table(
          ['schema', 'version', '$id', 'document'],
          rows.map((row) => [row.name, row.version, row.id, row.description]),
        ),
      );
    });

  for (const entry of SCHEMAS) {
    schema
      .command(entry.name)
      .description(`print the JSON Schema of ${entry.description}`)
      .option('--out <file>', 'write it to this file instead of printing it')
      .addHelpText('after', `\nExample:\n  ftdojo schema ${entry.name} --out ${entry.name}.schema.json\n\nThe schema's $id is ${entry.id}.`)
      .action(async (options: { out?: string }) => {
        const ctx = context();
        const document = entry.jsonSchema();
        if (!options.out) return printJson(ctx.output, document);
        try {
          await mkdir(dirname(options.out), { recursive: true });
          await writeFile(options.out, `${JSON.stringify(document, null, 2)}\n`);
        } catch (cause) {
          throw new FtdojoError('INVALID_INPUT', `cannot write ${options.out}`, { hint: 'pass --out a path in a folder you can write to', cause });
        }
        ctx.output.out(`wrote the ${entry.name} schema (version ${entry.version}) to ${options.out}`);
      });
  }
}
