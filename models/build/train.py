#!/usr/bin/python3
"""Step 3: train the tiny Llama on the train split (seeded, AdamW + cosine).

Every training sequence is 1024 tokens (+1 target) cut at a random offset of the
concatenated training ids (chapters joined as in train.txt), so the model is
trained at the full context length. A subset of validation (the first 16
non-overlapping 1024-token windows of val.ids.txt) is scored every EVAL_EVERY
steps for the learning curve.

Usage: train.py WORK_DIR DATA_DIR STEPS [BATCH]
writes WORK_DIR/model.pt (fp32 state dict, HF names), WORK_DIR/train.json and
WORK_DIR/curve.tsv.
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

from model import CONFIG, Llama

SEED = 1234
SEQ = 1024
LR = 1.5e-3
MIN_LR = 1e-4
WARMUP = 40
WD = 0.1


def read_ids(path):
    return torch.tensor([int(t) for t in open(path).read().split()], dtype=torch.long)


@torch.no_grad()
def val_loss(model, val, nwin=16):
    model.eval()
    tot, n = 0.0, 0
    for i in range(nwin):
        w = val[i * SEQ:(i + 1) * SEQ + 1]
        if len(w) < SEQ + 1:
            break
        logits = model(w[None, :-1])
        tot += F.cross_entropy(logits[0].double(), w[1:], reduction="sum").item()
        n += SEQ
    model.train()
    return tot / n


def main():
    torch.set_num_threads(1)
    work, data = sys.argv[1], sys.argv[2]
    steps = int(sys.argv[3])
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    eval_every = max(10, steps // 20)
    torch.manual_seed(SEED)
    train = read_ids(os.path.join(work, "train.ids.txt"))
    val = read_ids(os.path.join(data, "val.ids.txt"))
    model = Llama(CONFIG)
    model.init_weights(SEED)
    nparams = sum(p.numel() for p in model.parameters())
    print(f"params {nparams}, train tokens {len(train)}, steps {steps}, batch {batch}x{SEQ}", flush=True)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=LR, betas=(0.9, 0.95), eps=1e-8)
    g = torch.Generator().manual_seed(SEED)
    curve = open(os.path.join(work, "curve.tsv"), "w")
    curve.write("step\tseconds\tlr\ttrain_loss\tval_loss\tval_ppl\n")
    t0 = time.time()
    ema = None
    for step in range(1, steps + 1):
        if step <= WARMUP:
            lr = LR * step / WARMUP
        else:
            p = (step - WARMUP) / max(1, steps - WARMUP)
            lr = MIN_LR + 0.5 * (LR - MIN_LR) * (1 + math.cos(math.pi * p))
        for gr in opt.param_groups:
            gr["lr"] = lr
        starts = torch.randint(0, len(train) - SEQ - 1, (batch,), generator=g)
        x = torch.stack([train[s:s + SEQ + 1] for s in starts.tolist()])
        logits = model(x[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        lv = loss.item()
        ema = lv if ema is None else 0.95 * ema + 0.05 * lv
        if step % 10 == 0 or step == 1:
            print(f"step {step} loss {lv:.4f} ema {ema:.4f} lr {lr:.2e} t {time.time() - t0:.0f}s", flush=True)
        if step % eval_every == 0 or step == steps:
            vl = val_loss(model, val)
            print(f"  eval step {step}: val loss {vl:.4f} ppl {math.exp(vl):.2f}", flush=True)
            curve.write(f"{step}\t{time.time() - t0:.0f}\t{lr:.3e}\t{ema:.4f}\t{vl:.4f}\t{math.exp(vl):.2f}\n")
            curve.flush()
    secs = time.time() - t0
    torch.save(model.hf_state_dict(), os.path.join(work, "model.pt"))
    with open(os.path.join(work, "train.json"), "w") as f:
        json.dump({"seconds": round(secs, 1), "steps": steps, "batch": batch, "seq_len": SEQ,
                   "tokens_seen": steps * batch * SEQ, "final_train_loss": round(ema, 4),
                   "final_train_loss_note": "EMA (0.95) of the per-step training loss",
                   "lr": LR, "min_lr": MIN_LR, "warmup": WARMUP, "weight_decay": WD, "seed": SEED,
                   "params": nparams}, f, indent=1)
    print(f"done in {secs:.0f}s", flush=True)


if __name__ == "__main__":
    main()
