"""FT-Agent's data script: carries out the data strategy in strategy.json on the task's pool.

The heuristic planner (and any planner that proposes a DataStrategy instead of writing code)
submits this file unchanged with a strategy.json beside it. It runs inside the sandbox:
reads /task/pool.jsonl, writes output/train.json as Alpaca rows, and with --debug handles the
first 100 pool rows only. Standard library only; the LLM gateway (for chain-of-thought
synthesis) through ftdojo_runtime.llm_gateway when the run enables it.

strategy.json (src/core/hypothesis.ts DataStrategySchema):
  count, seed, response ("target" | "solution-then-target"), maxCharacters (or null),
  balance ("none" | "subtask" | "label"), subtasks ([] = all), dedupe, synthesizeRows
"""

import json
import os
import random
import sys
from collections import defaultdict

DEBUG_ROWS = 100


def response_of(row, mode):
    target = (row.get("target") or "").strip()
    solution = ((row.get("extra") or {}).get("solution") or "").strip()
    if mode == "solution-then-target" and solution and target:
        return solution if target in solution[-len(target) - 40:] else f"{solution}\n{target}"
    return target


def balanced(rows, key, count, rng):
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    for group in groups.values():
        rng.shuffle(group)
    picked, names = [], sorted(groups)
    while len(picked) < count and any(groups[name] for name in names):
        for name in names:
            if groups[name] and len(picked) < count:
                picked.append(groups[name].pop())
    return picked


def synthesize(rows, limit):
    """Asks the gateway for a short worked solution ending in the known target (rows without one)."""
    if limit <= 0 or not os.environ.get("FTDOJO_LLM_GATEWAY"):
        return 0
    from ftdojo_runtime.llm_gateway import BudgetExhaustedError, GatewayError, chat

    done = 0
    for row in rows:
        if done >= limit:
            break
        prompt = f"{row['instruction']}\n\nThe correct final answer is: {row['output']}\nExplain briefly how to reach it, then end with exactly that final answer."
        try:
            text = chat([{"role": "user", "content": prompt}], max_tokens=400)
        except BudgetExhaustedError:
            break
        except GatewayError as error:
            print(f"synthesis skipped a row: {error}", file=sys.stderr)
            continue
        if text.strip().endswith(row["output"].strip()):
            row["output"] = text.strip()
            done += 1
    return done


def main():
    debug = "--debug" in sys.argv
    strategy = json.load(open("strategy.json", encoding="utf-8"))
    rng = random.Random(strategy.get("seed", 0))
    wanted = set(strategy.get("subtasks") or [])
    rows, seen = [], set()
    with open("/task/pool.jsonl", encoding="utf-8") as pool:
        for index, line in enumerate(pool):
            if debug and index >= DEBUG_ROWS:
                break
            row = json.loads(line)
            if wanted and row.get("subtask") not in wanted:
                continue
            output = response_of(row, strategy.get("response", "target"))
            if not output or not row.get("prompt"):
                continue
            limit = strategy.get("maxCharacters")
            if limit and len(row["prompt"]) + len(output) > limit:
                continue
            key = (row["prompt"], output)
            if strategy.get("dedupe", True) and key in seen:
                continue
            seen.add(key)
            rows.append({"instruction": row["prompt"], "input": "", "output": output, "_subtask": row.get("subtask") or "", "_label": (row.get("target") or "").strip()[:12]})

    count = strategy["count"]
    balance = strategy.get("balance", "none")
    if balance == "subtask":
        rows = balanced(rows, lambda row: row["_subtask"], count, rng)
    elif balance == "label":
        rows = balanced(rows, lambda row: row["_label"], count, rng)
    else:
        rng.shuffle(rows)
        rows = rows[:count]
    synthesized = synthesize(rows, 0 if debug else strategy.get("synthesizeRows", 0))
    for row in rows:
        row.pop("_subtask")
        row.pop("_label")
    os.makedirs("output", exist_ok=True)
    with open("output/train.json", "w", encoding="utf-8") as out:
        json.dump(rows, out, ensure_ascii=False)
    print(json.dumps({"rows": len(rows), "synthesized": synthesized}), file=sys.stderr)


if __name__ == "__main__":
    main()
