"""Step 1, read: the inputs as the rest of the pipeline sees them.

Takes paths (a corpus folder, file, glob, @LIST or URL; a profiles folder; a manifest) and gives
Profiles (profiles.py), Documents that own their decoded text and never change it (corpus.py), and
views of that text as offsets: paragraphs and sentences (segment.py), headlines, captions, bylines
and credits (structure.py). Imports no other step.
"""
