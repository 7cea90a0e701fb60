"""A minimal FT-Dojo submission for FinanceIQ: pool rows with a target, as Alpaca rows.

Reads /task/pool.jsonl (the task's agent-visible pool), writes output/train.json. With --debug
it handles the first 100 pool rows only, so validation can check the output shape in seconds.
"""

import json
import random
import sys

CAP = 200  # stay within the profile's sample cap (ftdojo tasks show financeiq)

debug = "--debug" in sys.argv
rows = []
with open("/task/pool.jsonl", encoding="utf-8") as pool:
    for index, line in enumerate(pool):
        if debug and index >= 100:
            break
        row = json.loads(line)
        if row.get("target"):
            rows.append({"instruction": row["prompt"], "input": "", "output": row["target"]})

random.Random(0).shuffle(rows)
with open("output/train.json", "w", encoding="utf-8") as out:
    json.dump(rows[:CAP], out, ensure_ascii=False)
print(f"wrote {min(len(rows), CAP)} rows", file=sys.stderr)
