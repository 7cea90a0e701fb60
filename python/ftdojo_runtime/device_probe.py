"""What this machine's runtime Python can train and evaluate on: GPUs, CUDA, and the optional packages.

Usage:
  python -m ftdojo_runtime.device_probe

Prints one line on stdout, `FTDOJO_DEVICE_PROBE {...}` (libraries imported here may print their
own lines first; the marker finds ours). The JSON holds:
  schemaVersion    1
  python           the interpreter's version
  torch            torch's version, or null when torch does not import (torchError says why)
  cudaBuild        the CUDA version torch was built with (torch.version.cuda), null for a CPU build
  cudaAvailable    torch.cuda.is_available()
  cudaError        why CUDA is unusable when torch is a CUDA build but no device answers, else null
  visibleDevices   CUDA_VISIBLE_DEVICES as this process saw it (null: unset)
  gpus             one {index, name, totalBytes, freeBytes, capability, bf16, multiprocessors} per
                   visible device: total from get_device_properties, free from mem_get_info (what
                   other processes leave), bf16 for compute capability 8.0 or newer (Ampere on),
                   which is what transformers checks before it accepts `bf16: true`
  packages         for flash_attn, vllm, bitsandbytes and deepspeed: {installed, version,
                   importable, error}. Each is imported for real: a wheel built for another torch
                   or CUDA installs fine and fails at import (flash-attn's undefined symbols).

Nothing is allocated on a GPU beyond the context mem_get_info needs. The probe takes a few
seconds (torch's import dominates); ftdojo runs it once and caches the result.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import platform
import sys
from typing import Any

MARK = "FTDOJO_DEVICE_PROBE "

# The distribution name (for its version) and the module imported to prove it works.
OPTIONAL_PACKAGES = {
    "flash_attn": ("flash-attn", "flash_attn"),
    "vllm": ("vllm", "vllm"),
    "bitsandbytes": ("bitsandbytes", "bitsandbytes"),
    "deepspeed": ("deepspeed", "deepspeed"),
}


def first_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def package_facts(distribution: str, module: str) -> dict[str, Any]:
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return {"installed": False, "version": None, "importable": False, "error": None}
    try:
        importlib.import_module(module)
    except BaseException as error:  # noqa: BLE001 - a broken wheel can raise anything, SystemExit included
        return {"installed": True, "version": version, "importable": False, "error": first_line(error)}
    return {"installed": True, "version": version, "importable": True, "error": None}


def gpu_facts(torch: Any) -> tuple[list[dict[str, Any]], str | None]:
    if not torch.cuda.is_available():
        if torch.version.cuda is None:
            return [], None
        visible = os.environ.get("CUDA_VISIBLE_DEVICES")
        if visible is not None and visible.strip() == "":
            return [], "CUDA_VISIBLE_DEVICES is empty: GPUs are hidden from this process"
        try:
            torch.cuda.init()
        except BaseException as error:  # noqa: BLE001 - the driver's message is the fact we want
            return [], first_line(error)
        return [], "torch sees no CUDA device"
    gpus = []
    for index in range(torch.cuda.device_count()):
        properties = torch.cuda.get_device_properties(index)
        free, total = torch.cuda.mem_get_info(index)
        major, minor = properties.major, properties.minor
        gpus.append(
            {
                "index": index,
                "name": properties.name,
                "totalBytes": int(properties.total_memory),
                "freeBytes": int(min(free, total)),
                "capability": f"{major}.{minor}",
                "bf16": major >= 8,
                "multiprocessors": int(properties.multi_processor_count),
            }
        )
    return gpus, None


def probe() -> dict[str, Any]:
    report: dict[str, Any] = {
        "schemaVersion": 1,
        "python": platform.python_version(),
        "torch": None,
        "torchError": None,
        "cudaBuild": None,
        "cudaAvailable": False,
        "cudaError": None,
        "visibleDevices": os.environ.get("CUDA_VISIBLE_DEVICES"),
        "gpus": [],
        "packages": {},
    }
    try:
        import torch
    except BaseException as error:  # noqa: BLE001
        report["torchError"] = first_line(error)
        torch = None
    if torch is not None:
        report["torch"] = torch.__version__
        report["cudaBuild"] = torch.version.cuda
        gpus, cuda_error = gpu_facts(torch)
        report["gpus"] = gpus
        report["cudaAvailable"] = bool(gpus)
        report["cudaError"] = cuda_error
    for name, (distribution, module) in OPTIONAL_PACKAGES.items():
        report["packages"][name] = package_facts(distribution, module)
    return report


def main() -> int:
    report = probe()
    sys.stdout.write(MARK + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
