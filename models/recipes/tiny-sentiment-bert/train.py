"""Trains, evaluates and exports the tiny sentiment BERT; writes every model file except the tokenizer.

Reads (from fetch_data.sh's .cache/): the UCI Sentiment Labelled Sentences shipped by sentiment@5.0.2
and the VADER lexicon shipped by vader-sentiment@1.1.3. Writes into OUT_DIR: config.json,
onnx/model.onnx, reference.json, metrics.json. Needs tokenizer.json in OUT_DIR (build_tokenizer.py).

Method, in order (nothing is tuned on the test split):
  1. 3,000 labelled sentences (amazon/imdb/yelp, 500 pos + 500 neg each). Identical sentences
     (case-insensitive) are kept together so no test sentence is also a training sentence. A fixed,
     seeded, stratified (source x label) 20% test split; 10% of what is left is the validation split.
  2. Lexicon prior (VADER), two ways:
     a. embedding prior: before training, the word embedding of every single-token VADER entry gets
        scale * valence/4 * u added, u one fixed random unit vector, so polar words that no training
        sentence contains still start on the right side of one shared "sentiment" direction;
     b. weak labels: entries with |valence| >= lexicon_min_valence become one-phrase examples
        ("wonderful" -> positive) plus negations ("not wonderful" -> negative); a fresh sample of
        lexicon_phrases_per_epoch of them joins every epoch with loss weight lexicon_loss_weight.
  3. Regularisation: dropout 0.2 and word dropout (tokens -> [MASK] with p = token_mask_prob).
  4. AdamW with linear warm-up/decay; the checkpoint with the best validation accuracy is kept
     (early stopping on validation, never on test).
  The settings in TRAIN were chosen by mean validation accuracy over three validation carves of the
  training pool (--fold-seed 1..3); see models/README.md. The test split was used once, at the end.
Usage: train.py CACHE_DIR OUT_DIR
"""

import argparse
import json
import math
import os
import platform
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from wordpiece import WordPieceTokenizer

SEED = 20261126
MAX_LENGTH = 128
SOURCES = ("amazon", "imdb", "yelp")
LABELS = ("negative", "positive")

CONFIG = {
    "hidden_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 256,
    "hidden_act": "gelu",
    "max_position_embeddings": MAX_LENGTH,
    "vocab_size": 30522,
    "type_vocab_size": 2,
    "pad_token_id": 0,
    "layer_norm_eps": 1e-12,
    "initializer_range": 0.02,
    "hidden_dropout_prob": 0.2,  # set from TRAIN["dropout"]
    "attention_probs_dropout_prob": 0.2,
    "classifier_dropout": None,
}

TRAIN = {
    "epochs": 15,
    "patience": 5,
    "batch_size": 32,
    "learning_rate": 2e-3,
    "weight_decay": 0.01,
    "warmup_fraction": 0.06,
    "lexicon_min_valence": 1.0,
    "lexicon_negations": True,
    "lexicon_phrases_per_epoch": 1000,
    "lexicon_loss_weight": 0.5,
    "lexicon_embedding_scale": 0.5,
    "token_mask_prob": 0.1,
    "dropout": 0.2,
}

MASK_FILL = -10000.0  # added to masked attention scores; finite so an fp16 conversion stays NaN-free


# --- model: module names mirror transformers' BertForSequenceClassification ---------------------


class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"], padding_idx=c["pad_token_id"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])
        self.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).unsqueeze(0), persistent=False)

    def forward(self, input_ids, token_type_ids):
        seq_len = input_ids.shape[1]
        positions = self.position_ids[:, :seq_len]
        x = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids) + self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.num_heads = c["num_attention_heads"]
        self.head_size = c["hidden_size"] // self.num_heads
        self.query = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.key = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.value = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def split_heads(self, x):  # [B, S, H*D] -> [B, H, S, D]
        b, s, _ = x.shape
        return x.view(b, s, self.num_heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, hidden, mask_bias):
        q = self.split_heads(self.query(hidden))
        k = self.split_heads(self.key(hidden))
        v = self.split_heads(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + mask_bias
        probs = self.dropout(F.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        b, s = ctx.shape[0], ctx.shape[1]
        return ctx.view(b, s, self.num_heads * self.head_size)


class BertSelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dropout(self.dense(hidden)) + residual)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c)

    def forward(self, hidden, mask_bias):
        return self.output(self.self(hidden, mask_bias), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, hidden):
        return F.gelu(self.dense(hidden))  # exact (erf) GELU, as BERT's "gelu"


class BertOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["intermediate_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dropout(self.dense(hidden)) + residual)


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertOutput(c)

    def forward(self, hidden, mask_bias):
        attended = self.attention(hidden, mask_bias)
        return self.output(self.intermediate(attended), attended)


class BertEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, hidden, mask_bias):
        for layer in self.layer:
            hidden = layer(hidden, mask_bias)
        return hidden


class BertPooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.activation = nn.Tanh()

    def forward(self, hidden):
        return self.activation(self.dense(hidden[:, 0]))  # the [CLS] position


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)
        self.pooler = BertPooler(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        # [B, S] of 1/0 -> [B, 1, 1, S] additive bias on the attention scores
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * MASK_FILL
        hidden = self.encoder(self.embeddings(input_ids, token_type_ids), mask_bias)
        return self.pooler(hidden)


class BertForSequenceClassification(nn.Module):
    def __init__(self, c, num_labels):
        super().__init__()
        self.bert = BertModel(c)
        p = c["classifier_dropout"] if c["classifier_dropout"] is not None else c["hidden_dropout_prob"]
        self.dropout = nn.Dropout(p)
        self.classifier = nn.Linear(c["hidden_size"], num_labels)
        self.apply(lambda m: init_weights(m, c["initializer_range"]))

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.classifier(self.dropout(self.bert(input_ids, attention_mask, token_type_ids)))


def init_weights(module, std):
    """BERT's initialisation: N(0, 0.02) weights, zero biases, unit LayerNorm, zero padding row."""
    if isinstance(module, nn.Linear):
        module.weight.data.normal_(0.0, std)
        module.bias.data.zero_()
    elif isinstance(module, nn.Embedding):
        module.weight.data.normal_(0.0, std)
        if module.padding_idx is not None:
            module.weight.data[module.padding_idx].zero_()
    elif isinstance(module, nn.LayerNorm):
        module.weight.data.fill_(1.0)
        module.bias.data.zero_()


# --- data -----------------------------------------------------------------------------------------


def load_sentences(cache):
    rows = []
    for source in SOURCES:
        path = os.path.join(cache, "sentiment", "test", "fixtures", f"{source}.json")
        with open(path, encoding="utf-8") as f:
            for r in json.load(f):
                if r.get("class") is None:  # each file ends with an empty {"text": "", "class": null}
                    continue
                rows.append({"source": source, "text": r["text"], "label": int(r["class"])})
    return rows


def stratified_split(rows, fraction, rng):
    """Splits rows into (rest, held) with `fraction` of each (source, label) stratum in `held`.

    Case-insensitive duplicates form one group and always land on the same side.
    """
    groups = {}
    for r in rows:
        groups.setdefault(r["text"].strip().lower(), []).append(r)
    strata = {}
    for key in sorted(groups):
        g = groups[key]
        strata.setdefault((g[0]["source"], g[0]["label"]), []).append(g)
    rest, held = [], []
    for stratum in sorted(strata):
        gs = strata[stratum]
        rng.shuffle(gs)
        target = round(fraction * sum(len(g) for g in gs))
        n = 0
        for g in gs:
            if n + len(g) <= target:
                held.extend(g)
                n += len(g)
            else:
                rest.extend(g)
    return rest, held


def load_vader(cache):
    """[(phrase, mean valence)] in file order."""
    out = []
    path = os.path.join(cache, "vader-sentiment", "vader_lexicon.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                out.append((parts[0], float(parts[1])))
    return out


def lexicon_phrases(vader, min_valence, negations):
    """VADER entries -> weak labelled phrases [{text, label}]: the entry, and "not <entry>" flipped."""
    out = []
    for phrase, valence in vader:
        if abs(valence) < min_valence:
            continue
        label = 1 if valence > 0 else 0
        out.append({"text": phrase, "label": label})
        if negations and phrase[0].isalpha():
            out.append({"text": f"not {phrase}", "label": 1 - label})
    return out


def encode_rows(tok, rows):
    for r in rows:
        r["ids"] = tok.encode(r["text"], max_length=MAX_LENGTH)
    return rows


def batch_tensors(id_lists):
    """Right-pads with [PAD]=0. Returns input_ids, attention_mask, token_type_ids as int64 [B, S]."""
    width = max(len(ids) for ids in id_lists)
    input_ids = torch.zeros(len(id_lists), width, dtype=torch.long)
    attention_mask = torch.zeros(len(id_lists), width, dtype=torch.long)
    for i, ids in enumerate(id_lists):
        input_ids[i, : len(ids)] = torch.tensor(ids)
        attention_mask[i, : len(ids)] = 1
    return input_ids, attention_mask, torch.zeros_like(input_ids)


@torch.no_grad()
def predict(model, rows, batch_size=128):
    model.eval()
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["ids"]))
    logits = torch.zeros(len(rows), len(LABELS))
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        logits[idx] = model(*batch_tensors([rows[i]["ids"] for i in idx]))
    return logits


def accuracy(model, rows):
    pred = predict(model, rows).argmax(-1)
    return float((pred == torch.tensor([r["label"] for r in rows])).float().mean())


# --- training -------------------------------------------------------------------------------------


def mask_tokens(ids, prob):
    """Word dropout: each non-special token becomes [MASK] with probability `prob` (training only)."""
    if prob <= 0:
        return ids
    return [i if i in (101, 102) or random.random() >= prob else 103 for i in ids]


def length_bucketed_batches(examples, batch_size, pool=50):
    """Shuffled batches of similar-length examples (less padding, same examples per epoch)."""
    random.shuffle(examples)
    batches = []
    for s in range(0, len(examples), batch_size * pool):
        window = sorted(examples[s : s + batch_size * pool], key=lambda e: len(e[0]))
        batches.extend(window[i : i + batch_size] for i in range(0, len(window), batch_size))
    random.shuffle(batches)
    return batches


def apply_embedding_prior(model, tok, lexicon, scale, seed):
    """Adds scale * valence/4 * u to the embedding of every single-token VADER word.

    u is one fixed random unit vector (zero-mean, so LayerNorm keeps it): every polar word, also one
    never seen in a training sentence, starts out pointing along the same "sentiment" direction.
    """
    gen = torch.Generator().manual_seed(seed)
    u = torch.randn(model.bert.embeddings.word_embeddings.embedding_dim, generator=gen)
    u = u - u.mean()
    u = u / u.norm()
    rows = 0
    with torch.no_grad():
        weight = model.bert.embeddings.word_embeddings.weight
        for phrase, valence in lexicon:
            pieces = tok.tokenize(phrase)
            if len(pieces) == 1 and pieces[0] in tok.vocab and not pieces[0].startswith("["):
                weight[tok.vocab[pieces[0]]] += scale * (valence / 4.0) * u
                rows += 1
    return rows


def train(model, train_rows, lexicon_rows, val_rows, hp, log):
    sentences = [(r["ids"], r["label"], 1.0) for r in train_rows]
    phrases = [(r["ids"], r["label"], hp["lexicon_loss_weight"]) for r in lexicon_rows]
    per_epoch = min(len(phrases), hp["lexicon_phrases_per_epoch"])
    steps_per_epoch = math.ceil((len(sentences) + per_epoch) / hp["batch_size"])
    total = steps_per_epoch * hp["epochs"]
    warmup = max(1, int(hp["warmup_fraction"] * total))

    no_decay = ("bias", "LayerNorm.weight")
    params = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": hp["weight_decay"]},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(params, lr=hp["learning_rate"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: step / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup))
    )
    best = {"val": -1.0, "epoch": 0, "state": None}
    history = []
    for epoch in range(1, hp["epochs"] + 1):
        model.train()
        loss_sum = 0.0
        random.shuffle(phrases)
        examples = sentences + phrases[:per_epoch]  # a fresh sample of lexicon phrases each epoch
        for chunk in length_bucketed_batches(examples, hp["batch_size"]):
            inputs = batch_tensors([mask_tokens(e[0], hp["token_mask_prob"]) for e in chunk])
            labels = torch.tensor([e[1] for e in chunk])
            weights = torch.tensor([e[2] for e in chunk])
            loss = (F.cross_entropy(model(*inputs), labels, reduction="none") * weights).sum() / weights.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            loss_sum += float(loss) * len(chunk)
        val = accuracy(model, val_rows)
        history.append({"epoch": epoch, "loss": round(loss_sum / len(examples), 4), "valAccuracy": round(val, 4)})
        log(f"epoch {epoch:2d}  loss {loss_sum / len(examples):.4f}  val {val:.4f}")
        if val > best["val"]:
            best = {"val": val, "epoch": epoch, "state": {k: v.clone() for k, v in model.state_dict().items()}}
        elif epoch - best["epoch"] >= hp["patience"]:
            log(f"early stop: no validation gain for {hp['patience']} epochs")
            break
    model.load_state_dict(best["state"])
    return best, history


# --- export and reference -------------------------------------------------------------------------


def export_onnx(model, path):
    model.eval()
    dummy = batch_tensors([[101, 7592, 2088, 102], [101, 7592, 102]])
    axes = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(
        model,
        dummy,
        path,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch_size"}},
        opset_version=14,
        do_constant_folding=True,
    )


REFERENCE_TEXTS = [
    ("positive", "The food was absolutely wonderful and the staff were so friendly!"),
    ("negative", "This phone broke after two days. A total waste of money."),
    ("neutral", "The package arrived on Tuesday and I opened it after lunch."),
    ("negation", "Not bad at all, I would happily buy it again."),
    ("emoji", "I love this movie 😍🍿 best night ever"),
    ("emoji-glued", "Works great👍 would recommend"),
    ("cjk", "The sushi (寿司) in 東京 was fresh, but the service was painfully slow."),
    ("accents", "Crème brûlée at the café was bland and overpriced."),
    (
        "long",
        "I bought this blender after reading dozens of reviews, and I wanted to love it. The first week was fine: "
        "it crushed ice, made smoothies, and the jar was easy to clean. Then the motor started to smell like burning "
        "plastic whenever I ran it for more than thirty seconds, the lid cracked along the seam, and the customer "
        "service line kept me on hold for an hour before disconnecting. The replacement they finally sent had the "
        "same problem within three days. The design looks nice on the counter, the buttons are responsive, and the "
        "price seemed reasonable at first, but a kitchen appliance that cannot survive a month of ordinary use is "
        "not worth any price. I returned it, I will not buy from this brand again, and I would warn friends and "
        "family to stay away from it, no matter how attractive the discounts are or how many glowing reviews they see.",
    ),
]
BATCH_TEXTS = ["Great value, works perfectly.", "The screen died after one week and support never replied to my emails."]


@torch.no_grad()
def reference_cases(model, tok):
    model.eval()
    cases = []
    for kind, text in REFERENCE_TEXTS:
        full = tok.encode(text)
        ids = tok.encode(text, max_length=MAX_LENGTH)
        logits = model(*batch_tensors([ids]))[0]
        cases.append({
            "kind": kind,
            "text": text,
            "untruncatedLength": len(full),
            "input_ids": ids,
            "logits": [float(v) for v in logits],
            "label": LABELS[int(logits.argmax())],
        })
    id_lists = [tok.encode(t, max_length=MAX_LENGTH) for t in BATCH_TEXTS]
    input_ids, attention_mask, token_type_ids = batch_tensors(id_lists)
    batch_logits = model(input_ids, attention_mask, token_type_ids)
    # Padding must not change a sequence's logits.
    for i, ids in enumerate(id_lists):
        alone = model(*batch_tensors([ids]))[0]
        drift = float((alone - batch_logits[i]).abs().max())
        if drift > 1e-4:
            raise SystemExit(f"padding changes logits of batch row {i} by {drift}")
    batch = {
        "texts": BATCH_TEXTS,
        "input_ids": input_ids.tolist(),
        "attention_mask": attention_mask.tolist(),
        "token_type_ids": token_type_ids.tolist(),
        "logits": [[float(v) for v in row] for row in batch_logits],
        "labels": [LABELS[int(i)] for i in batch_logits.argmax(-1)],
    }
    return cases, batch


def confusion(labels, preds):
    m = [[0, 0], [0, 0]]
    for y, p in zip(labels, preds):
        m[y][p] += 1
    return m


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cache")
    ap.add_argument("out")
    # 1 thread by default: Debian's torch uses the single-threaded reference BLAS, so a second thread
    # gains little; two OpenMP threads on cores shared with other jobs ran ~10x slower here; and one
    # thread made two rebuilds byte-identical.
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    ap.add_argument("--fold-seed", type=int, default=None, help="experiments only: reseed the validation carve")
    ap.add_argument("--no-export", action="store_true", help="train and report validation only (experiments)")
    for k, v in TRAIN.items():
        ap.add_argument(f"--{k.replace('_', '-')}", type=type(v) if not isinstance(v, bool) else int, default=v)
    args = ap.parse_args()
    hp = {k: (bool(getattr(args, k)) if isinstance(v, bool) else getattr(args, k)) for k, v in TRAIN.items()}

    started = time.time()
    log = lambda msg: print(f"[{time.time() - started:6.1f}s] {msg}", flush=True)  # noqa: E731
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)

    tok = WordPieceTokenizer.from_file(os.path.join(args.out, "tokenizer.json"))
    rows = encode_rows(tok, load_sentences(args.cache))
    split_rng = random.Random(SEED)
    train_all, test_rows = stratified_split(rows, 0.2, split_rng)
    if args.fold_seed is not None:  # experiments: a different validation carve from the same train pool
        split_rng = random.Random(args.fold_seed)
    train_rows, val_rows = stratified_split(train_all, 0.1, split_rng)
    vader = load_vader(args.cache)
    lexicon_rows = encode_rows(tok, lexicon_phrases(vader, hp["lexicon_min_valence"], hp["lexicon_negations"]))
    if hp["lexicon_phrases_per_epoch"] == 0:
        lexicon_rows = []
    log(f"sentences {len(rows)}: train {len(train_rows)}, validation {len(val_rows)}, test {len(test_rows)}; lexicon phrases {len(lexicon_rows)}")

    CONFIG["hidden_dropout_prob"] = CONFIG["attention_probs_dropout_prob"] = hp["dropout"]
    model = BertForSequenceClassification(CONFIG, len(LABELS))
    n_params = sum(p.numel() for p in model.parameters())
    if hp["lexicon_embedding_scale"] > 0:
        n = apply_embedding_prior(model, tok, vader, hp["lexicon_embedding_scale"], SEED)
        log(f"lexicon embedding prior on {n} single-token VADER entries")
    log(f"parameters {n_params:,}")
    best, history = train(model, train_rows, lexicon_rows, val_rows, hp, log)
    log(f"best validation accuracy {best['val']:.4f} at epoch {best['epoch']}")
    if args.no_export:
        return

    # The test split is evaluated exactly once, after model selection.
    test_logits = predict(model, test_rows)
    preds = test_logits.argmax(-1).tolist()
    labels = [r["label"] for r in test_rows]
    acc = sum(int(p == y) for p, y in zip(preds, labels)) / len(labels)
    per_source = {}
    for s in SOURCES:
        idx = [i for i, r in enumerate(test_rows) if r["source"] == s]
        per_source[s] = {
            "accuracy": round(sum(int(preds[i] == labels[i]) for i in idx) / len(idx), 4),
            "testSize": len(idx),
            "confusionMatrix": confusion([labels[i] for i in idx], [preds[i] for i in idx]),
        }
    log(f"held-out test accuracy {acc:.4f} on {len(labels)} sentences")

    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    onnx_path = os.path.join(args.out, "onnx", "model.onnx")
    export_onnx(model, onnx_path)
    import onnx  # only needed for the check

    onnx.checker.check_model(onnx.load(onnx_path), full_check=True)
    log(f"exported {onnx_path} ({os.path.getsize(onnx_path):,} bytes), onnx.checker ok")

    config = {
        "_comment": "Tiny BERT trained from scratch by the Glassbox recipe models/recipes/tiny-sentiment-bert; not a pretrained BERT.",
        "architectures": ["BertForSequenceClassification"],
        "model_type": "bert",
        **{k: v for k, v in CONFIG.items()},
        "position_embedding_type": "absolute",
        "id2label": {str(i): l for i, l in enumerate(LABELS)},
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "problem_type": "single_label_classification",
    }
    write_json(os.path.join(args.out, "config.json"), config)

    cases, batch = reference_cases(model, tok)
    write_json(os.path.join(args.out, "reference.json"), {
        "about": "Reference outputs of the PyTorch model the ONNX file was exported from (fp32, eval mode). "
                 "input_ids are tokenizer.json's encoding with [CLS]/[SEP], truncated to maxLength with [SEP] kept "
                 "last; attention_mask is all ones and token_type_ids all zeros unless given.",
        "maxLength": MAX_LENGTH,
        "torch": torch.__version__,
        "cases": cases,
        "paddedBatch": batch,
    })

    metrics = {
        "model": "tiny-sentiment-bert",
        "task": "text-classification",
        "heldOutAccuracy": round(acc, 4),
        "testSize": len(test_rows),
        "confusionMatrix": {
            "labels": list(LABELS),
            "rows": "true label",
            "columns": "predicted label",
            "matrix": confusion(labels, preds),
        },
        "perSource": per_source,
        "validationAccuracy": round(best["val"], 4),
        "validationSize": len(val_rows),
        "trainSize": len(train_rows),
        "lexiconPhrases": len(lexicon_rows),
        "bestEpoch": best["epoch"],
        "history": history,
        "parameterCount": n_params,
        "hyperparameters": hp,
        "seed": SEED,
        "dataset": "UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015), via npm sentiment@5.0.2 test/fixtures",
        "lexicon": "VADER lexicon (Hutto & Gilbert, ICWSM 2014), via npm vader-sentiment@1.1.3",
        "split": "stratified by source x label, seeded; 20% test, then 10% of the rest for validation; case-insensitive duplicates kept on one side",
        "trainingSeconds": round(time.time() - started, 1),
        "environment": {"torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads()},
    }
    write_json(os.path.join(args.out, "metrics.json"), metrics)
    log("wrote config.json, reference.json, metrics.json")


if __name__ == "__main__":
    sys.exit(main())
