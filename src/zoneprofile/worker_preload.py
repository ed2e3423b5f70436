"""Imported once by the process that forks the extraction workers of a pool (pipeline._start_pool):
jieba, its part-of-speech tables and its dictionary, loaded there and shared by every worker."""

import gc

from zoneprofile.metric import _load_terms
from zoneprofile.pipeline import _row_getter

_load_terms()
_row_getter()
gc.freeze()  # the collector never writes to these pages, so the workers keep sharing them
