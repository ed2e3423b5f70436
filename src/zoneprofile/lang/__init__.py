"""The language tools every later step shares: jieba set up for the profiles (dictionary.py: the
domain terms and zone names as words, segmentation and part-of-speech tags), numerals (numbers.py),
a faster drop-in for jieba's HMM tagger (viterbi.py) and clause helpers (text.py).

Takes strings (and read's sentences); gives words, tags and numbers. It is the one home of jieba's
set-up, below both extraction and the vocabulary of the comparison.
"""
