"""Builds the tiny random BERT heads that tests serve from the local hub (tests/support/hub-server.ts):

  tests/fixtures/hub/glassbox/tiny-random-bert-ner  BertForTokenClassification, id2label O B-PER I-PER B-LOC
                                                    I-LOC B-ORG I-ORG, output logits [batch, tokens, 7]
  tests/fixtures/hub/glassbox/tiny-random-bert-qa   BertForQuestionAnswering, outputs start_logits and
                                                    end_logits [batch, tokens]

Hub layout (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx), the module names of
transformers' BERT (the sentiment recipe's modules). Weights are random (seeded), scaled so the labels
and spans are spread out, not near-ties. The uncased WordPiece vocabulary is small and made here: the
special tokens, letters and their ## continuations, digits, punctuation and ~120 words, so the test
sentences split into whole words and a few ## pieces. Positions: 64, so a long context needs windows.

Each folder's reference.json holds the goldens its integration test compares with: the logits of the
exported weights in PyTorch, and the post-processed outputs computed here with NumPy by a port of
transformers' TokenClassificationPipeline (gather_pre_entities, aggregate, group_entities) and
QuestionAnsweringPipeline (only_second truncation with a stride, select_starts_ends, decode_spans,
align_to_words), on offsets that this file's tokenizer tracks through pre-tokenization.

Usage (from the repository root): /usr/bin/python3 models/recipes/tiny-random-text-heads/build.py
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tiny-sentiment-bert"))
from train import MASK_FILL, BertEmbeddings, BertEncoder  # noqa: E402
from wordpiece import _is_punctuation, _is_whitespace  # noqa: E402

OUT = Path("tests/fixtures/hub/glassbox")
SEED = 20261207
MAX_POSITIONS = 64
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = """the a an of and in on at to is was were be by for with from who what where when which how
hello sarah jessica parker lives live new york paris london berlin works work worked enzo un founded
hugging city capital country river company team people person name called born studied met visited
john mary anna peter tom alice bob france germany england europe google apple microsoft museum school
university teacher doctor writer year years day week today yesterday he she they it his her their
this that there here not no yes very small large old first last two three many some all one big
""".split()
LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]

NER_TEXTS = [
    "Hello Sarah Jessica Parker who Jessica lives in New York",
    "Enzo works at the UN in Berlin.",
    "Mary visited Zürich and Londonderry with Bob.",
]
QA_CASES = [
    {"question": "Where was HuggingFace founded?", "context": "HuggingFace was founded in Paris."},
    {
        "question": "Where does Sarah live?",
        # Long enough for several 64-token windows (doc_stride 32).
        "context": " ".join(
            [
                "Sarah Jessica Parker lives in New York.",
                "John studied at the university in Berlin, and Mary worked for Google in London.",
                "The museum in Paris was founded two hundred years ago by a teacher called Peter.",
                "Anna visited France and Germany last year with her team from Microsoft.",
                "Tom is a doctor who lives in a small city on the river.",
            ]
        ),
    },
]


# --- tokenizer ---------------------------------------------------------------------------------


def build_vocab():
    vocab = list(SPECIALS)
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    vocab += letters + ["##" + c for c in letters]
    vocab += [str(d) for d in range(10)] + ["##" + str(d) for d in range(10)]
    vocab += list(".,;:!?'\"()-/")
    vocab += WORDS + ["##face", "##zo", "##er", "##ing", "##s", "##ed", "##on", "##ry"]
    unique = list(dict.fromkeys(vocab))
    return {token: i for i, token in enumerate(unique)}


def tokenizer_json(vocab):
    added = [
        {"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
        for t in SPECIALS
    ]
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 1}},
            ],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab},
    }


def tokenizer_config():
    return {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "model_max_length": MAX_POSITIONS,
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "pad_token": "[PAD]",
        "unk_token": "[UNK]",
        "mask_token": "[MASK]",
        "padding_side": "right",
        "clean_up_tokenization_spaces": True,
    }


def words_with_offsets(text):
    """BertPreTokenizer on the raw text, tracking offsets (the texts here are ASCII or NFC Latin)."""
    words, start = [], None
    for i, c in enumerate(text):
        if _is_whitespace(c):
            if start is not None:
                words.append((start, i))
                start = None
        elif _is_punctuation(c):
            if start is not None:
                words.append((start, i))
                start = None
            words.append((i, i + 1))
        elif start is None:
            start = i
    if start is not None:
        words.append((start, len(text)))
    return words


def strip_accent(c):
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", c) if unicodedata.category(ch) != "Mn")


def tokenize(text, vocab):
    """WordPiece per word: (ids, tokens, offsets, word index); a word that cannot be split is one [UNK]."""
    ids, tokens, offsets, word_ids = [], [], [], []
    for w, (ws, we) in enumerate(words_with_offsets(text)):
        # Lower case and accents stripped one character at a time: same length, so offsets carry over.
        word = "".join(strip_accent(c).lower() for c in text[ws:we])
        assert len(word) == we - ws, text[ws:we]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                sub = ("##" if start > 0 else "") + word[start:end]
                if sub in vocab:
                    found = sub
                    break
                end -= 1
            if found is None:
                pieces = None
                break
            pieces.append((found, ws + start, ws + end))
            start = end
        if pieces is None:
            pieces = [("[UNK]", ws, we)]
        for token, s, e in pieces:
            ids.append(vocab[token])
            tokens.append(token)
            offsets.append((s, e))
            word_ids.append(w)
    return ids, tokens, offsets, word_ids


def convert_tokens_to_string(tokens):
    out = ""
    for i, t in enumerate(tokens):
        piece = t if i == 0 else (t[2:] if t.startswith("##") else " " + t)
        for a, b in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
            piece = piece.replace(a, b)
        out += piece
    return out


# --- models ------------------------------------------------------------------------------------

CONFIG = {
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "hidden_act": "gelu",
    "max_position_embeddings": MAX_POSITIONS,
    "type_vocab_size": 2,
    "pad_token_id": 0,
    "layer_norm_eps": 1e-12,
    "initializer_range": 0.02,
    "hidden_dropout_prob": 0.0,
    "attention_probs_dropout_prob": 0.0,
    "classifier_dropout": None,
}


class BertEncoderOnly(nn.Module):
    """transformers' BertModel without its pooler: the sequence of hidden states."""

    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * MASK_FILL
        return self.encoder(self.embeddings(input_ids, token_type_ids), mask_bias)


class BertForTokenClassification(nn.Module):
    def __init__(self, c, num_labels):
        super().__init__()
        self.bert = BertEncoderOnly(c)
        self.classifier = nn.Linear(c["hidden_size"], num_labels)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.classifier(self.bert(input_ids, attention_mask, token_type_ids))


class BertForQuestionAnswering(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bert = BertEncoderOnly(c)
        self.qa_outputs = nn.Linear(c["hidden_size"], 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        logits = self.qa_outputs(self.bert(input_ids, attention_mask, token_type_ids))
        start, end = logits.split(1, dim=-1)
        return start.squeeze(-1), end.squeeze(-1)


def randomise(model, generator):
    """Spread-out random weights: matrices N(0, 2/fan_in), embeddings N(0, 1), norms 1 ± 0.2, biases ± 0.1."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2 and "embeddings" in name:
                p.copy_(torch.randn(p.shape, generator=generator))
            elif p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=generator) * math.sqrt(2.0 / p.shape[1]))
            elif name.endswith("bias"):
                p.copy_(torch.randn(p.shape, generator=generator) * 0.1)
            else:
                p.copy_(1 + torch.randn(p.shape, generator=generator) * 0.2)
        # The heads a little sharper, so the labels and spans are clear choices.
        head = model.classifier if hasattr(model, "classifier") else model.qa_outputs
        head.weight.mul_(3.0)


def run(model, ids, type_ids):
    with torch.no_grad():
        t = lambda v: torch.tensor([v], dtype=torch.int64)  # noqa: E731
        return model(t(ids), t([1] * len(ids)), t(type_ids))


def export(model, path, outputs):
    path.parent.mkdir(parents=True, exist_ok=True)
    axes = {0: "batch_size", 1: "sequence_length"}
    dummy = tuple(torch.tensor([[2, 40, 41, 3]], dtype=torch.int64) for _ in range(3))
    dummy = (dummy[0], torch.ones_like(dummy[0]), torch.zeros_like(dummy[0]))
    torch.onnx.export(
        model,
        dummy,
        str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=outputs,
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, **{name: axes for name in outputs}},
        opset_version=14,
        do_constant_folding=True,
    )


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_folder(name, config, vocab):
    folder = OUT / name
    write_json(folder / "config.json", config)
    write_json(folder / "tokenizer.json", tokenizer_json(vocab))
    write_json(folder / "tokenizer_config.json", tokenizer_config())
    return folder


# --- token classification goldens (a port of TokenClassificationPipeline) ------------------------


def ner_goldens(model, vocab):
    cases = []
    for text in NER_TEXTS:
        ids, tokens, offsets, _ = tokenize(text, vocab)
        ids = [vocab["[CLS]"]] + ids + [vocab["[SEP]"]]
        tokens = ["[CLS]"] + tokens + ["[SEP]"]
        offsets = [(0, 0)] + offsets + [(0, 0)]
        special = [1] + [0] * (len(ids) - 2) + [1]
        logits = run(model, ids, [0] * len(ids))[0].numpy()
        maxes = np.max(logits, axis=-1, keepdims=True)
        shifted = np.exp(logits - maxes)
        scores = shifted / shifted.sum(axis=-1, keepdims=True)
        pre = []
        for idx, token_scores in enumerate(scores):
            if special[idx]:
                continue
            word = tokens[idx]
            s, e = offsets[idx]
            word_ref = text[s:e]
            is_subword = len(word) != len(word_ref)
            if ids[idx] == vocab["[UNK]"]:
                word = word_ref
                is_subword = False
            pre.append({"word": word, "scores": token_scores, "start": s, "end": e, "index": idx, "is_subword": is_subword})
        by_strategy = {s: [simplify(x) for x in aggregate(pre, s)] for s in ("none", "simple", "first", "average", "max")}
        cases.append({"text": text, "input_ids": ids, "tokens": tokens, "logits": logits.tolist(), "entities": by_strategy})
    return cases


def simplify(entity):
    out = {k: v for k, v in entity.items() if k in ("entity", "entity_group", "word", "start", "end", "index")}
    out["score"] = float(entity["score"])
    return out


def aggregate(pre, strategy):
    if strategy in ("none", "simple"):
        entities = []
        for p in pre:
            idx = int(p["scores"].argmax())
            entities.append({"entity": LABELS[idx], "score": p["scores"][idx], "index": p["index"], "word": p["word"], "start": p["start"], "end": p["end"]})
    else:
        entities, group = [], None
        for p in pre:
            if group is None:
                group = [p]
            elif p["is_subword"]:
                group.append(p)
            else:
                entities.append(aggregate_word(group, strategy))
                group = [p]
        if group is not None:
            entities.append(aggregate_word(group, strategy))
    if strategy != "none":
        entities = group_entities(entities)
    return [e for e in entities if e.get("entity", None) != "O" and e.get("entity_group", None) != "O"]


def aggregate_word(entities, strategy):
    word = convert_tokens_to_string([e["word"] for e in entities])
    if strategy == "first":
        scores = entities[0]["scores"]
        idx = int(scores.argmax())
        score = scores[idx]
    elif strategy == "max":
        best = max(entities, key=lambda e: e["scores"].max())
        idx = int(best["scores"].argmax())
        score = best["scores"][idx]
    else:
        average = np.nanmean(np.stack([e["scores"] for e in entities]), axis=0)
        idx = int(average.argmax())
        score = average[idx]
    return {"entity": LABELS[idx], "score": score, "word": word, "start": entities[0]["start"], "end": entities[-1]["end"]}


def get_tag(name):
    if name.startswith("B-"):
        return "B", name[2:]
    if name.startswith("I-"):
        return "I", name[2:]
    return "I", name


def group_entities(entities):
    groups, current = [], []

    def close():
        groups.append(
            {
                "entity_group": current[0]["entity"].split("-", 1)[-1],
                "score": float(np.nanmean([e["score"] for e in current])),
                "word": convert_tokens_to_string([e["word"] for e in current]),
                "start": current[0]["start"],
                "end": current[-1]["end"],
            }
        )

    for e in entities:
        if not current:
            current.append(e)
            continue
        bi, tag = get_tag(e["entity"])
        _, last_tag = get_tag(current[-1]["entity"])
        if tag == last_tag and bi != "B":
            current.append(e)
        else:
            close()
            current = [e]
    if current:
        close()
    return groups


# --- question answering goldens (a port of QuestionAnsweringPipeline) ---------------------------


def qa_windows(question, context, vocab):
    q_ids, q_tokens, _, _ = tokenize(question, vocab)
    c_ids, c_tokens, c_offsets, c_words = tokenize(context, vocab)
    max_seq_len = min(MAX_POSITIONS, 384)
    stride = min(max_seq_len // 2, 128)
    room = max_seq_len - len(q_ids) - 3
    ranges = []
    if len(c_ids) <= room:
        ranges.append((0, len(c_ids)))
    else:
        assert room > stride
        start = 0
        while True:
            stop = min(start + room, len(c_ids))
            ranges.append((start, stop))
            if stop == len(c_ids):
                break
            start += room - stride
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    windows = []
    for a, b in ranges:
        ids = [cls] + q_ids + [sep] + c_ids[a:b] + [sep]
        types = [0] * (len(q_ids) + 2) + [1] * (b - a + 1)
        p_mask = [0] + [1] * (len(q_ids) + 1) + [0] * (b - a) + [1]
        offsets = [None] * (len(q_ids) + 2) + c_offsets[a:b] + [None]
        words = [None] * (len(q_ids) + 2) + c_words[a:b] + [None]
        windows.append({"ids": ids, "types": types, "p_mask": p_mask, "offsets": offsets, "words": words, "range": [a, b]})
    return windows, {"max_seq_len": max_seq_len, "doc_stride": stride}


def decode_spans(start, end, topk, max_answer_len, undesired):
    outer = np.matmul(np.expand_dims(start, -1), np.expand_dims(end, 0))
    candidates = np.tril(np.triu(outer), max_answer_len - 1)
    flat = candidates.flatten()
    # A stable order (ties: lower start, then lower end), as np.argmax picks for top_k 1.
    order = np.argsort(-flat, kind="stable")
    desired = set(np.nonzero(undesired)[0].tolist())
    out = []
    for i in order:
        s, e = divmod(int(i), candidates.shape[1])
        if s in desired and e in desired:
            out.append((s, e, float(candidates[s, e])))
        if len(out) == topk:
            break
    return out


def qa_answers(model, case, vocab, top_k, max_answer_len=15):
    windows, plan = qa_windows(case["question"], case["context"], vocab)
    answers, logits_out = [], []
    for w, win in enumerate(windows):
        start_logits, end_logits = (x[0].numpy().astype(np.float64) for x in run(model, win["ids"], win["types"]))
        logits_out.append({"start": start_logits.tolist(), "end": end_logits.tolist()})
        undesired = np.abs(np.array(win["p_mask"]) - 1)
        mask = undesired == 0
        start = np.where(mask, -10000.0, start_logits)
        end = np.where(mask, -10000.0, end_logits)
        start = np.exp(start - start.max())
        start = start / start.sum()
        end = np.exp(end - end.max())
        end = end / end.sum()
        start[0] = end[0] = 0.0
        for s, e, score in decode_spans(start, end, top_k, max_answer_len, undesired):
            sw, ew = win["words"][s], win["words"][e]
            if sw is None or ew is None:
                cs = win["offsets"][s][0] if win["offsets"][s] else 0
                ce = win["offsets"][e][1] if win["offsets"][e] else 0
            else:
                cs = min(o[0] for o, wd in zip(win["offsets"], win["words"]) if wd == sw)
                ce = max(o[1] for o, wd in zip(win["offsets"], win["words"]) if wd == ew)
            answers.append({"score": score, "start": cs, "end": ce, "answer": case["context"][cs:ce], "window": w, "startToken": s, "endToken": e})
    answers = sorted(answers, key=lambda x: x["score"], reverse=True)[:top_k]
    return {
        "question": case["question"],
        "context": case["context"],
        "topK": top_k,
        "maxAnswerLen": max_answer_len,
        **plan,
        "windows": [{"input_ids": win["ids"], "token_type_ids": win["types"], "contextRange": win["range"]} for win in windows],
        "logits": logits_out,
        "answers": answers,
    }


def main():
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    vocab = build_vocab()
    base = {**CONFIG, "vocab_size": len(vocab), "model_type": "bert"}

    ner = BertForTokenClassification({**base}, len(LABELS))
    randomise(ner, generator)
    ner.eval()
    ner_config = {
        **base,
        "architectures": ["BertForTokenClassification"],
        "id2label": {str(i): label for i, label in enumerate(LABELS)},
        "label2id": {label: i for i, label in enumerate(LABELS)},
    }
    folder = write_folder("tiny-random-bert-ner", ner_config, vocab)
    export(ner, folder / "onnx" / "model.onnx", ["logits"])
    write_json(folder / "reference.json", {"note": "goldens of build.py from the same weights", "cases": ner_goldens(ner, vocab)})

    qa = BertForQuestionAnswering({**base})
    randomise(qa, generator)
    qa.eval()
    folder = write_folder("tiny-random-bert-qa", {**base, "architectures": ["BertForQuestionAnswering"]}, vocab)
    export(qa, folder / "onnx" / "model.onnx", ["start_logits", "end_logits"])
    cases = [qa_answers(qa, case, vocab, top_k) for case in QA_CASES for top_k in (1, 3)]
    write_json(folder / "reference.json", {"note": "goldens of build.py from the same weights", "cases": cases})
    for case in cases:
        print(case["question"], len(case["windows"]), "windows:", [(a["answer"], round(a["score"], 4)) for a in case["answers"]])
    for case in ner_goldens(ner, vocab):
        print(case["text"], case["entities"]["simple"])


if __name__ == "__main__":
    main()
