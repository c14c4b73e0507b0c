"""Trains the tiny Bible BERT (masked LM) on the World English Bible, on CPU, for a fixed CPU-time budget.

Usage: train.py --corpus corpus.txt --tokenizer tokenizer.json --out checkpoint.pt [--cpu-minutes 8]
Data: each line of the corpus (a verse or paragraph), encoded with the recipe's WordPiece tokenizer, packed
with the lines after it in the same book into sequences of at most SEQ tokens, [CLS] ... [SEP]. Held out:
every 20th sequence (5 %), never trained on. The budget is this process's CPU time (on a shared machine the
wall clock says more about the neighbours); --max-wall-minutes stops it regardless, and the learning-rate
schedule follows whichever budget is nearer its end. Held-out metrics: 15 % of the held-out tokens (a fixed,
seeded choice) are replaced by [MASK]; accuracy is how often the original token is the top prediction,
top-5 how often it is among the five best.
"""

import argparse
import json
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from masked_lm import BertForMaskedLM, mask_for_training
from train_tokenizer import BOOK_BREAK, MAX_LENGTH, SPECIAL, WordPieceTokenizer

CONFIG = {
    "architectures": ["BertForMaskedLM"],
    "model_type": "bert",
    "hidden_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "intermediate_size": 512,
    "hidden_act": "gelu",
    "max_position_embeddings": MAX_LENGTH,
    "vocab_size": 4096,
    "type_vocab_size": 2,
    "pad_token_id": SPECIAL["[PAD]"],
    "layer_norm_eps": 1e-12,
    "initializer_range": 0.02,
    "hidden_dropout_prob": 0.0,
    "attention_probs_dropout_prob": 0.0,
    "position_embedding_type": "absolute",
    "tie_word_embeddings": True,
}
SEQ = 64
HELD_OUT_EVERY = 20
SPECIAL_IDS = torch.tensor(sorted(SPECIAL.values()))


def sequences(corpus: str, tok: WordPieceTokenizer) -> list[list[int]]:
    out = []
    for book in corpus.split(BOOK_BREAK):
        current: list[int] = []
        for line in book.strip("\n").split("\n"):
            ids = [tok.vocab[t] for t in tok.tokenize(line)]
            for start in range(0, len(ids), SEQ - 2):
                piece = ids[start : start + SEQ - 2]
                if len(current) + len(piece) > SEQ - 2:
                    out.append(current)
                    current = []
                current = current + piece
        if current:
            out.append(current)
    return [[SPECIAL["[CLS]"], *s, SPECIAL["[SEP]"]] for s in out if s]


def pad(batch: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    for i, s in enumerate(batch):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


@torch.no_grad()
def held_out_metrics(model, held_out: list[list[int]], seed: int = 7) -> dict:
    model.eval()
    gen = torch.Generator().manual_seed(seed)
    total = correct = top5 = 0
    loss_sum = 0.0
    for i in range(0, len(held_out), 64):
        ids, mask = pad(held_out[i : i + 64])
        chosen = (torch.rand(ids.shape, generator=gen) < 0.15) & ~torch.isin(ids, SPECIAL_IDS)
        inputs = ids.masked_fill(chosen, SPECIAL["[MASK]"])
        logits = model.masked_logits(inputs, mask, chosen)
        target = ids[chosen]
        loss_sum += F.cross_entropy(logits, target, reduction="sum").item()
        best = logits.topk(5, dim=-1).indices
        correct += int((best[:, 0] == target).sum())
        top5 += int((best == target[:, None]).any(-1).sum())
        total += int(target.numel())
    model.train()
    return {"masked_tokens": total, "accuracy": correct / total, "top5_accuracy": top5 / total,
            "loss": loss_sum / total, "perplexity": math.exp(loss_sum / total)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--cpu-minutes", type=float, default=8.0)
    parser.add_argument("--max-wall-minutes", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    tok = WordPieceTokenizer.from_file(args.tokenizer)
    assert len(tok.vocab) == CONFIG["vocab_size"], len(tok.vocab)
    # Tokenizing the corpus in Python takes minutes on a busy machine: kept beside the checkpoint.
    cache = Path(args.out).with_name("sequences.json")
    if cache.exists():
        every = json.loads(cache.read_text())
    else:
        every = sequences(open(args.corpus, encoding="utf-8").read(), tok)
        cache.write_text(json.dumps(every))
    train = [s for k, s in enumerate(every) if k % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held_out = [s for k, s in enumerate(every) if k % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    print(f"sequences: train {len(train):,}, held-out {len(held_out):,}", flush=True)

    model = BertForMaskedLM(CONFIG)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.98))
    budget, warmup = args.cpu_minutes * 60, 200
    started, cpu_started = time.time(), time.process_time()
    history, step, seen = [], 0, 0
    while True:
        elapsed = time.process_time() - cpu_started
        progress = max(elapsed / budget, (time.time() - started) / (args.max_wall_minutes * 60))
        if progress >= 1:
            break
        lr = args.lr * min(1.0, (step + 1) / warmup) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        picks = torch.randint(0, len(train), (args.batch,), generator=gen)
        ids, mask = pad([train[int(k)] for k in picks])
        inputs, chosen = mask_for_training(ids, SPECIAL_IDS, SPECIAL["[MASK]"], CONFIG["vocab_size"], gen)
        loss = F.cross_entropy(model.masked_logits(inputs, mask, chosen), ids[chosen])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        seen += args.batch
        if step % 100 == 0:
            history.append({"step": step, "cpu_seconds": round(elapsed, 1), "wall_seconds": round(time.time() - started, 1),
                            "lr": round(lr, 6), "train_loss": round(loss.item(), 4)})
            print(json.dumps(history[-1]), flush=True)
    metrics = held_out_metrics(model, held_out)
    print(f"held-out: {json.dumps(metrics)}; {step} steps", flush=True)
    metrics.update({"held_out_sequences": len(held_out), "train_sequences": len(train), "steps": step,
                    "epochs": seen / len(train), "wall_seconds": round(time.time() - started, 1),
                    "cpu_seconds": round(time.process_time() - cpu_started, 1), "settings": vars(args),
                    "history": history})
    torch.save({"config": CONFIG, "state_dict": model.state_dict(), "metrics": metrics}, args.out)


if __name__ == "__main__":
    main()
