"""Zero-shot LM scorers on tiny random GPT-2 models built here (no downloads)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch", reason="the `lm` extra (torch) is not installed")
transformers = pytest.importorskip("transformers", reason="the `lm` extra (transformers) is not installed")

from copydesk.errors import InputError
from copydesk.provenance.lm import CausalLM, ZeroShotScorers, binoculars, fast_detectgpt

CORPUS = [
    "The council voted on Tuesday to approve the new budget for the city schools.",
    "Officials said the storm damaged roads and bridges across the northern county.",
    "The senator told reporters that the bill would be debated again next week.",
] * 20


def _tiny_model(directory, seed: int, vocab_size: int = 300, train_steps: int = 40):
    """A byte-level BPE tokenizer and a one-layer GPT-2, briefly fitted to CORPUS, saved to `directory`."""
    from tokenizers import ByteLevelBPETokenizer

    torch.manual_seed(seed)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(CORPUS, vocab_size=vocab_size, min_frequency=1, special_tokens=["<|endoftext|>"])
    tokenizer = transformers.PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|endoftext|>")
    config = transformers.GPT2Config(vocab_size=len(tokenizer), n_positions=128, n_embd=32, n_layer=1, n_head=2,
                                     bos_token_id=0, eos_token_id=0)
    model = transformers.GPT2LMHeadModel(config)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for step in range(train_steps):
        ids = tokenizer(CORPUS[step % 3], return_tensors="pt")["input_ids"]
        model(ids, labels=ids).loss.backward()
        optimiser.step()
        optimiser.zero_grad()
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("lm")
    return {name: _tiny_model(root / name, seed) for name, seed in (("a", 1), ("b", 2))}


def _shuffled(text: str) -> str:
    """The same words in a fixed scrambled order: unlikely under a model that learned `text`."""
    words = text.split()
    return " ".join(words[i] for i in sorted(range(len(words)), key=lambda i: (i * 7) % len(words)))


def test_fast_detectgpt_ranks_learned_text_above_scrambled_text(models):
    lm = CausalLM.load(models["a"])
    assert fast_detectgpt(lm, CORPUS[0]) > fast_detectgpt(lm, _shuffled(CORPUS[0]))


def test_binoculars_is_lower_for_model_text(models):
    observer, performer = CausalLM.load(models["a"]), CausalLM.load(models["b"])
    text = CORPUS[1]
    assert binoculars(observer, performer, text) < binoculars(observer, performer, _shuffled(text))


def test_binoculars_matches_its_definition_for_one_model(models):
    lm = CausalLM.load(models["a"])
    text = CORPUS[0]
    ids, logits = lm.logits(text)
    log_probs = torch.log_softmax(logits, -1)
    nll = -log_probs.gather(-1, ids[:, 1:].unsqueeze(-1)).mean()
    entropy = -(log_probs.exp() * log_probs).sum(-1).mean()
    assert binoculars(lm, lm, text) == pytest.approx(float(nll / entropy), rel=1e-5)


def test_scorers_become_uncalibrated_signals(models):
    scorers = ZeroShotScorers(lm=models["a"], observer=models["a"], performer=models["b"])
    signals = scorers.signals(CORPUS[1])
    assert [s.name for s in signals] == ["fast_detectgpt", "binoculars"]
    assert all(s.effect == 0.0 and "uncalibrated" in s.description for s in signals)


def test_missing_model_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        CausalLM.load(tmp_path / "absent")


def test_binoculars_needs_both_models(models):
    with pytest.raises(InputError, match="both"):
        ZeroShotScorers(observer=models["a"])


def test_binoculars_refuses_models_with_different_vocabularies(tmp_path, models):
    other = CausalLM.load(_tiny_model(tmp_path / "c", 3, vocab_size=280))
    with pytest.raises(InputError, match="same tokenizer"):
        binoculars(CausalLM.load(models["a"]), other, CORPUS[2])


def test_cli_adds_lm_signals_to_the_report(models, tmp_path, seed_text, capsys):
    import argparse
    import json

    from copydesk.provenance.cli import register

    source = tmp_path / "article.txt"
    source.write_text(seed_text, encoding="utf-8")
    parser = argparse.ArgumentParser(prog="copydesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["provenance", str(source), "--lm", str(models["a"])])
    assert args.handler(args) == 0
    names = [s["name"] for s in json.loads(capsys.readouterr().out)["signals"]]
    assert names[-1] == "fast_detectgpt" and len(names) == 6
