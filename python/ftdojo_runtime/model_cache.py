"""What the warm worker (worker.py) keeps between generation requests: tokenizers and one base model.

A base model is kept by (folder, revision, dtype, device) and handed back as it is: generation
runs under torch.inference_mode and never changes its weights, so a second evaluation of the base
model computes exactly what a fresh load would. A request with an adapter loads its base afresh,
merges the adapter in fp32 and casts, exactly as generate.load_model does in a cold process:
merging into the kept model would change it for the next request, and unmerging (W + BA - BA)
does not give W back bit for bit. A copy of the kept model was measured slower than the fresh
load it would replace (SmolLM2-135M on a CPU: deepcopy 0.45 s, from_pretrained from the page
cache 0.15 s, the merge 0.8 s either way).

A key also holds the size and mtime of the folder's files, so a folder written again (a model
converted again) is loaded again instead of served from memory.
"""

from __future__ import annotations

import os
from typing import Any

from .generate import load_model, load_tokenizer


def folder_signature(path: str) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime) of the files directly in a folder; empty for a hub id or a missing folder."""
    if not os.path.isdir(path):
        return ()
    entries = []
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        if os.path.isfile(full):
            stat = os.stat(full)
            entries.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class ModelCache:
    """Tokenizers by base folder and revision, and at most `max_models` base models (oldest dropped first)."""

    def __init__(self, max_models: int = 1):
        self.max_models = max_models
        self.tokenizers: dict[tuple[Any, ...], Any] = {}
        self.models: dict[tuple[Any, ...], Any] = {}
        self.hits = 0

    def tokenizer(self, model_path: str, revision: str | None, adapter_path: str | None) -> Any:
        # A tokenizer saved beside the adapter wins (generate.load_tokenizer); those are per training, not kept.
        if adapter_path and os.path.exists(os.path.join(adapter_path, "tokenizer_config.json")):
            return load_tokenizer(model_path, revision, adapter_path)
        key = (model_path, revision, folder_signature(model_path))
        if key in self.tokenizers:
            self.hits += 1
            return self.tokenizers[key]
        tokenizer = load_tokenizer(model_path, revision, None)
        self.tokenizers = {key: tokenizer}
        return tokenizer

    def model(self, torch: Any, model_path: str, revision: str | None, adapter_path: str | None, dtype: str, device: str) -> Any:
        if adapter_path:
            return load_model(torch, model_path, revision, adapter_path, dtype, device)
        key = (model_path, revision, dtype, device, folder_signature(model_path))
        if key in self.models:
            self.hits += 1
            return self.models[key]
        while self.models and len(self.models) >= self.max_models:
            self.models.pop(next(iter(self.models)))
        model = load_model(torch, model_path, revision, None, dtype, device)
        self.models[key] = model
        return model

    def clear(self) -> None:
        self.tokenizers.clear()
        self.models.clear()
