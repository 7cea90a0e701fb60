import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { embeddedModelDir } from '../model-store/index.js';
import { runPython } from '../python-env/index.js';

/**
 * python/ftdojo_runtime/choice_decoding.py on its own: which tokens spell each option under three
 * tokenizer styles, and which option a batch of left-padded prompts picks from given logits
 * (a stand-in model that records what it was called with). The real model's run is in
 * src/eval/choice-decoding-embedded.test.ts.
 */
const PROBE = String.raw`
import json, sys
import torch
from ftdojo_runtime.choice_decoding import choice_token_ids, pick_choices

class Tokenizer:
    """encode/decode over a fixed table: text -> ids, id -> text."""
    def __init__(self, encodings, pieces):
        self.encodings, self.pieces = encodings, pieces
    def encode(self, text, add_special_tokens=False):
        return self.encodings.get(text, [99, 98])
    def decode(self, ids):
        return "".join(self.pieces.get(i, "?") for i in ids)

def ids_or_error(tokenizer, choices):
    try:
        return choice_token_ids(tokenizer, choices)
    except ValueError as error:
        return "error: " + str(error)

result = {}
# Byte-level BPE (GPT-2, Qwen, SmolLM): "A" and " A" are two tokens.
bpe = Tokenizer({"A": [10], " A": [20], "B": [11], " B": [21]}, {10: "A", 20: " A", 11: "B", 21: " B"})
result["bpe"] = choice_token_ids(bpe, ["A", "B"])
# Sentencepiece: "A" is "▁A"; " A" is a lone "▁" then "▁A".
sp = Tokenizer({"A": [5], " A": [3, 5], "B": [6], " B": [3, 6]}, {5: "A", 6: "B", 3: " "})
result["sentencepiece"] = choice_token_ids(sp, ["A", "B"])
# An option no single token spells (two real pieces; a lead that is not a space), refused with the fix.
result["unspellable"] = ids_or_error(Tokenizer({"A": [1, 2], " A": [3, 2]}, {1: "a", 2: "A", 3: "x"}), ["A"])
# A token that decodes to something else besides the letter does not count.
result["decorated"] = ids_or_error(Tokenizer({"A": [8], " A": [9]}, {8: "A.", 9: " A"}), ["A"])

class Model:
    """Logits fixed per row of the batch; records what the forward pass was given."""
    def __init__(self, rows):
        self.rows, self.calls = rows, []
    def __call__(self, **kwargs):
        self.calls.append({k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in kwargs.items()})
        logits = torch.full((len(self.rows), 1, 32), -10.0)
        for row, values in enumerate(self.rows):
            for token, value in values.items():
                logits[row, 0, token] = value
        return type("Output", (), {"logits": logits})()

# Row 0: " B" (21) beats "A" (10) and a non-option token (30) that beats both is ignored.
# Row 1: a tie between A and B goes to the earlier option.
model = Model([{10: 1.0, 21: 2.0, 30: 9.0}, {10: 3.0, 11: 3.0}])
picked = pick_choices(torch, model, [[4, 4, 4], [4]], {"A": [10, 20], "B": [11, 21]}, 0, "cpu")
result["picked"] = picked
result["call"] = model.calls[0]
print("RESULT " + json.dumps(result))
`;

const config = resolveRuntimeConfig(process.env);
const ready = existsSync(config.python);
if (!ready) console.warn(`choice-decoding: skipped: needs the runtime Python (${config.python}); run \`ftdojo setup\` or set FTDOJO_PYTHON`);

async function probe(code: string, args: string[] = []): Promise<Record<string, unknown>> {
  const result = await runPython(config, ['-c', code, ...args]);
  const line = result.stdout.split('\n').find((text) => text.startsWith('RESULT '));
  expect(line, result.stderr.slice(-3000)).toBeDefined();
  return JSON.parse(line!.slice('RESULT '.length)) as Record<string, unknown>;
}

describe('choice_decoding.py', () => {
  it.skipIf(!ready)(
    'reads each option from every single token that spells it, refuses what cannot be read, and picks the best option per left-padded prompt',
    async () => {
      const result = await probe(PROBE);
      expect(result.bpe).toEqual({ A: [10, 20], B: [11, 21] });
      expect(result.sentencepiece).toEqual({ A: [5], B: [6] });
      expect(result.unspellable).toMatch(/^error: no single token of this tokenizer spells the option 'A'/);
      expect(result.unspellable).toMatch(/evaluate with free decoding\)$/);
      expect(result.decorated).toEqual({ A: [9] });
      // The best spelling counts (" B" in row 0); a non-option token never wins; a tie goes to the earlier option.
      expect(result.picked).toEqual([
        ['B', 21],
        ['A', 10],
      ]);
      // Left padding: the short prompt's positions start at 0 on its first real token, as generate() counts them.
      expect(result.call).toMatchObject({
        input_ids: [
          [4, 4, 4],
          [0, 0, 4],
        ],
        attention_mask: [
          [1, 1, 1],
          [0, 0, 1],
        ],
        position_ids: [
          [0, 1, 2],
          [1, 1, 0],
        ],
        use_cache: false,
        logits_to_keep: 1,
      });
    },
    120_000,
  );

  const modelPath = embeddedModelDir(config);
  it.skipIf(!ready || !existsSync(`${modelPath}/tokenizer.json`))(
    "reads both spellings of A-E from the embedded SmolLM2's tokenizer",
    async () => {
      const code = String.raw`
import json, sys
from transformers import AutoTokenizer
from ftdojo_runtime.choice_decoding import choice_token_ids
tokenizer = AutoTokenizer.from_pretrained(sys.argv[1])
print("RESULT " + json.dumps(choice_token_ids(tokenizer, list("ABCDE"))))
`;
      // "A" and " A" ("ĠA") are different tokens of its byte-level BPE vocabulary.
      expect(await probe(code, [modelPath])).toEqual({ A: [49, 330], B: [50, 389], C: [51, 340], D: [52, 422], E: [53, 414] });
    },
    120_000,
  );
});
