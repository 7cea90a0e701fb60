"""Batched greedy generation for ftdojo's evaluation, with transformers (and peft for adapters).

Usage:
  python -m ftdojo_runtime.generate --requests REQUESTS.jsonl --output OUTPUTS.jsonl --settings '{...}' [--one-at-a-time]

REQUESTS.jsonl holds one {"id", "messages": [{"role", "content"}...]} or {"id", "prompt"} per line.
Settings (JSON): model_path (a folder or a hub id), model_revision (for a hub id, or null),
adapter_path (or null), max_new_tokens, batch_size, dtype ("fp32" or "bf16"), threads (or null),
seed, device ("cpu", "cuda" or "auto"), prompt_format (below) and hash_cache (a JSON file
remembering weight hashes by path, size and mtime; or null), padding_tolerance (a fraction, or
null: 0.2 on a CPU, none on a GPU; see plan_batches), backend ("hf", the default: transformers
here; "vllm": vllm_generate.py, same prompts, decoding and files, on a CUDA GPU), choices (null:
free greedy generation; a list of option letters such as ["A", "B", "C", "D"]: constrained choice
decoding, one forward pass per prompt and the best option as the output; see choice_decoding.py).

prompt_format says how a request becomes prompt tokens:
  {"kind": "llamafactory", "template": "smollm2", "system": ""}
      LLaMA-Factory's own template code renders the prompt, exactly as its training data pipeline
      does (Template.encode_oneturn), with `system` as the template's default_system. For the
      embedded SmolLM2 model ftdojo trains with template smollm2 and default_system "", and then
      LLaMA-Factory writes NO system block at all (`system or default_system` is empty):
          <|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n
      The tokenizer's own chat template cannot produce that: without a system message it injects
      "You are a helpful AI assistant named SmolLM...", and with an empty one it writes an empty
      "<|im_start|>system\n<|im_end|>\n" block. Either would evaluate a prompt training never saw.
  {"kind": "chat-template", "system": null | "..."}
      The tokenizer's chat template (apply_chat_template with add_generation_prompt); a non-null
      system adds a system message, null leaves the template's own default.

Outputs are appended to OUTPUTS.jsonl after every batch, one {"id", "output", "prompt_tokens",
"output_tokens", "finish_reason": "stop" | "length"} per request, so a crash keeps what was
finished; a rerun with the same output file skips ids already there. `output_tokens` counts the
generated tokens including the stop token (with choices: 1, the option read, finish "stop"). stdout carries only JSON lines: {"event": "loaded"},
{"event": "progress", "done", "total", "tokens_per_s", "samples_per_s"} after each batch, and a
final {"event": "done", ...} with the engine, versions, template and weight hashes.

--one-at-a-time generates each request alone, in file order (batch size 1, no sorting): the
reference that batched, left-padded generation is compared against.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import sys
import time
from typing import Any, Callable, Iterable

from .choice_decoding import choice_token_ids, describe_choices, pick_choices
from .prompt_renderer import PromptRenderer
from .weight_hashes import adapter_sha256, model_sha256

__all__ = ["PromptRenderer", "load", "run_generation", "read_requests", "emit", "generate_file", "main"]


def emit(event: dict[str, Any]) -> None:
    """One JSON line on stdout: the only thing this script prints there."""
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------- requests and resumable output


def read_requests(path: str) -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            request_id = str(row["id"])
            if request_id in seen:
                raise ValueError(f"{path}:{number}: request id {request_id!r} occurs twice")
            seen.add(request_id)
            if "messages" in row:
                messages = [{"role": str(m["role"]), "content": str(m["content"])} for m in row["messages"]]
            else:
                messages = [{"role": "user", "content": str(row["prompt"])}]
            requests.append({"id": request_id, "messages": messages})
    return requests


def finished_ids(path: str) -> set[str]:
    """Ids already written by an earlier run. A torn last line (a crash mid-write) is cut off."""
    if not os.path.exists(path):
        return set()
    done: set[str] = set()
    good_bytes = 0
    with open(path, "rb") as handle:
        data = handle.read()
    for raw in data.splitlines(keepends=True):
        if not raw.endswith(b"\n"):
            break
        try:
            done.add(str(json.loads(raw)["id"]))
        except (ValueError, KeyError):
            break
        good_bytes += len(raw)
    if good_bytes != len(data):
        with open(path, "r+b") as handle:
            handle.truncate(good_bytes)
    return done


def append_outputs(path: str, rows: Iterable[dict[str, Any]]) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


# ---------------------------------------------------------------- model


def configure_torch(threads: int | None, seed: int) -> Any:
    import torch

    if threads:
        torch.set_num_threads(int(threads))
    torch.manual_seed(int(seed))
    return torch


def pick_device(torch: Any, device: str) -> str:
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def load_tokenizer(model_path: str, revision: str | None, adapter_path: str | None) -> Any:
    from transformers import AutoTokenizer

    # LLaMA-Factory saves the tokenizer beside the adapter; it wins when training added tokens.
    if adapter_path and os.path.exists(os.path.join(adapter_path, "tokenizer_config.json")):
        tokenizer = AutoTokenizer.from_pretrained(adapter_path)
    else:
        tokenizer = AutoTokenizer.from_pretrained(model_path, revision=revision)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(torch: Any, model_path: str, revision: str | None, adapter_path: str | None, dtype: str, device: str) -> Any:
    from transformers import AutoModelForCausalLM

    target = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[dtype]
    # An adapter is merged in fp32 and the result cast once, so bf16 rounds the merged weights
    # once instead of rounding the base and the LoRA product apart.
    model = AutoModelForCausalLM.from_pretrained(model_path, revision=revision, dtype=torch.float32 if adapter_path else target)
    if adapter_path:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter_path).merge_and_unload()
        model = model.to(target)
    return model.to(device).eval()


def stop_ids(model: Any, tokenizer: Any) -> list[int]:
    ids: set[int] = set()
    configured = getattr(model.generation_config, "eos_token_id", None)
    for value in configured if isinstance(configured, list) else [configured]:
        if value is not None:
            ids.add(int(value))
    if tokenizer.eos_token_id is not None:
        ids.add(int(tokenizer.eos_token_id))
    return sorted(ids)


# ---------------------------------------------------------------- generation


def generate_batch(torch: Any, model: Any, prompts: list[list[int]], max_new_tokens: int, eos: list[int], pad_id: int, device: str) -> list[tuple[list[int], str]]:
    """Greedy generation for left-padded prompts; per prompt the new tokens (stop token cut) and why it ended."""
    from transformers import GenerationConfig

    width = max(len(ids) for ids in prompts)
    input_ids = torch.tensor([[pad_id] * (width - len(ids)) + ids for ids in prompts], device=device)
    attention_mask = torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in prompts], device=device)
    config = GenerationConfig(do_sample=False, num_beams=1, max_new_tokens=max_new_tokens, eos_token_id=eos, pad_token_id=pad_id, repetition_penalty=1.0)
    with torch.inference_mode():
        # use_model_defaults=False: otherwise transformers (>= 4.50) copies every non-default value of
        # the model's generation_config.json over ours, and Qwen2.5's (do_sample, temperature 0.7,
        # top_p, repetition_penalty 1.05) would turn "greedy" into sampling.
        sequences = model.generate(input_ids=input_ids, attention_mask=attention_mask, generation_config=config, use_model_defaults=False)
    results: list[tuple[list[int], str]] = []
    for row in sequences[:, width:].tolist():
        stop_at = next((index for index, token in enumerate(row) if token in eos), None)
        results.append((row[:stop_at], "stop") if stop_at is not None else (row[:max_new_tokens], "length"))
    return results


CPU_PADDING_TOLERANCE = 0.2


def plan_batches(requests: list[dict[str, Any]], lengths: dict[str, int], batch_size: int, sort: bool, padding_tolerance: float | None = None) -> list[list[dict[str, Any]]]:
    """Longest prompts first (less padding per batch; a memory failure shows in the first batch).

    With a padding tolerance, a batch also closes before a prompt shorter than its longest by more
    than that fraction. On a CPU the prefill dominates short-answer evaluation and padding costs as
    much as real tokens: measured on 16 TableBench prompts (421-1521 tokens), one batch of 16
    computed 24,336 prompt tokens for 12,378 real ones and ran at half the one-at-a-time speed.
    """
    ordered = sorted(requests, key=lambda request: -lengths[request["id"]]) if sort else list(requests)
    batches: list[list[dict[str, Any]]] = []
    for request in ordered:
        current = batches[-1] if batches else None
        fits = current is not None and len(current) < batch_size
        if fits and padding_tolerance is not None:
            width = max(lengths[member["id"]] for member in current)  # type: ignore[union-attr]
            fits = min(lengths[request["id"]], width) >= (1 - padding_tolerance) * max(lengths[request["id"]], width)
        if fits:
            current.append(request)  # type: ignore[union-attr]
        else:
            batches.append([request])
    return batches


def padding_tolerance(settings: dict[str, Any]) -> float | None:
    """The setting, or by device: 0.2 on a CPU (padding is paid in full), none on a GPU."""
    if settings.get("padding_tolerance") is not None:
        return float(settings["padding_tolerance"])
    return CPU_PADDING_TOLERANCE if settings.get("device") == "cpu" else None


def run_generation(
    torch: Any,
    model: Any,
    tokenizer: Any,
    renderer: PromptRenderer,
    requests: list[dict[str, Any]],
    settings: dict[str, Any],
    on_batch: Callable[[list[dict[str, Any]], dict[str, Any]], None],
    already_done: int = 0,
    keep_tokens: bool = False,
) -> dict[str, Any]:
    """Generates every request and hands each finished batch to on_batch (keep_tokens adds the token ids)."""
    device = settings["device"]
    max_new_tokens = int(settings["max_new_tokens"])
    one_at_a_time = bool(settings.get("one_at_a_time"))
    batch_size = 1 if one_at_a_time else max(1, int(settings["batch_size"]))
    eos = stop_ids(model, tokenizer)
    pad_id = int(tokenizer.pad_token_id)
    choices = choice_token_ids(tokenizer, list(settings["choices"])) if settings.get("choices") else None
    prompt_ids = {request["id"]: renderer.ids(request["messages"]) for request in requests}
    lengths = {key: len(value) for key, value in prompt_ids.items()}
    total = already_done + len(requests)
    done, generated, padded, batches, started = already_done, 0, 0, 0, time.perf_counter()
    for batch in plan_batches(requests, lengths, batch_size, sort=not one_at_a_time, padding_tolerance=padding_tolerance(settings)):
        padded += max(lengths[request["id"]] for request in batch) * len(batch)
        batches += 1
        prompts = [prompt_ids[request["id"]] for request in batch]
        if choices is None:
            generated_batch = generate_batch(torch, model, prompts, max_new_tokens, eos, pad_id, device)
            # output_tokens counts the stop token too.
            results = [(tokens, finish, tokenizer.decode(tokens, skip_special_tokens=True), len(tokens) + (1 if finish == "stop" else 0)) for tokens, finish in generated_batch]
        else:
            # The option itself is the output (not the token's spelling, " A"): one token read, complete by construction.
            results = [([token], "stop", choice, 1) for choice, token in pick_choices(torch, model, prompts, choices, pad_id, device)]
        rows = []
        for request, (tokens, finish, text, output_tokens) in zip(batch, results):
            generated += output_tokens
            rows.append(
                {
                    "id": request["id"],
                    "output": text,
                    "prompt_tokens": lengths[request["id"]],
                    "output_tokens": output_tokens,
                    "finish_reason": finish,
                    **({"tokens": tokens} if keep_tokens else {}),
                }
            )
        done += len(batch)
        elapsed = max(time.perf_counter() - started, 1e-9)
        on_batch(rows, {"event": "progress", "done": done, "total": total, "tokens_per_s": generated / elapsed, "samples_per_s": (done - already_done) / elapsed})
    elapsed = time.perf_counter() - started
    # padded_prompt_tokens: what the prefill computed, padding included (a cost of batching).
    return {
        "seconds": elapsed,
        "generated_tokens": generated,
        "samples": len(requests),
        "batch_size": batch_size,
        "prompt_tokens": sum(lengths.values()),
        "padded_prompt_tokens": padded,
        "batches": batches,
        "decoding": describe_choices(choices),
    }


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("torch", "transformers", "peft", "llamafactory", "accelerate"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pass
    return found


def load(settings: dict[str, Any], cache: Any = None) -> tuple[Any, Any, Any, PromptRenderer, dict[str, Any]]:
    """torch, model, tokenizer and renderer from settings, plus what the fingerprint records of them.

    `cache` (a model_cache.ModelCache, in the warm worker) hands back a tokenizer and base model it
    loaded for an earlier request instead of loading them again; without one everything is loaded.
    """
    torch = configure_torch(settings.get("threads"), settings.get("seed", 0))
    settings["device"] = pick_device(torch, settings.get("device", "cpu"))
    started = time.perf_counter()
    revision = settings.get("model_revision")
    adapter, dtype = settings.get("adapter_path"), settings.get("dtype", "fp32")
    tokenizer = cache.tokenizer(settings["model_path"], revision, adapter) if cache else load_tokenizer(settings["model_path"], revision, adapter)
    renderer = PromptRenderer(tokenizer, settings.get("prompt_format") or {"kind": "chat-template", "system": None})
    model = cache.model(torch, settings["model_path"], revision, adapter, dtype, settings["device"]) if cache else load_model(torch, settings["model_path"], revision, adapter, dtype, settings["device"])
    template = renderer.describe()
    facts = {
        "engine": "transformers",
        "backend": "hf",
        "versions": versions(),
        "device": settings["device"],
        "dtype": dtype,
        "threads": torch.get_num_threads(),
        "chat_template": template,
        "chat_template_sha256": template["sha256"],
        "stop_token_ids": stop_ids(model, tokenizer),
        "model_sha256": model_sha256(settings["model_path"], revision, settings.get("hash_cache")),
        "adapter_sha256": adapter_sha256(adapter, settings.get("hash_cache")),
        "load_s": time.perf_counter() - started,
    }
    return torch, model, tokenizer, renderer, facts


def generate_file(requests_path: str, output_path: str, settings: dict[str, Any], emit: Callable[[dict[str, Any]], None], cache: Any = None) -> dict[str, Any]:
    """Generates every request of REQUESTS.jsonl not yet in OUTPUTS.jsonl, emitting the events above.

    What the command line runs, and what the warm worker (worker.py) runs for a generate request,
    with its model cache and an emit that tags each event with the request's id. Returns the
    final "done" event (emitted too).
    """
    settings = dict(settings)
    settings["one_at_a_time"] = bool(settings.get("one_at_a_time"))
    requests = read_requests(requests_path)
    done_ids = finished_ids(output_path)
    pending = [request for request in requests if request["id"] not in done_ids]
    resumed = len(requests) - len(pending)
    backend = settings.get("backend") or "hf"

    def on_batch(rows: list[dict[str, Any]], progress: dict[str, Any]) -> None:
        append_outputs(output_path, rows)
        emit(progress)

    if backend == "vllm":
        from . import vllm_generate

        torch, engine, tokenizer, renderer, facts, cleanup = vllm_generate.load(settings, os.path.dirname(os.path.abspath(output_path)))
        emit({"event": "loaded", "load_s": facts["load_s"], "total": len(requests), "resumed": resumed})
        try:
            stats = vllm_generate.run_generation(engine, tokenizer, renderer, pending, settings, facts["stop_token_ids"], on_batch, already_done=resumed)
        finally:
            cleanup()
    elif backend == "hf":
        torch, model, tokenizer, renderer, facts = load(settings, cache)
        emit({"event": "loaded", "load_s": facts["load_s"], "total": len(requests), "resumed": resumed})
        stats = run_generation(torch, model, tokenizer, renderer, pending, settings, on_batch, already_done=resumed)
    else:
        raise ValueError(f"unknown backend {backend!r}: hf or vllm")
    done = {
        "event": "done",
        **facts,
        "batch_size": stats["batch_size"],
        "batches": stats["batches"],
        "padding_tolerance": None if settings["one_at_a_time"] else padding_tolerance(settings),
        "one_at_a_time": settings["one_at_a_time"],
        "max_new_tokens": int(settings["max_new_tokens"]),
        "decoding": stats["decoding"],
        "seed": int(settings.get("seed", 0)),
        "samples": stats["samples"],
        "resumed": resumed,
        "generated_tokens": stats["generated_tokens"],
        "prompt_tokens": stats["prompt_tokens"],
        "seconds": stats["seconds"],
        "tokens_per_s": stats["generated_tokens"] / stats["seconds"] if stats["seconds"] > 0 else None,
        "samples_per_s": stats["samples"] / stats["seconds"] if stats["seconds"] > 0 else None,
    }
    emit(done)
    return done


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--settings", required=True, help="JSON object (see the module docstring)")
    parser.add_argument("--one-at-a-time", action="store_true")
    args = parser.parse_args(argv)
    settings = json.loads(args.settings)
    settings["one_at_a_time"] = bool(args.one_at_a_time or settings.get("one_at_a_time"))
    generate_file(args.requests, args.output, settings, emit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
