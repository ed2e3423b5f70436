"""Where extraction runs, apart from the order of the steps (pipeline.py): in this process, in a
pool of worker processes or on a dask cluster (pools.py); the task a worker runs (worker.py); the
stream of documents through the cache and the workers, facts back in corpus order (stream.py).

Takes a corpus, the profiles and how to run (jobs, engine, cache); gives an Extraction: per
document, in corpus order, its facts (packed as the cache and the workers pass them).
"""
