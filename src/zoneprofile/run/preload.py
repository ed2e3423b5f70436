"""Imported once by the process that forks the extraction workers of a pool (pipeline.start_pool):
jieba, its part-of-speech tables and its dictionary, loaded there and shared by every worker."""

import gc

from zoneprofile.lang.dictionary import load_terms
from zoneprofile.run.worker import row_getter

load_terms()
row_getter()
gc.freeze()  # the collector never writes to these pages, so the workers keep sharing them
