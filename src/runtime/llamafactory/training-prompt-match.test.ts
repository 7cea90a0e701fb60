import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { embeddedModelDir } from '../model-store/index.js';
import { runPython } from '../python-env/index.js';
import { buildTrainingConfig, SMOLLM2_CHAT_TEMPLATE_SYSTEM, trainingTemplateFor } from './training-config.js';
import { writeTrainingRun } from './write-training-run.js';

/**
 * Renders one training example the way `llamafactory-cli train` does (its own argument parser on
 * our YAML, its dataset loader on our dataset_info.json, its template) and compares the prompt
 * part (the tokens whose label is IGNORE_INDEX) with (1) the prompt evaluation renders
 * (generate.py's PromptRenderer, prompt_format llamafactory/smollm2/"") and (2) the tokenizer's
 * own chat template.
 */
const PROBE = String.raw`
import json, sys
from llamafactory.hparams.parser import read_args, get_train_args
from llamafactory.data import get_dataset, get_template_and_fix_tokenizer
from llamafactory.model import load_tokenizer
from llamafactory.extras.constants import IGNORE_INDEX
from ftdojo_runtime.generate import PromptRenderer

def training_prompt(yaml_path):
    sys.argv = ["llamafactory-cli", yaml_path]
    model_args, data_args, training_args, _, _ = get_train_args(read_args())
    module = load_tokenizer(model_args)
    tokenizer = module["tokenizer"]
    template = get_template_and_fix_tokenizer(tokenizer, data_args)
    example = get_dataset(template, model_args, data_args, training_args, stage="sft", **module)["train_dataset"][0]
    prompt = [i for i, label in zip(example["input_ids"], example["labels"]) if label == IGNORE_INDEX]
    response = [label for label in example["labels"] if label != IGNORE_INDEX]
    return tokenizer, prompt, response

blank_yaml, smol_yaml, question = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
tokenizer, blank_prompt, blank_response = training_prompt(blank_yaml)
_, smol_prompt, _ = training_prompt(smol_yaml)
messages = [{"role": "user", "content": question}]
evaluation = PromptRenderer(tokenizer, {"kind": "llamafactory", "template": "smollm2", "system": ""}).ids(messages)
chat = list(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True))
decode = lambda ids: tokenizer.decode(ids, skip_special_tokens=False)
print("RESULT " + json.dumps({
    "training": decode(blank_prompt), "trainingIds": blank_prompt, "response": decode(blank_response),
    "evaluation": decode(evaluation), "evaluationIds": evaluation,
    "chatTemplate": decode(chat), "chatTemplateIds": chat,
    "trainingWithChatSystem": decode(smol_prompt), "trainingWithChatSystemIds": smol_prompt,
}))
`;

const config = resolveRuntimeConfig(process.env);
const modelPath = embeddedModelDir(config);
const ready = existsSync(config.python) && existsSync(join(modelPath, 'config.json'));
if (!ready)
  console.warn(
    `training-prompt-match: skipped: needs the runtime Python (${config.python}) and the converted embedded model (${modelPath}); run \`ftdojo setup\` or set FTDOJO_PYTHON and FTDOJO_HOME`,
  );

const root = mkdtempSync(join(tmpdir(), 'ftdojo-prompt-match-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('training prompt vs evaluation prompt (SmolLM2, template smollm2)', () => {
  it.skipIf(!ready)(
    'trains on exactly the prompt evaluation renders; the tokenizer chat template differs by its injected system turn',
    async () => {
      const question = '以下是关于银行从业的单项选择题，请直接给出正确答案的选项。\n题目：1+1=?\nA. 1\nB. 2\n答案：';
      const examples = [{ instruction: question, output: 'B' }];
      const write = (name: string, defaultSystem: string) =>
        writeTrainingRun({
          runDir: join(root, name),
          examples,
          config: buildTrainingConfig({ modelPath, template: { template: 'smollm2', defaultSystem }, device: 'cpu', settings: { cutoff_len: 256 } }),
        });
      const blank = await write('blank', trainingTemplateFor('SmolLM2-135M-Instruct').defaultSystem);
      const smol = await write('smol', SMOLLM2_CHAT_TEMPLATE_SYSTEM);
      const result = await runPython(config, ['-c', PROBE, blank.layout.configPath, smol.layout.configPath, JSON.stringify(question)]);
      const line = result.stdout.split('\n').find((text) => text.startsWith('RESULT '));
      expect(line, result.stderr.slice(-3000)).toBeDefined();
      const found = JSON.parse(line!.slice('RESULT '.length)) as Record<string, string | number[]>;

      // What ftdojo trains on: no system turn at all.
      expect(found.training).toBe(`<|im_start|>user\n${question}<|im_end|>\n<|im_start|>assistant\n`);
      expect(found.response).toBe('B<|im_end|>\n');
      // Evaluation renders the very same tokens.
      expect(found.evaluationIds).toEqual(found.trainingIds);
      // The mismatch: the tokenizer's chat template injects SmolLM's default system prompt.
      const systemTurn = `<|im_start|>system\n${SMOLLM2_CHAT_TEMPLATE_SYSTEM}<|im_end|>\n`;
      expect(found.chatTemplate).toBe(systemTurn + found.training);
      expect(found.chatTemplateIds).not.toEqual(found.trainingIds);
      // Training with that system prompt would match the chat template token for token instead.
      expect(found.trainingWithChatSystemIds).toEqual(found.chatTemplateIds);
    },
    180_000,
  );
});
