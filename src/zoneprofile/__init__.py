"""zoneprofile: side-by-side PDF comparison briefs of Chinese development zones."""

__version__ = "0.1.0"
