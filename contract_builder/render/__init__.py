"""Renderers: each walks the same Document and writes one output format."""

# The PDF engines, default first; here rather than in pdf.py so that the CLI can offer
# them without importing the renderers (pypdf and python-docx take a quarter second).
PDF_ENGINES = ("wkhtmltopdf", "weasyprint")
