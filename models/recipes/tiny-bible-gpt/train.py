"""Trains the tiny GPT-2-shaped model on the World English Bible, on CPU, for a fixed wall-clock budget.

Usage: train.py --corpus build/corpus.txt --tokenizer build/tokenizer.json --out build/checkpoint.pt
                [--cpu-minutes 14] [--seed 1234]
The budget is this process's CPU time, not wall-clock time: on a shared machine the wall clock says more
about the neighbours than about the training. --max-wall-minutes stops it regardless; the learning-rate
schedule follows whichever of the two budgets is nearer its end.
Held-out data: every 20th block of 4,096 tokens (5 %), never trained on. Writes the checkpoint (weights,
config, training history, held-out loss) for write_model.py.
"""

import argparse
import json
import math
import random
import time
from pathlib import Path

import torch
import torch.nn.functional as F

import bpe
import causal_lm

CONFIG = {
    "architectures": ["GPT2LMHeadModel"],
    "model_type": "gpt2",
    "vocab_size": 3072,
    "n_positions": 256,
    "n_ctx": 256,
    "max_position_embeddings": 256,
    "n_embd": 128,
    "n_layer": 4,
    "n_head": 4,
    "n_inner": None,
    "activation_function": "gelu_new",
    "layer_norm_epsilon": 1e-5,
    "resid_pdrop": 0.0,
    "embd_pdrop": 0.0,
    "attn_pdrop": 0.0,
    "initializer_range": 0.02,
    "bos_token_id": 0,
    "eos_token_id": 0,
    "tie_word_embeddings": True,
    "use_cache": True,
}
BOOK_BREAK = "<|book|>"
BLOCK = 4096
HELD_OUT_EVERY = 20


def load_tokens(corpus_path: str, tokenizer: bpe.Tokenizer) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, held-out) token streams; books are separated by <|endoftext|>."""
    text = open(corpus_path, encoding="utf-8").read()
    ids: list[int] = []
    for book in text.split(BOOK_BREAK):
        ids.extend(tokenizer.encode(book.strip("\n")))
        ids.append(tokenizer.ids[bpe.END_OF_TEXT])
    train, held_out = [], []
    for k, start in enumerate(range(0, len(ids), BLOCK)):
        (held_out if k % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).extend(ids[start : start + BLOCK])
    return torch.tensor(train), torch.tensor(held_out)


def loss_on(model, batch: torch.Tensor) -> torch.Tensor:
    inputs, targets = batch[:, :-1], batch[:, 1:]
    b, s = inputs.shape
    mask = torch.ones(b, s, dtype=torch.int64)
    positions = torch.arange(s)[None].expand(b, s)
    logits, _ = model(inputs, mask, positions)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


@torch.no_grad()
def held_out_loss(model, tokens: torch.Tensor, seq: int) -> float:
    """Mean next-token loss over non-overlapping windows of the held-out stream."""
    model.eval()
    windows = tokens[: (len(tokens) - 1) // seq * seq + 1]
    total, count = 0.0, 0
    starts = list(range(0, len(windows) - seq, seq))
    for i in range(0, len(starts), 16):
        batch = torch.stack([windows[s : s + seq + 1] for s in starts[i : i + 16]])
        total += loss_on(model, batch).item() * batch.shape[0] * seq
        count += batch.shape[0] * seq
    model.train()
    return total / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--cpu-minutes", type=float, default=14.0)
    parser.add_argument("--max-wall-minutes", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seq", type=int, default=256)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    tokenizer = bpe.Tokenizer.from_json(args.tokenizer)
    cache = Path(args.out).with_name("tokens.pt")
    if cache.exists():
        train, held_out = torch.load(cache)
    else:
        train, held_out = load_tokens(args.corpus, tokenizer)
        torch.save((train, held_out), cache)
    print(f"tokens: train {len(train):,}, held-out {len(held_out):,}", flush=True)
    model = causal_lm.build(CONFIG)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
        betas=(0.9, 0.95),
    )
    budget = args.cpu_minutes * 60
    warmup = 100
    started, cpu_started = time.time(), time.process_time()
    history, step, tokens_seen = [], 0, 0
    while True:
        elapsed = time.process_time() - cpu_started
        progress = max(elapsed / budget, (time.time() - started) / (args.max_wall_minutes * 60))
        if progress >= 1:
            break
        # The schedule follows time, not steps: warm-up, then cosine decay to 10 % at the end of the budget.
        lr = args.lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        starts = torch.randint(0, len(train) - args.seq - 1, (args.batch,))
        batch = torch.stack([train[s : s + args.seq + 1] for s in starts])
        loss = loss_on(model, batch)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        tokens_seen += args.batch * args.seq
        if step % 50 == 0:
            history.append({"step": step, "cpu_seconds": round(elapsed, 1), "wall_seconds": round(time.time() - started, 1), "lr": lr, "train_loss": round(loss.item(), 4)})
            print(json.dumps(history[-1]), flush=True)
    final = held_out_loss(model, held_out, args.seq)
    print(f"held-out loss {final:.4f}, perplexity {math.exp(final):.2f}, {step} steps", flush=True)
    torch.save(
        {
            "config": CONFIG,
            "state_dict": model.state_dict(),
            "metrics": {
                "held_out_loss": final,
                "held_out_perplexity": math.exp(final),
                "held_out_tokens": len(held_out),
                "train_tokens": len(train),
                "steps": step,
                "tokens_seen": tokens_seen,
                "epochs": tokens_seen / len(train),
                "wall_seconds": round(time.time() - started, 1),
                "cpu_seconds": round(time.process_time() - cpu_started, 1),
                "settings": vars(args),
                "history": history,
            },
        },
        args.out,
    )


if __name__ == "__main__":
    main()
