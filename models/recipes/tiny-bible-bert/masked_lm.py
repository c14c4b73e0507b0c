"""The tiny Bible BERT as a PyTorch module: transformers' BertForMaskedLM, module for module.

The encoder is tiny-sentiment-bert's (its train.py mirrors transformers' BERT names, so an ONNX export has
the same Softmax-after-MatMul attention the app finds by structure); this file adds the masked-LM head
(`cls.predictions`: dense -> GELU -> LayerNorm -> decoder tied to the word embeddings, plus a bias) and the
masking BERT trains with.
"""

import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tiny-sentiment-bert"))
from train import MASK_FILL, BertEmbeddings, BertEncoder, init_weights  # noqa: E402


class BertModel(nn.Module):
    """BERT without the pooler (transformers' BertForMaskedLM builds it with add_pooling_layer=False)."""

    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * MASK_FILL
        return self.encoder(self.embeddings(input_ids, token_type_ids), mask_bias)


class PredictionHeadTransform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, hidden):
        return self.LayerNorm(F.gelu(self.dense(hidden)))


class LMPredictionHead(nn.Module):
    def __init__(self, c, word_embeddings):
        super().__init__()
        self.transform = PredictionHeadTransform(c)
        self.word_embeddings = word_embeddings  # tied: one matrix reads tokens in and writes them out
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))

    def forward(self, hidden):
        return F.linear(self.transform(hidden), self.word_embeddings.weight, self.bias)


class OnlyMLMHead(nn.Module):
    def __init__(self, c, word_embeddings):
        super().__init__()
        self.predictions = LMPredictionHead(c, word_embeddings)


class BertForMaskedLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bert = BertModel(c)
        self.cls = OnlyMLMHead(c, self.bert.embeddings.word_embeddings)
        self.apply(lambda m: init_weights(m, c["initializer_range"]))

    def forward(self, input_ids, attention_mask, token_type_ids):
        """Logits [B, S, vocab] at every position (what the exported model answers)."""
        return self.cls.predictions(self.bert(input_ids, attention_mask, token_type_ids))

    def masked_logits(self, input_ids, attention_mask, where):
        """Logits only at the positions `where` [B, S] (bool) marks: training skips the vocabulary
        projection everywhere else, which is most of the work."""
        hidden = self.bert(input_ids, attention_mask, torch.zeros_like(input_ids))
        return self.cls.predictions(hidden[where])


def mask_for_training(ids, special, mask_id, vocab_size, generator, prob=0.15):
    """BERT's masking: `prob` of the non-special tokens are chosen; of those 80 % become [MASK], 10 % a random
    token, 10 % stay. Returns (inputs, chosen [B, S] bool)."""
    candidates = ~torch.isin(ids, special)
    chosen = (torch.rand(ids.shape, generator=generator) < prob) & candidates
    roll = torch.rand(ids.shape, generator=generator)
    inputs = ids.clone()
    inputs[chosen & (roll < 0.8)] = mask_id
    swap = chosen & (roll >= 0.8) & (roll < 0.9)
    inputs[swap] = torch.randint(len(special), vocab_size, (int(swap.sum()),), generator=generator)
    return inputs, chosen
