"""Steps 2-4, extract: a Document and the profiles to its facts.

Takes a read.Document and the profiles; gives Facts (document.py: the `extract` contract's record,
one per figure or entity) and the document's DocumentInfo. Inside: each sentence to a zone
(attribute.py, discover.py for zones no profile claims), figures and ranks (quantities.py), what a
figure measures (metric.py), its period, year and outlook (periods.py), names (entities.py), and
the words of each zone's coverage (words.py). A pure function of the document and the profiles.
"""
