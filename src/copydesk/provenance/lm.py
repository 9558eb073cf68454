"""Optional zero-shot scorers over local Hugging Face causal language models (extra `lm`).

* Fast-DetectGPT (Bao et al., ICLR 2024), analytic sampling discrepancy with one model as
  both sampler and scorer: how much likelier the text's tokens are than the model's own
  expected token, in standard deviations. Higher means more machine-like.
* Binoculars (Hans et al., ICML 2024): the performer's log-perplexity on the text divided by
  the cross-perplexity between observer and performer. Lower means more machine-like.

Neither is calibrated here: they are reported as extra signals beside the shipped score.
Weights are read from a local directory only; nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from copydesk.errors import InputError
from copydesk.model import Signal

MAX_TOKENS = 512


def _torch():
    """Import torch and transformers, or say how to install them."""
    try:
        import torch
        import transformers
    except ImportError as err:
        raise InputError(
            f"the LM scorers need the `lm` extra (pip install 'copydesk[lm]'): {err.name} is missing"
        ) from None
    return torch, transformers


@dataclass
class CausalLM:
    """A local causal LM and its tokenizer, in eval mode."""

    path: str
    model: object
    tokenizer: object

    @classmethod
    def load(cls, path: str | Path) -> CausalLM:
        """Load from a local directory (config, weights, tokenizer files)."""
        _, transformers = _torch()
        directory = Path(path)
        if not directory.is_dir():
            raise InputError("is not a folder holding a Hugging Face causal LM", source=str(path))
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(directory, local_files_only=True)
            model = transformers.AutoModelForCausalLM.from_pretrained(directory, local_files_only=True)
        except (OSError, ValueError) as err:
            raise InputError(f"cannot load a causal LM from it ({err})", source=str(path)) from None
        model.eval()
        return cls(str(directory), model, tokenizer)

    def logits(self, text: str):
        """Token ids `[1, n]` and next-token logits `[1, n-1, vocab]` for `text`."""
        torch, _ = _torch()
        limit = min(MAX_TOKENS, getattr(self.model.config, "n_positions", MAX_TOKENS) or MAX_TOKENS)
        ids = self.tokenizer(text, return_tensors="pt", truncation=True, max_length=limit)["input_ids"]
        if ids.shape[1] < 2:
            raise InputError("is too short for the language model (fewer than 2 tokens)", source="text")
        with torch.no_grad():
            logits = self.model(ids).logits[:, :-1].float()
        return ids, logits


def fast_detectgpt(lm: CausalLM, text: str) -> float:
    """Analytic sampling discrepancy (sampler = scorer = `lm`). Higher = more machine-like."""
    torch, _ = _torch()
    ids, logits = lm.logits(text)
    labels = ids[:, 1:]
    log_probs = torch.log_softmax(logits, dim=-1)
    probs = log_probs.exp()
    observed = log_probs.gather(-1, labels.unsqueeze(-1)).squeeze(-1).sum()
    expected = (probs * log_probs).sum(-1)
    variance = (probs * log_probs.square()).sum(-1) - expected.square()
    return float((observed - expected.sum()) / variance.sum().clamp_min(1e-12).sqrt())


def binoculars(observer: CausalLM, performer: CausalLM, text: str) -> float:
    """Log-perplexity over cross-perplexity. Lower = more machine-like.

    The two models must share a tokenizer (e.g. a base model and its instruct twin).
    """
    torch, _ = _torch()
    ids, performer_logits = performer.logits(text)
    observer_ids, observer_logits = observer.logits(text)
    if not torch.equal(ids, observer_ids) or observer_logits.shape != performer_logits.shape:
        raise InputError(
            f"Binoculars needs two models with the same tokenizer and vocabulary: "
            f"{observer.path} and {performer.path} differ"
        )
    labels = ids[:, 1:]
    log_perplexity = torch.nn.functional.cross_entropy(performer_logits[0], labels[0])
    observer_probs = torch.softmax(observer_logits, dim=-1)
    cross = -(observer_probs * torch.log_softmax(performer_logits, dim=-1)).sum(-1).mean()
    return float(log_perplexity / cross)


class ZeroShotScorers:
    """The LM scorers a user asked for, loaded once, reported as extra signals."""

    def __init__(self, lm: str | Path | None = None, observer: str | Path | None = None,
                 performer: str | Path | None = None):
        if bool(observer) != bool(performer):
            raise InputError("Binoculars needs both --lm-observer and --lm-performer")
        self.lm = CausalLM.load(lm) if lm else None
        self.observer = CausalLM.load(observer) if observer else None
        self.performer = CausalLM.load(performer) if performer else None

    def signals(self, text: str) -> tuple[Signal, ...]:
        """One uncalibrated signal per configured scorer (effect 0: not part of the score)."""
        found = []
        if self.lm:
            found.append(Signal(
                "fast_detectgpt", round(fast_detectgpt(self.lm, text), 4), 0.0,
                f"Fast-DetectGPT sampling discrepancy under {self.lm.path}; higher = more "
                "machine-like; uncalibrated, not part of the score"))
        if self.observer and self.performer:
            found.append(Signal(
                "binoculars", round(binoculars(self.observer, self.performer, text), 4), 0.0,
                f"Binoculars score ({self.observer.path} / {self.performer.path}); lower = more "
                "machine-like; uncalibrated, not part of the score"))
        return tuple(found)
