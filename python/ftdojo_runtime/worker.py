"""The run's warm runtime worker: one Python process that serves training and generation requests.

Usage:
  python -m ftdojo_runtime.worker

Each cold stage of an experiment (the micro run, the training, each evaluation) pays for a fresh
interpreter importing torch, transformers and LLaMA-Factory (about 6 s on a quiet 2-core machine,
12 s on a loaded one) before it does anything. The worker pays once per run: requests are served
one at a time in this process, training through LLaMA-Factory's Python API (run_exp, what
`llamafactory-cli train` calls after reading the YAML) and generation through generate.py's
generate_file with a model cache (model_cache.py). The worker never imports torch itself: the
first request does, inside its own log, so a broken environment shows in train.log as it would
in a cold run. worker_isolation.py says what keeps one request from leaking into the next.

Protocol, version 1: JSON lines. stdin, one request a line:
  {"protocol": 1, "id": "r1", "kind": "train", "config_path": "/run/train.yaml", "run_dir": "/run", "log_path": "/run/train.log"}
  {"protocol": 1, "id": "r2", "kind": "generate", "requests_path", "output_path", "settings": {...}, "log_path"}
  {"protocol": 1, "id": "r3", "kind": "ping"}
stdout, on a descriptor of its own (fd 1 points at stderr, or at the request's log while one runs):
  {"protocol": 1, "event": "ready", "pid": 123}                       once, at start
  {"protocol": 1, "id": "r2", "event": "loaded" | "progress" | "done", ...}   generate.py's events
  {"protocol": 1, "id": "r1", "event": "result", "ok": true, "seconds", "rss_bytes", "cuda_bytes", "value": {...}}
  {"protocol": 1, "id": "r1", "event": "result", "ok": false, "error": {"type", "message", "exit_code"}, ...}
A request that raises is a result with ok false (its traceback is in its log, as a cold process
would have printed it; exit_code is what that process would have exited with). The worker exits
at the end of stdin. Ending it in the middle of a request (a deadline, an abort) is done by
killing its process group: the caller then starts a fresh worker for the next request.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable, TextIO

from .model_cache import ModelCache
from .worker_isolation import ProcessState, output_to, release_memory, reset_accelerate

PROTOCOL_VERSION = 1

Emit = Callable[[dict[str, Any]], None]


class Channel:
    """The protocol's descriptor: a private copy of the original stdout."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def send(self, message: dict[str, Any]) -> None:
        self.stream.write(json.dumps({"protocol": PROTOCOL_VERSION, **message}, ensure_ascii=False) + "\n")
        self.stream.flush()


def train(request: dict[str, Any], emit: Emit, cache: ModelCache) -> dict[str, Any]:
    """What `llamafactory-cli train CONFIG` does on one process, from the run folder."""
    # First, as a cold trainer starts there: relative paths resolve alike, and the process shows
    # as the run's trainer (its working folder) while it imports.
    os.chdir(request["run_dir"])
    from omegaconf import OmegaConf

    from llamafactory.train.tuner import run_exp

    # As LLaMA-Factory's read_args loads a YAML given on the command line (no overrides).
    args = OmegaConf.to_container(OmegaConf.merge(OmegaConf.load(Path(request["config_path"]).absolute()), OmegaConf.create({})))
    reset_accelerate()
    try:
        run_exp(args)
    finally:
        reset_accelerate()
    return {}


def generate(request: dict[str, Any], emit: Emit, cache: ModelCache) -> dict[str, Any]:
    from .generate import generate_file

    done = generate_file(request["requests_path"], request["output_path"], request["settings"], emit, cache)
    return {"samples": done["samples"], "cache_hits": cache.hits}


def ping(request: dict[str, Any], emit: Emit, cache: ModelCache) -> dict[str, Any]:
    return {"pid": os.getpid(), "torch_imported": "torch" in sys.modules, "cached_models": len(cache.models)}


HANDLERS: dict[str, Callable[[dict[str, Any], Emit, ModelCache], dict[str, Any]]] = {"train": train, "generate": generate, "ping": ping}


def exit_code_of(error: BaseException) -> int:
    """What a cold process would have exited with: SystemExit's code, else 1 (an uncaught exception)."""
    if isinstance(error, SystemExit):
        code = error.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 1


def failure(error: BaseException) -> dict[str, Any]:
    return {"ok": False, "error": {"type": type(error).__name__, "message": str(error)[:2000], "exit_code": exit_code_of(error)}}


def serve(request: dict[str, Any], channel: Channel, cache: ModelCache, baseline_threads: int | None) -> None:
    request_id = str(request.get("id", ""))
    started = time.perf_counter()

    def emit(event: dict[str, Any]) -> None:
        channel.send({**event, "id": request_id})

    kind = request.get("kind")
    handler = HANDLERS.get(kind) if isinstance(kind, str) else None
    if request.get("protocol") != PROTOCOL_VERSION or handler is None:
        why = f"protocol {request.get('protocol')!r}" if request.get("protocol") != PROTOCOL_VERSION else f"kind {kind!r}"
        channel.send({"id": request_id, "event": "result", "ok": False, "seconds": 0, "error": {"type": "ProtocolError", "message": f"unsupported {why} (this worker speaks protocol {PROTOCOL_VERSION}: {', '.join(HANDLERS)})", "exit_code": 2}})
        return
    state = ProcessState()
    result: dict[str, Any]
    try:
        with output_to(request.get("log_path") or os.devnull):
            try:
                result = {"ok": True, "value": handler(request, emit, cache)}
            except BaseException as error:  # noqa: BLE001 - a request's failure is its result, not the worker's
                if isinstance(error, KeyboardInterrupt):
                    raise
                traceback.print_exc()  # into the request's log, where a cold process would have printed it
                result = failure(error)
    except Exception as error:  # noqa: BLE001 - the log could not be opened: still a result
        result = failure(error)
    finally:
        state.restore(baseline_threads)
    channel.send({"id": request_id, "event": "result", **result, "seconds": time.perf_counter() - started, **release_memory()})


def main() -> int:
    channel = Channel(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    # From here on fd 1 is stderr (or a request's log): a library's print() never reaches the protocol.
    os.dup2(2, 1)
    faulthandler.enable()  # fd 2: a crash's traceback lands in the running request's log
    threads = os.environ.get("OMP_NUM_THREADS")
    baseline_threads = int(threads) if threads and threads.isdigit() else None
    cache = ModelCache()
    channel.send({"event": "ready", "pid": os.getpid()})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError as error:
            channel.send({"id": "", "event": "result", "ok": False, "seconds": 0, "error": {"type": "ProtocolError", "message": f"not JSON: {error}", "exit_code": 2}})
            continue
        serve(request if isinstance(request, dict) else {}, channel, cache, baseline_threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
