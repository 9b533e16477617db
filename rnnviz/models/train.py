"""Training an intent classifier, deterministically on the CPU.

The same data, recipe and seed give the same weights bit for bit (and, through
:func:`rnnviz.models.weights.classifier_bytes`, the same file bytes).

>>> from rnnviz.models.train import Recipe, train
>>> rows = [("what time is it", "ask_time"), ("hello there", "greeting")] * 4
>>> result = train("gru", rows, rows, Recipe(epochs=3))
>>> result.labels
['ask_time', 'greeting']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch.nn import functional as F
from torch.nn.utils import clip_grad_norm_
from torch.nn.utils.rnn import pad_sequence

from rnnviz.models.classifier import IntentClassifier
from rnnviz.models.demo import intent_data_path
from rnnviz.models.text import MAX_EXAMPLE_TOKENS, UNK, Vocab, tokenize
from rnnviz.models.weights import classifier_bytes

Example = tuple[str, str]  # (text, label)

@dataclass(frozen=True)
class Recipe:
    """Everything that decides the weights besides the data."""

    seed: int = 0
    embed_size: int = 8
    hidden_size: int = 8
    epochs: int = 100
    batch_size: int = 16
    lr: float = 0.01  # Adam's initial step size, decayed to 0 along a cosine
    dropout: float = 0.2  # on the embeddings
    label_smoothing: float = 0.1
    unk_rate: float = 0.2  # word dropout: teaches the <unk> embedding to stand for unseen words
    clip: float = 1.0  # gradient norm


@dataclass
class TrainResult:
    model: IntentClassifier
    vocab: Vocab
    labels: list[str]
    correct: int  # held-out examples classified right
    total: int  # held-out examples

    @property
    def accuracy(self) -> float:
        return self.correct / self.total

    def model_bytes(self, recipe: Recipe) -> bytes:
        """The model file, with the recipe and the held-out accuracy (see rnnviz.models.weights)."""
        held_out = {"correct": self.correct, "total": self.total}
        return classifier_bytes(self.model, self.vocab, self.labels, recipe=asdict(recipe), held_out=held_out)


def read_examples(path: str | Path) -> list[Example]:
    """``text<TAB>label`` lines of a UTF-8 file (blank lines skipped); ValueError names a bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ValueError(f"data file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read data file {path}: {exc}") from None
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        count = len(tokenize(parts[0])) if len(parts) == 2 else 0
        if count == 0 or not parts[1].strip():
            raise ValueError(f"{path}, line {number}: expected 'text<TAB>label', got {line[:60]!r}")
        if count > MAX_EXAMPLE_TOKENS:
            raise ValueError(f"{path}, line {number}: {count} tokens; a training example has at most "
                             f"{MAX_EXAMPLE_TOKENS} (split or shorten the line)")
        examples.append((parts[0], parts[1].strip()))
    if not examples:
        raise ValueError(f"{path} holds no examples")
    return examples


def split_examples(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """A deterministic held-out split: within each label, in file order, every 5th example from the 3rd."""
    seen: dict[str, int] = {}
    train_rows, test_rows = [], []
    for text, label in examples:
        index = seen[label] = seen.get(label, -1) + 1
        (test_rows if index % 5 == 2 else train_rows).append((text, label))
    if not test_rows:
        raise ValueError("too few examples to hold out a test split (each label needs 3 or more); give a test file")
    return train_rows, test_rows


def check_split(train_rows: Sequence[Example], test_rows: Sequence[Example]) -> None:
    """A one-line ``ValueError`` unless the examples can train and test a classifier: at least two
    labels to tell apart, held-out examples, and no held-out label the training data lacks."""
    labels = sorted({label for _, label in train_rows})
    if len(labels) < 2:
        found = f"only the label {labels[0]!r}" if labels else "no examples"
        raise ValueError(f"the training data has {found}; a classifier needs examples of at least two labels")
    if not test_rows:
        raise ValueError("there are no held-out examples to measure the accuracy on")
    unseen = sorted({label for _, label in test_rows} - set(labels))
    if unseen:
        raise ValueError(f"test labels missing from the training data: {', '.join(unseen)}")


def train(
    arch: str,
    train_rows: Sequence[Example],
    test_rows: Sequence[Example],
    recipe: Recipe = Recipe(),
    on_progress: Callable[[int, float], None] | None = None,
) -> TrainResult:
    """Train a classifier of ``arch`` on ``train_rows``; report its accuracy on ``test_rows``.

    ``on_progress(examples, mean_loss)`` is called after each batch with the number of examples
    it trained on and the epoch's mean loss so far, for a progress bar over
    ``recipe.epochs * len(train_rows)`` examples.
    """
    check_split(train_rows, test_rows)
    train_keys = [[t.key for t in tokenize(text)] for text, _ in train_rows]
    vocab = Vocab.build(train_keys)
    labels = sorted({label for _, label in train_rows})
    index = {label: k for k, label in enumerate(labels)}
    ids = [torch.tensor(vocab.encode(keys)) for keys in train_keys]
    targets = torch.tensor([index[label] for _, label in train_rows])
    unk = vocab.index[UNK]

    # One thread and a private seed: bit-identical results that leave the caller's RNG alone.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(recipe.seed)
            sizes = (recipe.embed_size, recipe.hidden_size, recipe.dropout)
            model = IntentClassifier(arch, len(vocab), len(labels), *sizes)
            generator = torch.Generator().manual_seed(recipe.seed)
            optimizer = torch.optim.Adam(model.parameters(), lr=recipe.lr)
            schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, recipe.epochs)
            for _ in range(recipe.epochs):
                total, seen = 0.0, 0
                for batch in torch.randperm(len(ids), generator=generator).split(recipe.batch_size):
                    x, lengths = _pad([ids[i] for i in batch])
                    drop = (torch.rand(x.shape, generator=generator) < recipe.unk_rate) & (x > unk)
                    logits = model(x.masked_fill(drop, unk), lengths)
                    loss = F.cross_entropy(logits, targets[batch], label_smoothing=recipe.label_smoothing)
                    optimizer.zero_grad()
                    loss.backward()
                    clip_grad_norm_(model.parameters(), recipe.clip)
                    optimizer.step()
                    total, seen = total + loss.item() * len(batch), seen + len(batch)
                    if on_progress is not None:
                        on_progress(len(batch), total / seen)
                schedule.step()
            model.eval()
            predicted = predict(model, vocab, labels, [text for text, _ in test_rows])
            correct = sum(p == label for p, (_, label) in zip(predicted, test_rows))
    finally:
        torch.set_num_threads(threads)
    return TrainResult(model, vocab, labels, correct, len(test_rows))


def load_split(data: str | Path | None = None, test: str | Path | None = None) -> tuple[list[Example], list[Example]]:
    """Training and held-out examples from ``text<TAB>label`` files.

    Without ``data``, the shipped intent data set with its own test split (training on it with
    the default :class:`Recipe` reproduces the shipped demo models byte for byte). With ``data``
    but no ``test``, :func:`split_examples` holds out one example in five of each label.
    """
    if data is None:
        if test is not None:
            raise ValueError("a test file needs its training data file")
        data, test = intent_data_path("train"), intent_data_path("test")
    rows = read_examples(data)
    train_rows, test_rows = split_examples(rows) if test is None else (rows, read_examples(test))
    check_split(train_rows, test_rows)
    return train_rows, test_rows


@torch.no_grad()
def predict(model: IntentClassifier, vocab: Vocab, labels: list[str], texts: Sequence[str]) -> list[str]:
    """The most likely label of each text."""
    if not texts:
        return []
    x, lengths = _pad([torch.tensor(vocab.encode(t.key for t in tokenize(text))) for text in texts])
    return [labels[k] for k in model(x, lengths).argmax(dim=1).tolist()]


def _pad(sequences: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded ids ``(B, T)`` and the real lengths."""
    return pad_sequence(sequences, batch_first=True), torch.tensor([len(s) for s in sequences])
