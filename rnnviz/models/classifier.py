"""The intent classifier: embedding -> RNN / LSTM / GRU -> linear layer on the final states.

Sizes stay small (8 or less by default) so that every unit can be drawn. The recurrent layer
may be stacked (``num_layers``) and bidirectional; the linear layer reads the top layer's final
states, the forward direction's and, when bidirectional, the backward direction's (the state it
reaches at the first token), concatenated: what PyTorch returns as ``h_n[-2:]``.

>>> import torch
>>> from rnnviz.models.classifier import IntentClassifier
>>> model = IntentClassifier("gru", vocab_size=20, num_labels=3, num_layers=2, bidirectional=True)
>>> model(torch.tensor([[4, 5, 6]]), torch.tensor([3])).shape
torch.Size([1, 3])
>>> model.head.in_features  # forward and backward final states of the top layer, 8 units each
16
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

RECURRENT = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class IntentClassifier(nn.Module):
    """Reads a sentence token by token; the final states of the top layer decide the intent."""

    def __init__(
        self,
        arch: str,
        vocab_size: int,
        num_labels: int,
        embed_size: int = 8,
        hidden_size: int = 8,
        dropout: float = 0.0,
        num_layers: int = 1,
        bidirectional: bool = False,
    ) -> None:
        super().__init__()
        if arch not in RECURRENT:
            raise ValueError(f"unknown architecture {arch!r}; expected one of {sorted(RECURRENT)}")
        self.arch = arch
        self.embed = nn.Embedding(vocab_size, embed_size, padding_idx=0)
        self.drop = nn.Dropout(dropout)  # on the embeddings, in training only
        self.rnn = RECURRENT[arch](embed_size, hidden_size, num_layers=num_layers, bidirectional=bidirectional,
                                   batch_first=True)
        self.head = nn.Linear((2 if bidirectional else 1) * hidden_size, num_labels)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, labels)`` for padded ids ``(B, T)`` whose real lengths are ``lengths``."""
        return self.head(self.final_states(self.drop(self.embed(ids)), lengths))

    def final_states(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """The top layer's final states ``(B, directions * H)``, forward first, for inputs ``(B, T, E)``."""
        if not self.rnn.bidirectional:
            # Padding sits after the last token, so the forward state there is the final one. (This
            # unpacked path also keeps the shipped one-direction models reproducible bit for bit.)
            out, _ = self.rnn(x)  # (B, T, H)
            return out[torch.arange(x.shape[0]), lengths - 1]
        # Packed, so that the backward direction starts at each sentence's last token, not in padding.
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, h_n = self.rnn(packed)
        if isinstance(h_n, tuple):  # an LSTM's (h_n, c_n)
            h_n = h_n[0]
        top = h_n[-2:]  # (2, B, H): the top layer's forward and backward final states
        return torch.cat([top[0], top[1]], dim=1)  # (B, 2H)
