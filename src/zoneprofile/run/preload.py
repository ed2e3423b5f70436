"""Imported once by the process that forks the extraction workers of a pool (pipeline.start_pool):
jieba, its part-of-speech tables and its dictionary, loaded there and shared by every worker."""

import gc
import os

from zoneprofile.lang.dictionary import load_terms
from zoneprofile.run import worker
from zoneprofile.run.worker import die_with_parent, row_getter

die_with_parent()  # the forkserver goes when the main process goes (it would anyway, on EOF)
worker.PARENT = os.getpid()  # the workers it forks check that they still have it

load_terms()
row_getter()
gc.freeze()  # the collector never writes to these pages, so the workers keep sharing them
