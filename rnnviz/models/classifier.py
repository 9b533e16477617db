"""The intent classifier: embedding -> RNN / LSTM / GRU -> linear layer on the last step's state.

Sizes stay small (8 or less by default) so that every unit can be drawn.

>>> import torch
>>> from rnnviz.models.classifier import IntentClassifier
>>> model = IntentClassifier("gru", vocab_size=20, num_labels=3)
>>> model(torch.tensor([[4, 5, 6]]), torch.tensor([3])).shape
torch.Size([1, 3])
"""

from __future__ import annotations

import torch
from torch import nn

RECURRENT = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class IntentClassifier(nn.Module):
    """Reads a sentence token by token; the state after the last token decides the intent."""

    def __init__(
        self,
        arch: str,
        vocab_size: int,
        num_labels: int,
        embed_size: int = 8,
        hidden_size: int = 8,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        if arch not in RECURRENT:
            raise ValueError(f"unknown architecture {arch!r}; expected one of {sorted(RECURRENT)}")
        self.arch = arch
        self.embed = nn.Embedding(vocab_size, embed_size, padding_idx=0)
        self.drop = nn.Dropout(dropout)  # on the embeddings, in training only
        self.rnn = RECURRENT[arch](embed_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, num_labels)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, labels)`` for padded ids ``(B, T)`` whose real lengths are ``lengths``."""
        out, _ = self.rnn(self.drop(self.embed(ids)))
        last = out[torch.arange(ids.shape[0]), lengths - 1]  # padding sits after the last token
        return self.head(last)
