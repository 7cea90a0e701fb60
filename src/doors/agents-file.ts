import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { didYouMean, FtdojoError } from '../core/index.js';

export const AGENTS_FILE_VERSION = 1;

/** Placeholders a command may use; each is replaced by its value for the attempt (see commandVariables). */
export const COMMAND_PLACEHOLDERS = [
  'task',
  'sessionId',
  'budgetSeconds',
  'workspace',
  'prompt',
  'promptFile',
  'mcpConfig',
  'mcpUrl',
  'node',
  'ftdojo',
] as const;

const NAME = /^[a-z0-9][a-z0-9-]{0,40}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const CommandAgentEntrySchema = z
  .object({
    description: z.string().min(1),
    /** The command, one argument per item; {placeholders} are filled in per attempt. */
    command: z.array(z.string().min(1)).min(1),
    /** How the agent is given the MCP server: a stdio command (the bridge), or a loopback HTTP URL. */
    mcp: z.enum(['stdio', 'http']).default('stdio'),
    /** Variables set inside the sandbox, as given (no secrets: their names are refused). */
    env: z.record(z.string().regex(VARIABLE, 'a variable name: letters, digits, _'), z.string()).default({}),
    /**
     * The LLM gateway, when the agent needs a model: these variables receive its loopback base URL
     * inside the sandbox (the key stays outside, with the gateway).
     */
    llm: z
      .object({ baseUrlVariables: z.array(z.string().regex(VARIABLE)).min(1) })
      .nullable()
      .default(null),
    /** Host folders the agent needs, bound read-only at the same path ({ftdojo} is this package). */
    mounts: z.array(z.string().min(1)).default([]),
    /** What the agent needs installed or configured to run; shown when it cannot start. */
    requires: z.string().default(''),
  })
  .strict();
export type CommandAgentEntry = z.infer<typeof CommandAgentEntrySchema>;

export const AgentsFileSchema = z
  .object({
    schemaVersion: z.literal(AGENTS_FILE_VERSION),
    agents: z.record(z.string().regex(NAME, 'lowercase letters, digits and dashes, e.g. "claude-code"'), CommandAgentEntrySchema),
  })
  .strict()
  .superRefine((file, context) => {
    for (const [name, entry] of Object.entries(file.agents)) {
      for (const [index, part] of entry.command.entries())
        for (const placeholder of part.matchAll(/\{(\w+)\}/g))
          if (!(COMMAND_PLACEHOLDERS as readonly string[]).includes(placeholder[1]!))
            context.addIssue({
              code: 'custom',
              path: ['agents', name, 'command', index],
              message: `unknown placeholder {${placeholder[1]}}; known: ${COMMAND_PLACEHOLDERS.map((known) => `{${known}}`).join(' ')}`,
            });
    }
  });
export type AgentsFile = z.infer<typeof AgentsFileSchema>;

/** Reads and checks an agents file; every problem is listed with where it is and how to fix it. */
export async function loadAgentsFile(path: string): Promise<AgentsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FtdojoError('INVALID_INPUT', `cannot read the agents file ${path}: ${(error as Error).message}`, {
      hint: 'pass --agents-file with the path of a YAML file (the shipped one: agents/agents.yaml)',
    });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new FtdojoError('INVALID_INPUT', `${path} is not valid YAML: ${(error as Error).message}`, { hint: 'fix the YAML syntax at the line given' });
  }
  const parsed = AgentsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const list = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(file)'}: ${issue.message}`).join('\n');
    throw new FtdojoError('INVALID_INPUT', `${path} has ${parsed.error.issues.length} problem(s):\n${list}`, {
      hint: 'see agents/agents.yaml for an example of each field',
    });
  }
  return parsed.data;
}

/** The entry of `cmd:<name>`, or an error naming the entries there are. */
export function commandAgentEntry(file: AgentsFile, name: string, path: string): CommandAgentEntry {
  const entry = file.agents[name];
  if (!entry) {
    const names = Object.keys(file.agents);
    const near = didYouMean(name, names);
    throw new FtdojoError('INVALID_INPUT', `no agent "${name}" in ${path}${near ? ` (did you mean "${near}"?)` : ''}`, {
      hint: `it has: ${names.map((known) => `cmd:${known}`).join(', ')}`,
    });
  }
  return entry;
}

/** Fills {placeholders} in each argument; a value is inserted as is (arguments are never split by a shell). */
export function expandCommand(command: readonly string[], values: Readonly<Record<(typeof COMMAND_PLACEHOLDERS)[number], string>>): string[] {
  return command.map((part) => part.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole)));
}
