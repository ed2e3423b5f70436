"""Scoring against hand-made gold: extraction (extraction.py: precision, recall and field accuracy).

Takes a fact table and gold records; gives reports. Used by `zoneprofile evaluate` and the gold tests.
"""
