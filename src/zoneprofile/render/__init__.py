"""Step 6, render: the comparison to HTML and PDF.

Takes the comparison (compare) and a templates folder; gives the typed template context
(context.py, brief.py), inline SVG charts (charts.py), the theme (theme.py), HTML from the sandboxed
Jinja2 templates (templates.py) and the PDF from WeasyPrint through one URL fetcher (pdf.py). The
template reference in docs/templates.md is generated from here (templatedocs.py).
"""
