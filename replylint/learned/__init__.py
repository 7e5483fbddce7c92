"""Judgements learned from labelled support exchanges (benchmarks/labels/).

Each judgement is a logistic model over named features: what the lexicons and signals already
know (complaint cues, apologies, politeness, deflections, overlap with the customer's words),
the parse, and the words themselves. The weights are data (replylint/models/judgements/*.json),
rebuilt by `python training/learn.py`; scoring is a sum of weights, so every verdict can name
the features that decided it.
"""
