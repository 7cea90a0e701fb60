// The fixed submission of ftdojo's stand-ins (agents/stand-in-agent.mjs, bench/scripted-backbone.mjs):
// the first `rows` pool rows with a target, prompt → output, one epoch of LoRA. It exercises the
// doors, not a way to fine-tune.
export function standInSubmission(rows) {
  return {
    'process_data.py': [
      'import json, os, sys',
      `limit = 8 if "--debug" in sys.argv else ${rows}`,
      'rows = [json.loads(line) for line in open("/task/pool.jsonl")][:limit]',
      'os.makedirs("output", exist_ok=True)',
      'json.dump([{"instruction": r["prompt"], "input": "", "output": r["target"]} for r in rows if r["target"].strip()], open("output/train.json", "w"))',
      '',
    ].join('\n'),
    // One row a step: its micro run stays short when sessions share a small CPU.
    'train.yaml': 'num_train_epochs: 1\nper_device_train_batch_size: 1\ngradient_accumulation_steps: 1\ncutoff_len: 512\nlearning_rate: 2.0e-4\n',
  };
}
