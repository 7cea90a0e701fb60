"""How a request's messages become prompt token ids, for generate.py (see its docstring on prompt_format)."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

CONTENT_SENTINEL = "{{content}}"


class PromptRenderer:
    """Turns a request's messages into prompt token ids, and says what the template is."""

    def __init__(self, tokenizer: Any, prompt_format: dict[str, Any]):
        self.tokenizer = tokenizer
        self.kind = prompt_format.get("kind", "chat-template")
        self.system = prompt_format.get("system")
        if self.kind == "llamafactory":
            from llamafactory.data.template import TEMPLATES  # imported only when asked: ~4 s

            name = prompt_format["template"]
            if name not in TEMPLATES:
                raise ValueError(f"unknown LLaMA-Factory template {name!r}")
            self.template = copy.deepcopy(TEMPLATES[name])
            if self.system is not None:
                self.template.default_system = self.system
            self.name = f"llamafactory:{name}"
            self.source = None
        elif self.kind == "chat-template":
            if not getattr(tokenizer, "chat_template", None):
                raise ValueError("the tokenizer has no chat template; pass a LLaMA-Factory template name instead")
            self.template = None
            self.name = "tokenizer-chat-template"
            self.source = tokenizer.chat_template
        else:
            raise ValueError(f"unknown prompt_format kind {self.kind!r}")

    def ids(self, messages: list[dict[str, str]]) -> list[int]:
        if self.template is not None:
            system = None
            if messages and messages[0]["role"] == "system":
                system, messages = messages[0]["content"], messages[1:]
            # encode_oneturn wants the turn to answer; its empty response is dropped here.
            prompt_ids, _ = self.template.encode_oneturn(self.tokenizer, [*messages, {"role": "assistant", "content": ""}], system=system)
            return list(prompt_ids)
        if self.system is not None and not (messages and messages[0]["role"] == "system"):
            messages = [{"role": "system", "content": self.system}, *messages]
        return list(self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True))

    def rendered(self) -> str:
        """The prompt around a single user turn, as text, with {{content}} where the prompt goes."""
        return self.tokenizer.decode(self.ids([{"role": "user", "content": CONTENT_SENTINEL}]), skip_special_tokens=False)

    def describe(self) -> dict[str, Any]:
        rendered = self.rendered()
        return {
            "name": self.name,
            "system": self.system,
            "rendered": rendered,
            # What the model sees around the prompt, byte for byte; the template source is hashed
            # apart because one source can render differently with another system prompt.
            "sha256": hashlib.sha256(rendered.encode()).hexdigest(),
            "source_sha256": hashlib.sha256(self.source.encode()).hexdigest() if self.source else None,
        }
