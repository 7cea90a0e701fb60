"""Throughput of batched versus one-at-a-time greedy generation, on the same prompts, in one process.

Usage:
  python -m ftdojo_runtime.measure_throughput --requests REQUESTS.jsonl --settings '{...}'

Settings are generate.py's (model_path, adapter_path, max_new_tokens, threads, seed, device,
prompt_format, hash_cache) plus "dtypes" (e.g. ["fp32", "bf16"]) and "batch_sizes" (e.g. [8, 16]).
For each dtype the model is loaded once and warmed up (one short generation, so the first timed
pass does not pay for lazy initialisation); then the one-at-a-time pass runs (batch size 1, request
order), then one batched pass per batch size (longest prompts first, left padding). Each pass is
printed as {"event": "pass", ...}; the last line is {"event": "done", "passes": [...],
"agreement": [...], ...}, where agreement compares each batched pass with the one-at-a-time pass
of the same dtype: outputs identical, and first generated token identical.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from . import generate


def timed_pass(torch: Any, model: Any, tokenizer: Any, renderer: Any, requests: list[dict[str, Any]], settings: dict[str, Any], batch_size: int, one_at_a_time: bool) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    rows: dict[str, dict[str, Any]] = {}
    pass_settings = {**settings, "batch_size": batch_size, "one_at_a_time": one_at_a_time}
    stats = generate.run_generation(torch, model, tokenizer, renderer, requests, pass_settings, lambda batch, _progress: rows.update({row["id"]: row for row in batch}), keep_tokens=True)
    seconds = stats["seconds"]
    figures = {
        "mode": "one-at-a-time" if one_at_a_time else "batched",
        "batch_size": stats["batch_size"],
        "samples": stats["samples"],
        "seconds": seconds,
        "generated_tokens": stats["generated_tokens"],
        "prompt_tokens": stats["prompt_tokens"],
        "padded_prompt_tokens": stats["padded_prompt_tokens"],
        "batches": stats["batches"],
        "samples_per_s": stats["samples"] / seconds,
        "tokens_per_s": stats["generated_tokens"] / seconds,
    }
    return figures, rows


def agreement(reference: dict[str, dict[str, Any]], candidate: dict[str, dict[str, Any]]) -> dict[str, Any]:
    identical = [key for key in reference if reference[key]["tokens"] == candidate[key]["tokens"]]
    first = [key for key in reference if reference[key]["tokens"][:1] == candidate[key]["tokens"][:1]]
    differing = [key for key in reference if key not in identical]
    return {"samples": len(reference), "identical": len(identical), "first_token_identical": len(first), "differing_ids": differing[:10]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", required=True)
    parser.add_argument("--settings", required=True)
    args = parser.parse_args(argv)
    settings = json.loads(args.settings)
    requests = generate.read_requests(args.requests)
    passes: list[dict[str, Any]] = []
    agreements: list[dict[str, Any]] = []
    facts_by_dtype: dict[str, Any] = {}
    for dtype in settings.get("dtypes", ["fp32"]):
        dtype_settings = {**settings, "dtype": dtype}
        torch, model, tokenizer, renderer, facts = generate.load(dtype_settings)
        facts_by_dtype[dtype] = facts
        warm_started = time.perf_counter()
        generate.run_generation(torch, model, tokenizer, renderer, requests[:1], {**dtype_settings, "max_new_tokens": 2, "batch_size": 1}, lambda _rows, _progress: None)
        generate.emit({"event": "warmed", "dtype": dtype, "load_s": facts["load_s"], "warmup_s": time.perf_counter() - warm_started})
        single, reference = timed_pass(torch, model, tokenizer, renderer, requests, dtype_settings, 1, True)
        passes.append({"dtype": dtype, **single})
        generate.emit({"event": "pass", "dtype": dtype, **single})
        for batch_size in settings.get("batch_sizes", [8]):
            batched, rows = timed_pass(torch, model, tokenizer, renderer, requests, dtype_settings, int(batch_size), False)
            passes.append({"dtype": dtype, **batched})
            generate.emit({"event": "pass", "dtype": dtype, **batched})
            agreements.append({"dtype": dtype, "batch_size": int(batch_size), **agreement(reference, rows)})
        del model
    first = next(iter(facts_by_dtype.values()))
    generate.emit(
        {
            "event": "done",
            "engine": "transformers",
            "versions": first["versions"],
            "device": first["device"],
            "threads": first["threads"],
            "chat_template": first["chat_template"],
            "model_sha256": first["model_sha256"],
            "adapter_sha256": first["adapter_sha256"],
            "load_s": {dtype: facts["load_s"] for dtype, facts in facts_by_dtype.items()},
            "max_new_tokens": int(settings["max_new_tokens"]),
            "passes": passes,
            "agreement": agreements,
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
