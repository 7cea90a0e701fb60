"""What generate.py would record of its engine, without loading the weights or generating.

Usage:
  python -m ftdojo_runtime.describe_engine --settings '{...}'

The settings are generate.py's. Prints one JSON line, {"event": "described", ...}, with the fields
generate.py's "done" line carries about the engine (engine, backend, versions, device, dtype,
threads, chat_template, stop_token_ids, model_sha256, adapter_sha256, load_s) and batch_size.

ftdojo asks this before reusing a kept evaluation (a base model's validation scores): the kept
fingerprint must match, field by field, the one this engine would write now, and these are the
facts only Python can tell (the weights' sha256, the rendered prompt template, package versions).
It costs the tokenizer and, for a LLaMA-Factory template, LLaMA-Factory's import: seconds, where
loading a model and generating costs minutes. Weight hashes come from the same cache generate.py
keeps, so an unchanged model is not hashed again.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from . import generate
from .prompt_renderer import PromptRenderer
from .vllm_generate import _GenerationConfigView, _vllm_version
from .weight_hashes import adapter_sha256, model_sha256


def describe(settings: dict[str, Any]) -> dict[str, Any]:
    """The engine facts of a generate.py run with these settings (see generate.load and vllm_generate.load)."""
    started = time.perf_counter()
    torch = generate.configure_torch(settings.get("threads"), settings.get("seed", 0))
    vllm = (settings.get("backend") or "hf") == "vllm"
    revision = settings.get("model_revision")
    adapter = settings.get("adapter_path")
    tokenizer = generate.load_tokenizer(settings["model_path"], revision, adapter)
    renderer = PromptRenderer(tokenizer, settings.get("prompt_format") or {"kind": "chat-template", "system": None})
    template = renderer.describe()
    one_at_a_time = bool(settings.get("one_at_a_time"))
    batch_size = 1 if one_at_a_time else max(1, int(settings.get("batch_size") or 1))
    return {
        "event": "described",
        "engine": "vllm" if vllm else "transformers",
        "backend": "vllm" if vllm else "hf",
        "versions": {**generate.versions(), **_vllm_version()} if vllm else generate.versions(),
        "device": "cuda" if vllm else generate.pick_device(torch, settings.get("device", "cpu")),
        "dtype": settings.get("dtype", "fp32"),
        "threads": torch.get_num_threads(),
        "chat_template": template,
        "chat_template_sha256": template["sha256"],
        "stop_token_ids": generate.stop_ids(_GenerationConfigView(settings["model_path"], revision), tokenizer),
        "model_sha256": model_sha256(settings["model_path"], revision, settings.get("hash_cache")),
        "adapter_sha256": adapter_sha256(adapter, settings.get("hash_cache")),
        # vLLM's chunk is at least 64 requests (vllm_generate.run_generation).
        "batch_size": max(64, batch_size) if vllm else batch_size,
        "load_s": time.perf_counter() - started,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", required=True, help="generate.py's settings, as JSON")
    args = parser.parse_args(argv)
    generate.emit(describe(json.loads(args.settings)))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
