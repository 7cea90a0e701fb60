import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { ValidationTier } from '../../core/index.js';

/**
 * Broken submissions for the planted-fault suite (tests and `npm run bench:faults`). Each
 * starts from a sound FinanceIQ submission (examples/financeiq) and plants one mistake an agent
 * makes. `fullRunFailsAt` says when a run *without* fail-fast validation would have found out:
 *   trainer-start     LLaMA-Factory refuses it after the full data run and its own start-up
 *   first-step        training starts and dies at its first step (out of memory)
 *   after-training    training runs to the end and the result is useless (NaN loss)
 *   after-evaluation  everything runs; only the scores (or a later audit) show the damage
 *   deadline          it never finishes: the experiment's whole time budget is spent
 *   script            the full data run itself fails
 */
export interface PlantedFault {
  id: string;
  description: string;
  tier: ValidationTier;
  code: string;
  fullRunFailsAt: 'script' | 'trainer-start' | 'first-step' | 'after-training' | 'after-evaluation' | 'deadline';
  plant(workspace: string, context: PlantContext): void;
}

export interface PlantContext {
  /** Held-out questions, for the leaked-items fault only (the bench plays an agent that found them elsewhere). */
  testQuestions: readonly string[];
}

const SCRIPT = 'process_data.py';
const CONFIG = 'train.yaml';

/** Sets keys in the workspace's train.yaml (comments kept; YAML 1.1 as LLaMA-Factory reads it). */
function setConfig(workspace: string, values: Record<string, unknown>): void {
  const path = join(workspace, CONFIG);
  const document = parseDocument(readFileSync(path, 'utf8'), { version: '1.1' });
  for (const [key, value] of Object.entries(values)) document.set(key, value);
  writeFileSync(path, document.toString());
}

/** The sound script's training row: the pool row's prompt and target. */
const SOUND_ROW = '{"instruction": row["prompt"], "output": row["target"]}';

/** Replaces the sound script's row with another expression (`row` is the pool row). */
function scriptWithRow(expression: string, extra = ''): string {
  return [
    'import json, sys',
    extra,
    'debug = "--debug" in sys.argv',
    'rows = []',
    'for index, line in enumerate(open("/task/pool.jsonl", encoding="utf-8")):',
    '    if (debug and index >= 100) or len(rows) >= 200:',
    '        break',
    '    row = json.loads(line)',
    `    rows.append(${expression})`,
    'json.dump(rows, open("output/train.json", "w", encoding="utf-8"), ensure_ascii=False)',
  ].join('\n');
}

export const PLANTED_FAULTS: readonly PlantedFault[] = [
  {
    id: 'unknown-config-key',
    description: 'a misspelt LLaMA-Factory key (lora_rnak)',
    tier: 'static',
    code: 'config-unknown-key',
    fullRunFailsAt: 'trainer-start',
    plant: (ws) => setConfig(ws, { lora_rnak: 16 }),
  },
  {
    id: 'wrong-template',
    description: 'a chat template evaluation does not use (llama3)',
    tier: 'static',
    code: 'template-mismatch',
    fullRunFailsAt: 'after-evaluation',
    plant: (ws) => setConfig(ws, { template: 'llama3' }),
  },
  {
    id: 'nan-learning-rate',
    description: 'learning_rate: .nan',
    tier: 'static',
    code: 'config-wrong-type',
    fullRunFailsAt: 'after-training',
    plant: (ws) => setConfig(ws, { learning_rate: Number.NaN }),
  },
  {
    id: 'script-syntax-error',
    description: 'a data script that does not parse',
    tier: 'static',
    code: 'script-syntax',
    fullRunFailsAt: 'script',
    plant: (ws) => writeFileSync(join(ws, SCRIPT), 'import json\nfor line in open("/task/pool.jsonl")\n    print(line)\n'),
  },
  {
    id: 'wrong-data-format',
    description: 'rows as {prompt, response} instead of Alpaca',
    tier: 'data',
    code: 'row-schema',
    fullRunFailsAt: 'trainer-start',
    plant: (ws) => writeFileSync(join(ws, SCRIPT), scriptWithRow('{"prompt": row["prompt"], "response": row["target"]}')),
  },
  {
    id: 'empty-output',
    description: 'a filter that keeps no rows',
    tier: 'data',
    code: 'output-empty',
    fullRunFailsAt: 'trainer-start',
    plant: (ws) =>
      writeFileSync(join(ws, SCRIPT), scriptWithRow(SOUND_ROW).replace('json.dump(rows,', 'rows = [r for r in rows if r["output"] == "E"]\njson.dump(rows,')),
  },
  {
    id: 'over-length-rows',
    description: 'every prompt padded with a long context',
    tier: 'data',
    code: 'over-cutoff',
    fullRunFailsAt: 'after-evaluation',
    plant: (ws) =>
      writeFileSync(
        join(ws, SCRIPT),
        scriptWithRow(
          '{"instruction": CONTEXT + row["prompt"], "output": row["target"]}',
          'CONTEXT = "背景资料：" + "金融市场的相关规定与案例分析。" * 80 + "\\n"',
        ),
      ),
  },
  {
    id: 'leaked-test-items',
    description: 'held-out test questions pasted into the training rows',
    tier: 'data',
    code: 'leakage',
    fullRunFailsAt: 'after-evaluation',
    plant: (ws, context) =>
      writeFileSync(
        join(ws, SCRIPT),
        scriptWithRow(SOUND_ROW).replace(
          'json.dump(rows,',
          `rows += [{"instruction": q, "output": "A"} for q in ${JSON.stringify(context.testQuestions.slice(0, 5))}]\njson.dump(rows,`,
        ),
      ),
  },
  {
    id: 'answers-wrong-format',
    description: 'answers as prose, not the option letter',
    tier: 'data',
    code: 'answer-format',
    fullRunFailsAt: 'after-evaluation',
    plant: (ws) =>
      writeFileSync(
        join(ws, SCRIPT),
        scriptWithRow(
          '{"instruction": row["prompt"], "output": "I think the correct choice is option " + row["target"].lower() + ", for the reasons in the text."}',
        ),
      ),
  },
  {
    id: 'script-hangs',
    description: 'a data script that never ends',
    tier: 'data',
    code: 'script-timeout',
    fullRunFailsAt: 'deadline',
    plant: (ws) => writeFileSync(join(ws, SCRIPT), 'import time\nwhile True:\n    time.sleep(0.1)\n'),
  },
  {
    id: 'script-network',
    description: 'a data script that downloads extra data',
    tier: 'data',
    code: 'script-network',
    fullRunFailsAt: 'script',
    plant: (ws) =>
      writeFileSync(
        join(ws, SCRIPT),
        'import urllib.request\nurllib.request.urlopen("https://huggingface.co/datasets/Duxiaoman-DI/FinanceIQ", timeout=10).read()\n',
      ),
  },
  {
    id: 'wrong-input-path',
    description: 'the pool read from a path that does not exist',
    tier: 'data',
    code: 'script-failed',
    fullRunFailsAt: 'script',
    plant: (ws) => writeFileSync(join(ws, SCRIPT), scriptWithRow(SOUND_ROW).replace('/task/pool.jsonl', '/task/train.jsonl')),
  },
  {
    id: 'reads-outside-task',
    description: "a script that reads the dojo's own files outside /task",
    tier: 'data',
    code: 'script-failed',
    fullRunFailsAt: 'script',
    plant: (ws) =>
      writeFileSync(
        join(ws, SCRIPT),
        scriptWithRow(SOUND_ROW, 'import os\nHELD = open(os.path.expanduser("~/.ftdojo/tasks/financeiq/mini/heldout/test.jsonl")).read()'),
      ),
  },
  {
    id: 'far-too-many-rows',
    description: 'every pool row written 30 times, --debug ignored',
    tier: 'data',
    code: 'sample-cap',
    fullRunFailsAt: 'deadline',
    plant: (ws) =>
      writeFileSync(
        join(ws, SCRIPT),
        scriptWithRow(SOUND_ROW)
          .replace('if (debug and index >= 100) or len(rows) >= 200:', 'if index >= 400:')
          .replace('json.dump(rows,', 'rows = rows * 30\njson.dump(rows,'),
      ),
  },
  {
    id: 'batch-cannot-fit',
    description: 'batch 256 x cutoff_len 8192',
    tier: 'runtime',
    code: 'memory-projection',
    fullRunFailsAt: 'first-step',
    plant: (ws) => setConfig(ws, { per_device_train_batch_size: 256, cutoff_len: 8192 }),
  },
  {
    id: 'epochs-over-budget',
    description: '60 epochs: cannot finish in the budget',
    tier: 'runtime',
    code: 'over-budget',
    fullRunFailsAt: 'deadline',
    plant: (ws) => setConfig(ws, { num_train_epochs: 60 }),
  },
];

/** A fresh workspace holding the sound example submission with one fault planted. */
export function plantFault(fault: PlantedFault | null, exampleDir: string, workspace: string, context: PlantContext): string {
  mkdirSync(workspace, { recursive: true });
  cpSync(exampleDir, workspace, { recursive: true });
  if (fault) fault.plant(workspace, context);
  return workspace;
}

/**
 * The faults a coding model makes in a data script (issue #16), in the order the coder ablation
 * plants them: the coder tests and `npm run bench:faults` take them from here.
 */
export const CODER_FAULT_IDS = [
  'script-syntax-error',
  'answers-wrong-format',
  'script-hangs',
  'wrong-data-format',
  'far-too-many-rows',
  'script-network',
  'wrong-input-path',
  'reads-outside-task',
] as const;
