"""A clean Hugging Face tokenizer for the embedded SmolLM2 model, built from its GGUF file.

transformers' GGUF loader gets the vocabulary and merges right but the rest wrong for this model:
bos and eos both become <|im_start|>, no pad, a bos prepended to every text, a Llama-style
decoder, clean_up_tokenization_spaces on (decode(encode(" ,")) loses the space), and a copy of the
whole GGUF saved as tokenizer.model. This keeps its BPE model and rebuilds the rest the way the
GGUF's own metadata describes it (tokenizer.ggml.pre = "smollm": digits split one by one, then
GPT-2 byte-level pre-tokenisation), as a GPT2TokenizerFast with eos = pad = <|im_end|> and no bos.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EXPECTED_PRE_TOKENIZER = "smollm"
EOS_TOKEN = "<|im_end|>"
UNK_TOKEN = "<|endoftext|>"
CHAT_TOKENS = ["<|im_start|>", "<|im_end|>"]


@dataclass(frozen=True)
class GgufFacts:
    """What the GGUF header says about the tokenizer and the context length."""

    eos_token_id: int
    padding_token_id: int | None
    unknown_token_id: int | None
    pre_tokenizer: str
    context_length: int
    chat_template: str | None


def _field(reader: Any, key: str) -> Any:
    field = reader.fields.get(key)
    return None if field is None else field.contents()


def read_gguf_facts(path: str) -> GgufFacts:
    from gguf import GGUFReader

    reader = GGUFReader(path)
    architecture = _field(reader, "general.architecture")
    return GgufFacts(
        eos_token_id=int(_field(reader, "tokenizer.ggml.eos_token_id")),
        padding_token_id=_field(reader, "tokenizer.ggml.padding_token_id"),
        unknown_token_id=_field(reader, "tokenizer.ggml.unknown_token_id"),
        pre_tokenizer=str(_field(reader, "tokenizer.ggml.pre")),
        context_length=int(_field(reader, f"{architecture}.context_length")),
        chat_template=_field(reader, "tokenizer.chat_template"),
    )


class UnexpectedGguf(Exception):
    pass


def build_tokenizer(source: Any, facts: GgufFacts) -> Any:
    """A GPT2TokenizerFast from the tokenizer transformers loaded from the GGUF (which is left unchanged)."""
    from tokenizers import Tokenizer, decoders, pre_tokenizers, processors
    from transformers import GPT2TokenizerFast

    eos = source.convert_ids_to_tokens(facts.eos_token_id)
    if eos != EOS_TOKEN:
        raise UnexpectedGguf(f"the GGUF's eos token is {eos!r} (id {facts.eos_token_id}), expected {EOS_TOKEN!r}")
    if facts.pre_tokenizer != EXPECTED_PRE_TOKENIZER:
        raise UnexpectedGguf(f"the GGUF's pre-tokenizer is {facts.pre_tokenizer!r}, expected {EXPECTED_PRE_TOKENIZER!r}")

    backend = Tokenizer.from_str(source.backend_tokenizer.to_str())
    backend.normalizer = None
    backend.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)]
    )
    backend.decoder = decoders.ByteLevel()
    # Byte-level offsets only; it adds no tokens, so nothing is prepended or appended to a text.
    backend.post_processor = processors.ByteLevel(trim_offsets=False)
    return GPT2TokenizerFast(
        tokenizer_object=backend,
        bos_token=None,
        eos_token=EOS_TOKEN,
        pad_token=EOS_TOKEN,
        unk_token=UNK_TOKEN,
        add_bos_token=False,
        add_prefix_space=False,
        clean_up_tokenization_spaces=False,
        model_max_length=facts.context_length,
        chat_template=facts.chat_template or source.chat_template,
        additional_special_tokens=CHAT_TOKENS,
    )


def fix_model_ids(model: Any, eos_token_id: int) -> None:
    """eos = pad = <|im_end|>, no bos, in the model config and the generation config alike."""
    for config in (model.config, model.generation_config):
        config.eos_token_id = eos_token_id
        config.pad_token_id = eos_token_id
        config.bos_token_id = None
