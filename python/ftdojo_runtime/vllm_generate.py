"""generate.py's vLLM engine: the same requests, prompts, greedy decoding and output files, faster on a GPU.

generate.py calls `load` and `run_generation` from here when its settings say "backend": "vllm"
(ftdojo chooses it when vLLM imports and a CUDA GPU is visible; src/runtime/inference/
evaluation-backend.ts). What stays the same as the transformers engine, so the two evaluate the
same thing:
  - prompts: the same PromptRenderer turns messages into token ids, which vLLM receives as
    prompt_token_ids (vLLM never applies a template of its own);
  - decoding: greedy (temperature 0), stopping at the same stop ids (generation_config's eos and
    the tokenizer's), at most max_new_tokens; the text is decoded by the same tokenizer;
  - an adapter is merged into the base in fp32 with peft and cast once, as the transformers engine
    does, into a folder beside the outputs that is removed afterwards (vLLM's own LoRA path limits
    ranks and target modules, and would compute with unmerged weights);
  - outputs are appended after every chunk of requests, so a rerun resumes;
  - constrained choice decoding (settings "choices"): the same option tokens
    (choice_decoding.choice_token_ids), one greedy token restricted to them with vLLM's
    allowed_token_ids, the option as the output.
What differs: vLLM's kernels and continuous batching (results may differ by float rounding, which
the fingerprint's engine and backend fields record), and "batch_size" means requests per chunk.

Not run on ftdojo's own machines (no GPU there): written against vLLM's documented offline API
(LLM, SamplingParams, prompt_token_ids prompts).
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from typing import Any, Callable

from .choice_decoding import choice_token_ids, describe_choices
from .prompt_renderer import PromptRenderer
from .weight_hashes import adapter_sha256, model_sha256

VLLM_DTYPES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16"}


def merged_model(torch: Any, model_path: str, revision: str | None, adapter_path: str, dtype: str, folder: str) -> str:
    """The base with the adapter merged in fp32, cast once and saved (with the tokenizer) into folder."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    target = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[dtype]
    model = AutoModelForCausalLM.from_pretrained(model_path, revision=revision, dtype=torch.float32)
    model = PeftModel.from_pretrained(model, adapter_path).merge_and_unload().to(target)
    shutil.rmtree(folder, ignore_errors=True)
    model.save_pretrained(folder, safe_serialization=True)
    del model
    gc.collect()
    return folder


def load(settings: dict[str, Any], work_dir: str) -> tuple[Any, Any, Any, PromptRenderer, dict[str, Any], Callable[[], None]]:
    """torch, the vLLM engine, tokenizer and renderer, what the fingerprint records, and a cleanup."""
    from vllm import LLM

    from . import generate

    torch = generate.configure_torch(settings.get("threads"), settings.get("seed", 0))
    settings["device"] = "cuda"
    started = time.perf_counter()
    revision = settings.get("model_revision")
    adapter = settings.get("adapter_path")
    tokenizer = generate.load_tokenizer(settings["model_path"], revision, adapter)
    renderer = PromptRenderer(tokenizer, settings.get("prompt_format") or {"kind": "chat-template", "system": None})
    dtype = settings.get("dtype", "fp32")
    merged_folder = os.path.join(work_dir, "merged-model")
    weights = merged_model(torch, settings["model_path"], revision, adapter, dtype, merged_folder) if adapter else settings["model_path"]
    engine = LLM(
        model=weights,
        tokenizer=adapter if adapter and os.path.exists(os.path.join(adapter, "tokenizer_config.json")) else settings["model_path"],
        revision=None if adapter else revision,
        dtype=VLLM_DTYPES[dtype],
        seed=int(settings.get("seed", 0)),
        gpu_memory_utilization=float(settings.get("gpu_memory_utilization") or 0.85),
    )
    stop = generate.stop_ids(_GenerationConfigView(weights, None if adapter else revision), tokenizer)
    template = renderer.describe()
    facts = {
        "engine": "vllm",
        "backend": "vllm",
        "versions": {**generate.versions(), **_vllm_version()},
        "device": "cuda",
        "dtype": dtype,
        "threads": torch.get_num_threads(),
        "chat_template": template,
        "chat_template_sha256": template["sha256"],
        "stop_token_ids": stop,
        "model_sha256": model_sha256(settings["model_path"], revision, settings.get("hash_cache")),
        "adapter_sha256": adapter_sha256(adapter, settings.get("hash_cache")),
        "load_s": time.perf_counter() - started,
    }

    def cleanup() -> None:
        shutil.rmtree(merged_folder, ignore_errors=True)

    return torch, engine, tokenizer, renderer, facts, cleanup


class _GenerationConfigView:
    """What generate.stop_ids reads of a model (its generation_config), without loading the weights."""

    def __init__(self, folder: str, revision: str | None):
        from transformers import GenerationConfig

        try:
            self.generation_config = GenerationConfig.from_pretrained(folder, revision=revision)
        except (OSError, ValueError):  # no generation_config.json: no configured eos, the tokenizer's stands
            self.generation_config = GenerationConfig()


def _vllm_version() -> dict[str, str]:
    import importlib.metadata

    try:
        return {"vllm": importlib.metadata.version("vllm")}
    except importlib.metadata.PackageNotFoundError:
        return {}


def run_generation(
    engine: Any,
    tokenizer: Any,
    renderer: PromptRenderer,
    requests: list[dict[str, Any]],
    settings: dict[str, Any],
    stop: list[int],
    on_batch: Callable[[list[dict[str, Any]], dict[str, Any]], None],
    already_done: int = 0,
) -> dict[str, Any]:
    """Greedy generation of every request in chunks (vLLM batches within a chunk on its own)."""
    from vllm import SamplingParams

    max_new_tokens = int(settings["max_new_tokens"])
    chunk = max(64, int(settings.get("batch_size") or 1))
    choices = choice_token_ids(tokenizer, list(settings["choices"])) if settings.get("choices") else None
    if choices is None:
        params = SamplingParams(temperature=0.0, max_tokens=max_new_tokens, stop_token_ids=stop, seed=int(settings.get("seed", 0)), skip_special_tokens=True)
    else:
        # Greedy over the option tokens only: one token, the argmax of their logits (as the transformers engine picks).
        option_of = {token: choice for choice, tokens in choices.items() for token in tokens}
        params = SamplingParams(temperature=0.0, max_tokens=1, allowed_token_ids=sorted(option_of), seed=int(settings.get("seed", 0)))
    prompt_ids = {request["id"]: renderer.ids(request["messages"]) for request in requests}
    total = already_done + len(requests)
    done, generated, batches, started = already_done, 0, 0, time.perf_counter()
    for offset in range(0, len(requests), chunk):
        batch = requests[offset : offset + chunk]
        results = engine.generate([{"prompt_token_ids": prompt_ids[request["id"]]} for request in batch], params, use_tqdm=False)
        rows = []
        for request, result in zip(batch, results):
            tokens = list(result.outputs[0].token_ids)
            if choices is not None:
                generated += 1
                rows.append({"id": request["id"], "output": option_of[tokens[0]], "prompt_tokens": len(prompt_ids[request["id"]]), "output_tokens": 1, "finish_reason": "stop"})
                continue
            stop_at = next((index for index, token in enumerate(tokens) if token in stop), None)
            finish = "stop" if stop_at is not None or result.outputs[0].finish_reason == "stop" else "length"
            kept = tokens[:stop_at] if stop_at is not None else tokens[:max_new_tokens]
            output_tokens = len(kept) + (1 if finish == "stop" else 0)
            generated += output_tokens
            rows.append(
                {
                    "id": request["id"],
                    "output": tokenizer.decode(kept, skip_special_tokens=True),
                    "prompt_tokens": len(prompt_ids[request["id"]]),
                    "output_tokens": output_tokens,
                    "finish_reason": finish,
                }
            )
        batches += 1
        done += len(batch)
        elapsed = max(time.perf_counter() - started, 1e-9)
        on_batch(rows, {"event": "progress", "done": done, "total": total, "tokens_per_s": generated / elapsed, "samples_per_s": (done - already_done) / elapsed})
    elapsed = time.perf_counter() - started
    lengths = [len(ids) for ids in prompt_ids.values()]
    return {
        "seconds": elapsed,
        "generated_tokens": generated,
        "samples": len(requests),
        "batch_size": chunk,
        "prompt_tokens": sum(lengths),
        "padded_prompt_tokens": sum(lengths),
        "batches": batches,
        "decoding": describe_choices(choices),
    }
