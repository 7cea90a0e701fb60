import type { Diagnostic, Hypothesis, JsonValue } from '../../core/index.js';
import type { ChatMessage } from '../../llm/index.js';
import type { CoderFile } from './code-blocks.js';

/** What the coder is shown of the task and its pool (read through the session, as any agent reads it). */
export interface CodingContext {
  task: { id: string; outputFormat: string; metric: string };
  /** SessionInfo.submissionContract: what a submission must hold. */
  contract: string;
  pool: { rows: number; fields: readonly string[]; sampleCap: number; hasSolutions: boolean };
  /** A few pool rows, as read_pool gives them. */
  sampleRows: readonly Record<string, JsonValue>[];
  /** Lessons from earlier runs, one line each (most relevant first). */
  lessons: readonly string[];
}

/** The prompt's bounds: a real model's context is finite, and the tiers' evidence can be long. */
export const CODING_PROMPT_LIMITS = { rowCharacters: 600, evidenceLines: 8, lineCharacters: 300, lessons: 5 } as const;

const cut = (text: string, limit: number) => (text.length > limit ? `${text.slice(0, limit)}…` : text);

const SYSTEM = [
  'You implement one fine-tuning experiment as code for FT-Dojo: a Python data script that turns the',
  "task's pool into training rows, and LLaMA-Factory training settings. The dojo validates your files",
  'in three tiers (static checks, a debug run of the script on ~100 rows, a micro training run) and',
  'tells you what failed; you then repair them.',
  'Rules: Python standard library only; read /task/pool.jsonl (one JSON row per line); write',
  'output/train.json as a JSON list of {"instruction", "input", "output"}; with --debug handle at most',
  'the first 100 pool rows; no network; nothing outside /task and the working folder exists.',
  'The "output" must be an answer in the format the task scores. For chain-of-thought rows the',
  'script may call the LLM gateway: `from ftdojo_runtime.llm_gateway import chat` (only when',
  'FTDOJO_LLM_GATEWAY is set; catch its errors and keep the row without one).',
  'Answer with the files only, each in its own fenced block named on the fence line:',
  '```python process_data.py',
  '...',
  '```',
  '```yaml train.yaml',
  '...',
  '```',
  'Leave train.yaml out to keep the one given.',
].join('\n');

export interface CodingPromptInput {
  hypothesis: Hypothesis;
  context: CodingContext;
  /** The train.yaml the hypothesis's settings give (the coder may change it). */
  trainYaml: string;
}

/** The first request: the hypothesis to implement and what the task and its pool look like. */
export function buildCodingMessages({ hypothesis, context, trainYaml }: CodingPromptInput): ChatMessage[] {
  const rows = context.sampleRows.map((row, index) => `row ${index + 1}: ${cut(JSON.stringify(row), CODING_PROMPT_LIMITS.rowCharacters)}`);
  const lessons = context.lessons.slice(0, CODING_PROMPT_LIMITS.lessons);
  const user = [
    `Task: ${context.task.id}. Metric: ${context.task.metric}. Answers are scored as: ${context.task.outputFormat}`,
    `Submission contract:\n${context.contract}`,
    `Pool: ${context.pool.rows} rows with fields ${context.pool.fields.join(', ')}; at most ${context.pool.sampleCap} training rows${
      context.pool.hasSolutions ? '; rows carry worked solutions in extra.solution' : ''
    }.`,
    `Pool rows:\n${rows.join('\n')}`,
    `The hypothesis to implement:\n${hypothesis.rationale}\nExpected effect: ${hypothesis.expectedEffect}\nIts data strategy (carry it out in code): ${JSON.stringify(hypothesis.data)}`,
    `train.yaml as the hypothesis sets it:\n${trainYaml}`,
    ...(lessons.length > 0 ? [`Lessons from earlier runs:\n${lessons.map((line) => `- ${line}`).join('\n')}`] : []),
    'Write process_data.py (and train.yaml if the hypothesis needs other settings).',
  ].join('\n\n');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The findings of a failed draft, as the repair request shows them: code, message, evidence and the fix. */
export function describeFindings(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) =>
      [
        `[${diagnostic.tier} tier, ${diagnostic.code}] ${cut(diagnostic.message, CODING_PROMPT_LIMITS.lineCharacters)}`,
        ...diagnostic.evidence.slice(-CODING_PROMPT_LIMITS.evidenceLines).map((line) => `    ${cut(line, CODING_PROMPT_LIMITS.lineCharacters)}`),
        `  fix: ${cut(diagnostic.hint, CODING_PROMPT_LIMITS.lineCharacters)}`,
      ].join('\n'),
    )
    .join('\n');
}

/** A repair request: the draft the model wrote, and what the tiers said of it. */
export function repairMessage(draft: Readonly<Partial<Record<CoderFile, string>>>, findings: string): ChatMessage {
  const files = Object.entries(draft).map(([name, text]) => `${name}:\n${text}`);
  return {
    role: 'user',
    content: `The dojo's validation refused this draft:\n${findings}\n\nThe draft it checked:\n${files.join('\n\n')}\n\nRepair it: answer with the corrected files in fenced blocks, as before.`,
  };
}
