"""Step 5, compare: the fact table to the comparison a brief shows.

Takes the fact table, the profiles and the documents (or their DocumentInfo); gives plain data
(render.context's classes): figures by category, comparable figures aligned across zones, each zone
at a glance, citations, sources (comparison.py, categories.py) and the distinctive vocabulary
(vocabulary.py). Templates never see pandas.
"""
