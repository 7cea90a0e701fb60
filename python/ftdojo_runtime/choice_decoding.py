"""Constrained choice decoding for multiple-choice tasks: one forward pass, the answer is the best option letter.

generate.py uses this when its settings carry "choices" (e.g. ["A", "B", "C", "D"]): instead of
generating up to max_new_tokens, it runs the model once over each (left-padded) prompt, compares
the next-token logits of the tokens that spell each option, and writes the winning option as the
output. The task's scorer then reads that output exactly as it reads free text, so the metric and
its extraction do not change; what changes is the decoding, which the evaluation fingerprint
records ("strategy": "choice"), so a constrained score never compares silently with a free one.

Why it is the same question asked more cheaply: free greedy generation's first token is the
argmax over the whole vocabulary; when that token is an option, the argmax over the options alone
is the same token. Constraining only changes the outputs whose free answer would not start with
an option (a lead such as "答案：", a refusal, rambling), which are then forced to the option
the model ranks highest.

An option may be spelt by several tokens: "A" and " A" are different tokens in byte-level BPE
vocabularies (GPT-2, Qwen, SmolLM: "A" and "ĠA"), and a sentencepiece vocabulary spells a
word-initial "A" as "▁A". An option's score is the best logit among the single tokens that decode
to it (surrounding spaces ignored).
"""

from __future__ import annotations

from typing import Any

SPELLINGS = ("{}", " {}")


def choice_token_ids(tokenizer: Any, choices: list[str]) -> dict[str, list[int]]:
    """Per option, the single tokens that spell it ("A", " A"); an option no single token spells is refused."""
    # A token decodes to one text, so no token can spell two options.
    ids: dict[str, list[int]] = {}
    for choice in choices:
        found: set[int] = set()
        for spelling in SPELLINGS:
            encoded = tokenizer.encode(spelling.format(choice), add_special_tokens=False)
            # Some tokenizers spell " A" as a lone space piece then "A": the letter is the last token.
            if encoded and all(not tokenizer.decode([token]).strip() for token in encoded[:-1]):
                if tokenizer.decode([encoded[-1]]).strip() == choice:
                    found.add(int(encoded[-1]))
        if not found:
            raise ValueError(f"no single token of this tokenizer spells the option {choice!r}: constrained choice decoding cannot read it (evaluate with free decoding)")
        ids[choice] = sorted(found)
    return ids


def last_logits(model: Any, input_ids: Any, attention_mask: Any) -> Any:
    """Next-token logits after each left-padded prompt, positions counted as generate() counts them."""
    # generate() numbers positions from the first real token of each row (prepare_inputs_for_generation);
    # a plain forward call would count the padding, and the logits of padded rows would drift.
    position_ids = attention_mask.long().cumsum(-1) - 1
    position_ids.masked_fill_(attention_mask == 0, 1)
    arguments = {"input_ids": input_ids, "attention_mask": attention_mask, "position_ids": position_ids, "use_cache": False}
    try:
        # Only the last position's logits: the vocabulary projection over the whole prompt is wasted work.
        output = model(**arguments, logits_to_keep=1)
    except TypeError:  # a model class without logits_to_keep
        output = model(**arguments)
    return output.logits[:, -1, :]


def pick_choices(torch: Any, model: Any, prompts: list[list[int]], token_ids: dict[str, list[int]], pad_id: int, device: str) -> list[tuple[str, int]]:
    """Per prompt, the option whose best token has the highest logit, and that token (ties: the earlier option)."""
    width = max(len(ids) for ids in prompts)
    input_ids = torch.tensor([[pad_id] * (width - len(ids)) + ids for ids in prompts], device=device)
    attention_mask = torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in prompts], device=device)
    flat = [(choice, token) for choice, tokens in token_ids.items() for token in tokens]
    with torch.inference_mode():
        logits = last_logits(model, input_ids, attention_mask)
        scores = logits[:, torch.tensor([token for _, token in flat], device=logits.device)].float()
        best = scores.argmax(dim=-1).tolist()
    return [flat[index] for index in best]


def describe_choices(token_ids: dict[str, list[int]] | None) -> dict[str, Any]:
    """What the done event records of the decoding: free, or the options and the tokens read for each."""
    if token_ids is None:
        return {"mode": "free"}
    return {"mode": "choice", "choices": list(token_ids), "token_ids": token_ids}
