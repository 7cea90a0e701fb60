"""sha256 of model and adapter weights for evaluation fingerprints, remembered by path, size and mtime.

A 540 MB model takes seconds to hash; the cache (a JSON file the caller names) makes that once.
Several weight files (shards) hash to sha256 over their "name sha256" lines.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Callable

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf")


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_sha256(path: str, cache_path: str | None) -> str:
    """sha256 of a file, remembered by (real path, size, mtime) so a 500 MB model is hashed once."""
    real = os.path.realpath(path)
    stat = os.stat(real)
    key = f"{real}|{stat.st_size}|{stat.st_mtime_ns}"
    cache: dict[str, str] = {}
    if cache_path and os.path.exists(cache_path):
        try:
            with open(cache_path, encoding="utf-8") as handle:
                cache = json.load(handle)
        except ValueError:
            cache = {}
    if key in cache:
        return cache[key]
    value = sha256_file(real)
    if cache_path:
        cache[key] = value
        os.makedirs(os.path.dirname(os.path.abspath(cache_path)), exist_ok=True)
        temporary = f"{cache_path}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(cache, handle, indent=1, sort_keys=True)
        os.replace(temporary, cache_path)
    return value


def adapter_config_sha256(path: str) -> str:
    """sha256 of an adapter_config.json as what it means, not how it was written: keys sorted, the
    target module list sorted (PEFT writes a Python set in whatever order the process's string
    hashing gives, so one training run twice would differ), and the base model's path left out (it
    names a folder on one machine; the fingerprint hashes the base weights themselves)."""
    with open(path, encoding="utf-8") as handle:
        config = json.load(handle)
    config.pop("base_model_name_or_path", None)
    for key in ("target_modules", "modules_to_save"):
        if isinstance(config.get(key), list):
            config[key] = sorted(config[key])
    return hashlib.sha256(json.dumps(config, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def folder_sha256(folder: str, names: Callable[[str], bool], cache_path: str | None) -> str | None:
    """One file: its sha256. Several (sharded weights): sha256 over "name sha256" lines, sorted."""
    files = sorted(name for name in os.listdir(folder) if names(name) and os.path.isfile(os.path.join(folder, name)))
    if not files:
        return None
    hashes = [
        (name, adapter_config_sha256(os.path.join(folder, name)) if name == "adapter_config.json" else cached_sha256(os.path.join(folder, name), cache_path))
        for name in files
    ]
    if len(hashes) == 1:
        return hashes[0][1]
    return hashlib.sha256("".join(f"{name} {value}\n" for name, value in hashes).encode()).hexdigest()


def model_folder(model_path: str, revision: str | None) -> str | None:
    """The folder the weights were loaded from: the path itself, or a hub id's cached snapshot."""
    if os.path.isdir(model_path):
        return model_path
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(model_path, revision=revision, local_files_only=True)
    except Exception:  # noqa: BLE001 - no snapshot folder: the fingerprint keeps the id and revision
        return None


def model_sha256(model_path: str, revision: str | None, cache_path: str | None) -> str | None:
    folder = model_folder(model_path, revision)
    if folder is None:
        return None
    return folder_sha256(folder, lambda name: name.endswith(WEIGHT_SUFFIXES) and not name.startswith("training_args"), cache_path)


def adapter_sha256(adapter_path: str | None, cache_path: str | None) -> str | None:
    if not adapter_path:
        return None
    # The config counts too: the same weights with another rank/alpha/target list are another adapter.
    return folder_sha256(adapter_path, lambda name: name.startswith("adapter_") and (name.endswith(WEIGHT_SUFFIXES) or name == "adapter_config.json"), cache_path)
