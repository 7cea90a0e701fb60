"""A client for ftdojo's LLM gateway, for scripts that run inside the sandbox (standard library only).

The sandbox has no network. When the run allows it, the environment serves a strong model through
a gateway: an OpenAI-compatible HTTP server on a unix socket whose path is in the environment
variable FTDOJO_LLM_GATEWAY (e.g. /run/ftdojo/llm.sock). The gateway adds the provider's key
itself, chooses the model when you name none, and counts every token against the run's budget.

    from ftdojo_runtime.llm_gateway import chat, chat_completion, BudgetExhaustedError

    answer = chat([{"role": "user", "content": "Explain step by step: 17 * 23"}], max_tokens=512)
    reply = chat_completion([{"role": "user", "content": "Hi"}], temperature=0.7)  # the full JSON
    try:
        ...
    except BudgetExhaustedError as error:  # the run's token budget is spent: keep what you have
        print(error.used, error.budget)

Every refusal raises GatewayError (or a subclass) carrying the gateway's own message, which says
what to change: BudgetExhaustedError (HTTP 429, budget_exhausted), GatewayDisabledError (403,
this run has no LLM access), and GatewayError for the rest (400 bad request, 502 provider down,
...). Rate limits and provider failures are retried a few times before they are raised.

The gateway caps max_tokens to what is left of the budget (the reply header x-ftdojo-max-tokens
says what was sent), rejects streaming, and takes at most 1 MiB per request.

To use the openai SDK instead (if it is installed in the sandbox), route it through the socket:

    import os, httpx, openai
    client = openai.OpenAI(
        base_url="http://gateway/v1",  # the host name is ignored on a unix socket
        api_key="unused",  # the gateway drops it and adds the real key
        http_client=httpx.Client(transport=httpx.HTTPTransport(uds=os.environ["FTDOJO_LLM_GATEWAY"]), timeout=600),
    )
    client.chat.completions.create(model=client.models.list().data[0].id, messages=[...])

There, budget_exhausted arrives as openai.RateLimitError (HTTP 429) with error.body["type"] ==
"budget_exhausted": do not retry it.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
from typing import Any

ENV_VAR = "FTDOJO_LLM_GATEWAY"
DEFAULT_TIMEOUT_S = 600.0
# Failures of the provider, not of the request: worth another try after a pause.
RETRYABLE_TYPES = frozenset({"upstream_rate_limited", "upstream_error", "upstream_unreachable", "upstream_timeout"})


class GatewayError(RuntimeError):
    """The gateway refused or failed a call; `message` is the gateway's explanation."""

    def __init__(self, message: str, status: int | None = None, error_type: str | None = None, body: dict[str, Any] | None = None):
        super().__init__(message if status is None else f"LLM gateway HTTP {status} ({error_type}): {message}")
        self.message = message
        self.status = status
        self.error_type = error_type
        self.body = body or {}


class BudgetExhaustedError(GatewayError):
    """The run's token (or request) budget is spent: retrying will not help."""

    @property
    def used(self) -> int | None:
        return self.body.get("used")

    @property
    def budget(self) -> int | None:
        return self.body.get("budget")


class GatewayDisabledError(GatewayError):
    """This run has no LLM access: the gateway answers every call with 403."""


class UnixSocketConnection(http.client.HTTPConnection):
    """http.client over a unix socket: the host name only fills the Host header."""

    def __init__(self, socket_path: str, timeout: float = DEFAULT_TIMEOUT_S):
        super().__init__("gateway", timeout=timeout)
        self.socket_path = socket_path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def gateway_socket_path(socket_path: str | None = None) -> str:
    path = socket_path or os.environ.get(ENV_VAR)
    if not path:
        raise GatewayDisabledError(f"{ENV_VAR} is not set: this sandbox has no LLM gateway, so no model calls are available")
    return path


def request(method: str, path: str, body: dict[str, Any] | None = None, *, socket_path: str | None = None, timeout: float = DEFAULT_TIMEOUT_S, retries: int = 2) -> dict[str, Any]:
    """One JSON call to the gateway, retried on provider failures; raises GatewayError on any error status."""
    address = gateway_socket_path(socket_path)
    payload = None if body is None else json.dumps(body).encode("utf-8")
    for attempt in range(retries + 1):
        status, headers, text = _send(address, method, path, payload, timeout)
        if status < 400:
            try:
                return json.loads(text)
            except ValueError as error:
                raise GatewayError(f"the gateway answered with something that is not JSON: {text[:200]!r}", status) from error
        failure = _error_from(status, text)
        if failure.error_type not in RETRYABLE_TYPES or attempt == retries:
            raise failure
        time.sleep(_retry_delay(headers.get("retry-after"), attempt))
    raise AssertionError("unreachable")


def chat_completion(messages: list[dict[str, Any]] | str, *, model: str | None = None, max_tokens: int | None = None, temperature: float | None = None, socket_path: str | None = None, timeout: float = DEFAULT_TIMEOUT_S, retries: int = 2, **extra: Any) -> dict[str, Any]:
    """The full chat-completion JSON. `messages` may be a plain string (one user message); extra keys (top_p, n, stop, ...) pass through."""
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    body: dict[str, Any] = {"messages": messages, **extra}
    if model is not None:
        body["model"] = model
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    if temperature is not None:
        body["temperature"] = temperature
    return request("POST", "/v1/chat/completions", body, socket_path=socket_path, timeout=timeout, retries=retries)


def chat(messages: list[dict[str, Any]] | str, *, model: str | None = None, max_tokens: int | None = None, temperature: float | None = None, socket_path: str | None = None, timeout: float = DEFAULT_TIMEOUT_S, retries: int = 2, **extra: Any) -> str:
    """The reply text of the first choice ("" when the model answered with tool calls only)."""
    reply = chat_completion(messages, model=model, max_tokens=max_tokens, temperature=temperature, socket_path=socket_path, timeout=timeout, retries=retries, **extra)
    try:
        content = reply["choices"][0]["message"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError) as error:
        raise GatewayError(f"the reply has no choices[0].message: {json.dumps(reply)[:200]}") from error
    return content if isinstance(content, str) else ""


def models(*, socket_path: str | None = None) -> list[str]:
    """The model names the gateway accepts; the first is the one used when none is named."""
    return [entry["id"] for entry in request("GET", "/v1/models", socket_path=socket_path).get("data", [])]


def _send(address: str, method: str, path: str, payload: bytes | None, timeout: float) -> tuple[int, dict[str, str], str]:
    connection = UnixSocketConnection(address, timeout=timeout)
    headers = {"Accept": "application/json"}
    if payload is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return response.status, {key.lower(): value for key, value in response.getheaders()}, text
    except FileNotFoundError as error:
        raise GatewayError(f"no LLM gateway socket at {address} ({ENV_VAR}); it exists only while the environment serves one") from error
    except (OSError, http.client.HTTPException) as error:
        raise GatewayError(f"cannot talk to the LLM gateway at {address}: {error}") from error
    finally:
        connection.close()


def _error_from(status: int, text: str) -> GatewayError:
    try:
        error = json.loads(text).get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    if not isinstance(error, dict):
        error = {"message": str(error)}
    message = str(error.get("message") or text[:300] or f"HTTP {status}")
    error_type = error.get("type")
    if error_type == "budget_exhausted":
        return BudgetExhaustedError(message, status, error_type, error)
    if error_type == "gateway_disabled":
        return GatewayDisabledError(message, status, error_type, error)
    return GatewayError(message, status, error_type, error)


def _retry_delay(retry_after: str | None, attempt: int) -> float:
    try:
        if retry_after is not None:
            return min(max(float(retry_after), 0.0), 60.0)
    except ValueError:
        pass
    return min(2.0 ** attempt, 30.0)
