"""The checks a converted embedded-model folder must pass before ftdojo caches it.

Usage: python -m ftdojo_runtime.model_checks FOLDER
  Runs every check on FOLDER and prints JSON lines on stdout: {"event": "check", "name", "ok",
  "detail"} per check, then {"event": "done", "ok": true, "checks": {...}} or {"event": "failed",
  "check": NAME, "message": ...}. Exit 0 when all pass, 1 when one fails.

convert_model runs the same checks on its temporary folder (with the model it loaded from the
GGUF as a reference for the weights) and refuses to cache a folder that fails any of them.
Tokenizer checks run first: they are cheap and catch most conversion mistakes.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable

EOS_TOKEN = "<|im_end|>"
EOS_ID = 2
BOS_CANDIDATE_ID = 1  # <|im_start|>: what the GGUF loader wrongly makes bos (and eos)

# Plain prose, spacing that clean_up_tokenization_spaces would eat, Chinese, SMILES, digits, emoji.
ROUND_TRIP_TEXTS = [
    "Hello world",
    "Hello , world 's  spaced   out . \n\ttabs",
    "北京是中国的首都。计算：3+5=8",
    "CC(=O)Oc1ccccc1C(=O)O",
    "C1=CC=C(C=C1)[N+](=O)[O-]",
    " x = 2024 + 3.14; café 🙂",
]

# (question, a word the answer must contain): greedy answers of the correctly converted model.
GENERATION_PROBES = [
    ("What is the capital of France?", "Paris"),
    ("What is 2+2?", "4"),
    ("How many days are in a week?", "7"),
]
MAX_NEW_TOKENS = 40

REQUIRED_FILES = ["config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"]
# transformers' GGUF loader saves a copy of the whole GGUF file under this name (~100 MB).
FORBIDDEN_FILES = ["tokenizer.model"]

Emit = Callable[[dict[str, Any]], None]


class CheckFailed(Exception):
    def __init__(self, check: str, message: str) -> None:
        super().__init__(f"{check}: {message}")
        self.check = check
        self.message = message


def _require(check: str, condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(check, message)


def _read_json(folder: str, name: str) -> dict[str, Any]:
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        return json.load(handle)


def check_files(folder: str) -> dict[str, Any]:
    missing = [name for name in REQUIRED_FILES if not os.path.isfile(os.path.join(folder, name))]
    _require("files", not missing, f"missing {', '.join(missing)}")
    extra = [name for name in FORBIDDEN_FILES if os.path.exists(os.path.join(folder, name))]
    _require("files", not extra, f"unexpected {', '.join(extra)} (a copy of the GGUF file)")
    size = os.path.getsize(os.path.join(folder, "model.safetensors"))
    return {"modelBytes": size}


def _ids(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_special_tokens(folder: str, tokenizer: Any) -> dict[str, Any]:
    name = "special_tokens"
    _require(name, tokenizer.eos_token == EOS_TOKEN and tokenizer.eos_token_id == EOS_ID, f"eos is {tokenizer.eos_token!r} (id {tokenizer.eos_token_id}), expected {EOS_TOKEN!r} (id {EOS_ID})")
    _require(name, tokenizer.pad_token == EOS_TOKEN and tokenizer.pad_token_id == EOS_ID, f"pad is {tokenizer.pad_token!r} (id {tokenizer.pad_token_id}), expected {EOS_TOKEN!r} (id {EOS_ID})")
    _require(name, tokenizer.bos_token is None, f"bos is {tokenizer.bos_token!r}, expected none")
    for file in ("config.json", "generation_config.json"):
        config = _read_json(folder, file)
        _require(name, _ids(config.get("eos_token_id")) == [EOS_ID], f"{file} eos_token_id is {config.get('eos_token_id')}, expected {EOS_ID}")
        _require(name, config.get("pad_token_id") == EOS_ID, f"{file} pad_token_id is {config.get('pad_token_id')}, expected {EOS_ID}")
        _require(name, config.get("bos_token_id") is None, f"{file} bos_token_id is {config.get('bos_token_id')}, expected none")
    return {"eos": [tokenizer.eos_token, tokenizer.eos_token_id], "pad": [tokenizer.pad_token, tokenizer.pad_token_id], "bos": None}


def _post_processor_specials(processor: Any) -> list[str]:
    """Special tokens a tokenizer.json post-processor adds to every encoding."""
    if not processor:
        return []
    kind = processor.get("type")
    if kind == "Sequence":
        return [token for inner in processor.get("processors", []) for token in _post_processor_specials(inner)]
    if kind == "TemplateProcessing":
        return [piece["SpecialToken"]["id"] for piece in processor.get("single", []) if "SpecialToken" in piece]
    if kind in ("BertProcessing", "RobertaProcessing"):
        return [processor["cls"][0], processor["sep"][0]]
    return []


def check_no_automatic_bos(folder: str, tokenizer: Any) -> dict[str, Any]:
    name = "no_automatic_bos"
    added = _post_processor_specials(_read_json(folder, "tokenizer.json").get("post_processor"))
    _require(name, not added, f"tokenizer.json's post-processor adds {added} to every text")
    _require(name, _read_json(folder, "tokenizer_config.json").get("add_bos_token") is not True, "tokenizer_config.json sets add_bos_token")
    with_specials = tokenizer("Hello world").input_ids
    without = tokenizer("Hello world", add_special_tokens=False).input_ids
    _require(name, with_specials == without, f"encoding adds special tokens: {with_specials} vs {without}")
    return {"helloWorldIds": with_specials}


def check_round_trip(tokenizer: Any) -> dict[str, Any]:
    lengths = []
    for text in ROUND_TRIP_TEXTS:
        ids = tokenizer(text).input_ids
        _require("round_trip", BOS_CANDIDATE_ID not in ids and EOS_ID not in ids, f"special tokens in the ids of {text!r}: {ids[:8]}")
        decoded = tokenizer.decode(ids)
        _require("round_trip", decoded == text, f"{text!r} decodes back as {decoded!r}")
        lengths.append(len(ids))
    return {"texts": len(ROUND_TRIP_TEXTS), "tokens": lengths}


def check_chat_template(tokenizer: Any) -> dict[str, Any]:
    name = "chat_template"
    _require(name, bool(tokenizer.chat_template), "the tokenizer has no chat template")
    rendered = tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], add_generation_prompt=True, tokenize=False)
    _require(name, "<|im_start|>user\nHi<|im_end|>\n" in rendered, f"the user turn is not ChatML: {rendered!r}")
    _require(name, rendered.endswith("<|im_start|>assistant\n"), f"the generation prompt is not ChatML: {rendered!r}")
    return {"rendered": rendered}


def check_tied_head(model: Any) -> dict[str, Any]:
    name = "tied_head"
    _require(name, bool(getattr(model.config, "tie_word_embeddings", False)), "config.tie_word_embeddings is not true")
    head = model.get_output_embeddings().weight
    embeddings = model.get_input_embeddings().weight
    _require(name, head.data_ptr() == embeddings.data_ptr(), "lm_head.weight does not share storage with embed_tokens after reload")
    return {"shape": list(embeddings.shape)}


def check_weights_match(model: Any, reference: Any, tokenizer: Any) -> dict[str, Any]:
    """The reloaded folder computes what the model loaded from the GGUF computed (nothing lost in saving)."""
    import torch

    ids = torch.tensor([tokenizer("The quick brown fox jumps over the lazy dog.").input_ids])
    with torch.no_grad():
        difference = (model(ids).logits - reference(ids).logits).abs().max().item()
    _require("weights_match", difference < 1e-4, f"logits differ from the GGUF model's by up to {difference:.3g}")
    return {"maxLogitDifference": difference}


def _looks_like_garbage(text: str, ids: list[int]) -> str | None:
    if not text.strip():
        return "empty answer"
    if any(not (char.isprintable() or char in "\n\t") for char in text):
        return "unprintable characters"
    for size in range(1, 5):
        if len(ids) >= 3 * size and ids[-size:] * 3 == ids[-3 * size :]:
            return f"a repeated {size}-token loop"
    return None


def check_generation(model: Any, tokenizer: Any) -> dict[str, Any]:
    import torch

    answers = []
    for question, expected in GENERATION_PROBES:
        prompt = tokenizer.apply_chat_template([{"role": "user", "content": question}], add_generation_prompt=True, return_tensors="pt")
        with torch.no_grad():
            output = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=MAX_NEW_TOKENS, do_sample=False)
        generated = output[0][prompt.shape[1] :].tolist()
        text = tokenizer.decode(generated, skip_special_tokens=True)
        label = f"{question!r} -> {text!r}"
        _require("generation", bool(generated) and generated[-1] == EOS_ID, f"{label} did not stop with {EOS_TOKEN} within {MAX_NEW_TOKENS} tokens")
        body = generated[:-1]
        garbage = _looks_like_garbage(text, body)
        _require("generation", garbage is None, f"{label}: {garbage}")
        _require("generation", expected in text, f"{label} does not contain {expected!r}")
        answers.append({"question": question, "answer": text, "tokens": len(generated)})
    return {"answers": answers}


def verify_model_folder(folder: str, reference: Any = None, emit: Emit | None = None) -> dict[str, Any]:
    """Runs every check on FOLDER (reloading it from disk); returns their details or raises CheckFailed."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    results: dict[str, Any] = {}

    def run(name: str, check: Callable[[], dict[str, Any]]) -> None:
        try:
            detail = check()
        except CheckFailed as failure:
            if emit:
                emit({"event": "check", "name": name, "ok": False, "detail": failure.message})
            raise
        except Exception as error:  # a check that crashes is a failed check, with the reason
            if emit:
                emit({"event": "check", "name": name, "ok": False, "detail": f"{type(error).__name__}: {error}"})
            raise CheckFailed(name, f"{type(error).__name__}: {error}") from error
        results[name] = {"ok": True, **detail}
        if emit:
            emit({"event": "check", "name": name, "ok": True, "detail": detail})

    def load(what: str, loader: Callable[[], Any]) -> Any:
        try:
            return loader()
        except Exception as error:
            message = f"the {what} does not load: {type(error).__name__}: {error}"
            if emit:
                emit({"event": "check", "name": "loads", "ok": False, "detail": message})
            raise CheckFailed("loads", message) from error

    run("files", lambda: check_files(folder))
    tokenizer = load("tokenizer", lambda: AutoTokenizer.from_pretrained(folder))
    run("special_tokens", lambda: check_special_tokens(folder, tokenizer))
    run("no_automatic_bos", lambda: check_no_automatic_bos(folder, tokenizer))
    run("round_trip", lambda: check_round_trip(tokenizer))
    run("chat_template", lambda: check_chat_template(tokenizer))
    model = load("model", lambda: AutoModelForCausalLM.from_pretrained(folder))
    model.eval()
    run("tied_head", lambda: check_tied_head(model))
    if reference is not None:
        run("weights_match", lambda: check_weights_match(model, reference, tokenizer))
    run("generation", lambda: check_generation(model, tokenizer))
    return results


def emit_line(event: dict[str, Any]) -> None:
    """One JSON line on stdout: the only thing these scripts print there."""
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write(__doc__ or "")
        return 2
    try:
        checks = verify_model_folder(args[0], emit=emit_line)
    except CheckFailed as failure:
        emit_line({"event": "failed", "check": failure.check, "message": failure.message})
        return 1
    emit_line({"event": "done", "ok": True, "checks": checks})
    return 0


if __name__ == "__main__":
    sys.exit(main())
