"""Matching lab: the tools that trained the pair reading (claims/pair_reading.py) and the experiments before it
(docs/capture.md, "A cross-encoder, and blind set 12" and "Reading the pair together"). Nothing here is imported
by the workbench; the lab imports claims.e5_numpy, which needs no Django.

- replay.py: the "same claim" calls of the rules as they stood when a blind set was measured, for every query of
  the set (run inside a `git worktree` of the measuring commit's parent).
- pairs.py: every labelled pair of tests/data/matching (and of data/, the training files), with each claim paired
  with itself and with its closest other claim, as JSON.
- data/: 16 training files written for the pair reading (train_2 … train_18 but 14: 70 claims and ~340 queries
  each, 180 of them hard negatives, half in another language than their claim). The shipped adapter was trained on
  all but train_15, which measured it unseen (docs/capture.md); the next training run should take it in.
- cross_encoder.py: the cross-encoder (both claims read together) fine-tuned from e5 with LoRA: train, evaluate
  against a replay, export the adapter that the workbench ships. Needs PyTorch, which this machine has for Python
  3.11 only: `python3.11 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install /opt/wheels/torch-2.13.0+cpu-*.whl
  numpy`.
"""
