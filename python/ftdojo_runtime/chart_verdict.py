"""TableBench visualization Pass@1, second step: compares what the charts showed with the references.

Runs no model code: it reads the observations chart_pass_at_1.py made (values with their types,
chart_data.decode) and the references (`y_references = [...]`, Python code from the benchmark).

Usage:
  python chart_verdict.py VERDICTS_IN_JSON VERDICTS_JSONL

VERDICTS_IN_JSON holds {"mode", "items": [{"key", "chartType", "answer", "observation"}]}.
VERDICTS_JSONL gets, per item:
  key        the item's key
  kind       pass | wrong-data | no-chart | printed | crash | exit | timeout | memory | network
  executed   whether the code ran to its end (TableBench's ECR@1)
  verdict    what Pass@1 says: true, false, or null when TableBench reads no verdict
  error      the exception that stopped the code, or null
  values     the chart's values as compared (flattened, rounded to 2 places, at most 60), or null

official: TableBench prints the comparison's result after whatever the code printed in its second
run and reads stdout back: "True" passes, "False" fails, anything else (the code printed too, the
comparison raised, the second run raised) is no verdict. corrected: the comparison decides.
"""

import json
import math
import sys

import numpy

from chart_data import chart_matches, decode, flatten_once, two_places

MAX_VALUES = 60


def display(predictions):
    try:
        values = two_places(flatten_once(predictions))
        return [float(value) if math.isfinite(value) else None for value in values[:MAX_VALUES]]
    except Exception:
        return None


def official_verdict(printed, match):
    if printed is None or match is None:
        return None
    return {"True": True, "False": False}.get((printed + f"{match}\n").strip())


def judge(item, mode):
    observation = item["observation"]
    failure = observation["failure"]
    predictions = decode(observation["values"]) if observation["values"] is not None else None
    shown = display(predictions) if predictions is not None else None
    reference = {"np": numpy}
    exec(item["answer"], reference)
    match = None
    if predictions is not None:
        try:
            match = bool(chart_matches(reference["y_references"], predictions, item["chartType"]))
        except Exception:
            match = None  # values that do not compare with numbers (text, dates)
    drawn = "wrong-data" if shown else "no-chart"
    if mode == "official":
        verdict = official_verdict(observation["printed"], match)
        if failure == "network":
            kind = "network"
        elif verdict is True:
            kind = "pass"
        elif failure is not None:
            kind = failure
        elif observation["printed"] is not None and match is not None and verdict is None:
            kind = "printed"
        else:
            kind = drawn
    else:
        verdict = False if failure is not None else bool(match)
        kind = failure or ("pass" if verdict else drawn)
    return {"key": item["key"], "kind": kind, "executed": observation["executed"], "verdict": verdict, "error": observation["error"], "values": shown}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    with open(sys.argv[2], "w", encoding="utf-8") as results:
        for item in request["items"]:
            results.write(json.dumps(judge(item, request["mode"])) + "\n")


if __name__ == "__main__":
    main()
