"""Is bf16 autocast faster than fp32 for training this model on this CPU? A few timed steps of each.

Usage:
  python -m ftdojo_runtime.cpu_precision_check --model PATH [--settings '{...}']

Settings (all optional): batch_size (2), sequence_length (128), steps (3, timed per precision),
warmup (1 per precision), lora_rank (8), seed (0).

The model is loaded as LLaMA-Factory loads it for training on the CPU (torch_dtype "auto": the
weights' own dtype, sdpa attention), LoRA adapters go on every linear layer but the head (peft,
fp32, as LLaMA-Factory upcasts trainable parameters), and one fixed batch of token ids is trained
on: forward, loss, backward. fp32 runs plainly; bf16 runs the forward pass under
torch.autocast("cpu", dtype=torch.bfloat16), which is what transformers' Trainer does with
`use_cpu: true, bf16: true`. The timed steps alternate (fp32, bf16, fp32, bf16, ...) so that
another process loading the machine slows both alike; each precision's figure is the median of
its steps. No weights change (no optimizer step), so both precisions see the same model.

Prints one line on stdout, `FTDOJO_CPU_PRECISION {...}` (libraries may print their own first):
  schemaVersion   1
  torch           torch's version
  threads         torch.get_num_threads()
  modelDtype      the dtype the weights loaded in
  batchSize, sequenceLength, steps
  loadSeconds     loading the model and attaching the adapters
  variants        {"fp32": {...}, "bf16": {...}}, each {secondsPerStep, stepSeconds, loss,
                  lossFinite, error}: the median and every timed step, the loss of the first step
                  (null when it was NaN or infinite: lossFinite false), and null figures with the
                  error's first line when that precision raised
Exit code 0 whenever the report was printed; 1 when the model could not be loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import statistics
import sys
import time
from typing import Any

MARK = "FTDOJO_CPU_PRECISION "
PRECISIONS = ("fp32", "bf16")


def first_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def load_model(torch: Any, model_path: str, lora_rank: int) -> Any:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(model_path, dtype="auto", attn_implementation="sdpa")
    try:
        from peft import LoraConfig, get_peft_model

        model = get_peft_model(model, LoraConfig(r=lora_rank, lora_alpha=2 * lora_rank, lora_dropout=0.0, target_modules="all-linear"))
        for parameter in model.parameters():
            if parameter.requires_grad:
                parameter.data = parameter.data.to(torch.float32)
    except ImportError:
        # Without peft the frozen model still backpropagates into its activations, as LoRA does.
        model.requires_grad_(False)
        model.enable_input_require_grads()
    model.train()
    return model


def train_step(torch: Any, model: Any, batch: Any, precision: str) -> tuple[float, float]:
    """One forward + backward; returns (seconds, loss)."""
    autocast = torch.autocast("cpu", dtype=torch.bfloat16) if precision == "bf16" else contextlib.nullcontext()
    started = time.perf_counter()
    with autocast:
        loss = model(input_ids=batch, labels=batch).loss
    loss.backward()
    seconds = time.perf_counter() - started
    model.zero_grad(set_to_none=True)
    return seconds, float(loss.detach().float())


def measure(torch: Any, model: Any, batch: Any, steps: int, warmup: int) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {name: {"stepSeconds": [], "loss": None, "error": None} for name in PRECISIONS}
    for precision in PRECISIONS:
        try:
            for _ in range(warmup):
                _, loss = train_step(torch, model, batch, precision)
                results[precision]["loss"] = loss
        except Exception as error:  # noqa: BLE001 - a precision that cannot run is a finding, not a crash
            results[precision]["error"] = first_line(error)
    for _ in range(steps):
        for precision in PRECISIONS:
            if results[precision]["error"] is not None:
                continue
            try:
                seconds, loss = train_step(torch, model, batch, precision)
            except Exception as error:  # noqa: BLE001
                results[precision]["error"] = first_line(error)
                continue
            results[precision]["stepSeconds"].append(seconds)
            if results[precision]["loss"] is None:
                results[precision]["loss"] = loss
    for result in results.values():
        timed = result["stepSeconds"]
        result["secondsPerStep"] = statistics.median(timed) if timed and result["error"] is None else None
        # JSON has no NaN: a non-finite loss is null, with lossFinite false.
        loss = result["loss"]
        result["lossFinite"] = None if loss is None else math.isfinite(loss)
        if loss is not None and not math.isfinite(loss):
            result["loss"] = None
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--settings", default="{}")
    args = parser.parse_args(argv)
    settings = json.loads(args.settings)
    batch_size = int(settings.get("batch_size", 2))
    sequence_length = int(settings.get("sequence_length", 128))
    steps = int(settings.get("steps", 3))
    warmup = int(settings.get("warmup", 1))

    import torch

    torch.manual_seed(int(settings.get("seed", 0)))
    started = time.perf_counter()
    model = load_model(torch, args.model, int(settings.get("lora_rank", 8)))
    load_seconds = time.perf_counter() - started
    vocabulary = int(model.config.vocab_size)
    # Ids above the first hundred: real tokens, not the special ones at the start of most vocabularies.
    generator = torch.Generator().manual_seed(int(settings.get("seed", 0)))
    batch = torch.randint(min(100, vocabulary - 1), vocabulary, (batch_size, sequence_length), generator=generator)
    report = {
        "schemaVersion": 1,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "modelDtype": str(next(model.parameters()).dtype).replace("torch.", ""),
        "batchSize": batch_size,
        "sequenceLength": sequence_length,
        "steps": steps,
        "loadSeconds": load_seconds,
        "variants": measure(torch, model, batch, steps, warmup),
    }
    sys.stdout.write(MARK + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
