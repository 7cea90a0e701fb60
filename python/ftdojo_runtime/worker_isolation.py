"""What keeps one request of the warm worker from leaking into the next (see worker.py).

- The request's output goes to its log at the file-descriptor level: fds 1 and 2 point at the log
  while it runs, so print(), logging handlers bound to sys.stdout, tqdm, C++ warnings and any child
  process land there exactly as they would in a cold process whose streams ftdojo writes to
  train.log. The protocol has its own descriptor (worker.py), never fd 1.
- Process-wide state a training changes is put back afterwards: the environment (transformers'
  TrainingArguments sets ACCELERATE_MIXED_PRECISION, which the next run's Accelerator would read),
  the working folder, torch's thread count and backend flags, and accelerate's singletons
  (AcceleratorState refuses a second run with another mixed precision).
- Memory is released after each request and measured (resident set; CUDA memory still
  allocated), so the caller can retire a worker that grows.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Any, Iterator

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@contextlib.contextmanager
def output_to(log_path: str) -> Iterator[None]:
    """Points fds 1 and 2 at log_path (appended) for the duration, and back afterwards."""
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = (os.dup(1), os.dup(2))
    try:
        os.dup2(log, 1)
        os.dup2(log, 2)
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, log):
            os.close(fd)


def _torch() -> Any:
    """torch when a request has imported it (the worker itself never imports it)."""
    return sys.modules.get("torch")


def reset_accelerate() -> None:
    """Forgets accelerate's process-wide singletons, as a fresh process would have none."""
    state = sys.modules.get("accelerate.state")
    if state is None:
        return
    state.AcceleratorState._reset_state(reset_partial_state=True)
    state.GradientState._reset_state()


class ProcessState:
    """The process-wide settings a request may change, captured before it and restored after."""

    def __init__(self) -> None:
        self.environ = dict(os.environ)
        self.cwd = os.getcwd()
        torch = _torch()
        self.threads = torch.get_num_threads() if torch else None
        self.flags = self._flags(torch) if torch else None

    @staticmethod
    def _flags(torch: Any) -> dict[str, Any]:
        return {
            "matmul_tf32": torch.backends.cuda.matmul.allow_tf32,
            "cudnn_tf32": torch.backends.cudnn.allow_tf32,
            "cudnn_benchmark": torch.backends.cudnn.benchmark,
            "cudnn_deterministic": torch.backends.cudnn.deterministic,
            "deterministic": torch.are_deterministic_algorithms_enabled(),
            "default_dtype": torch.get_default_dtype(),
        }

    def restore(self, baseline_threads: int | None) -> None:
        os.environ.clear()
        os.environ.update(self.environ)
        with contextlib.suppress(OSError):
            os.chdir(self.cwd)
        torch = _torch()
        if torch is None:
            return
        # A request that imported torch first sets the baseline: what a fresh process starts with.
        threads = self.threads if self.threads is not None else baseline_threads
        if threads:
            torch.set_num_threads(threads)
        if self.flags is not None:
            torch.backends.cuda.matmul.allow_tf32 = self.flags["matmul_tf32"]
            torch.backends.cudnn.allow_tf32 = self.flags["cudnn_tf32"]
            torch.backends.cudnn.benchmark = self.flags["cudnn_benchmark"]
            torch.backends.cudnn.deterministic = self.flags["cudnn_deterministic"]
            torch.use_deterministic_algorithms(self.flags["deterministic"])
            torch.set_default_dtype(self.flags["default_dtype"])


def release_memory() -> dict[str, int | None]:
    """Collects garbage, empties CUDA's cache, and says what is still held."""
    gc.collect()
    torch = _torch()
    cuda = None
    if torch is not None and torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.empty_cache()
        cuda = int(torch.cuda.memory_allocated())
    return {"rss_bytes": resident_bytes(), "cuda_bytes": cuda}


def resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None
