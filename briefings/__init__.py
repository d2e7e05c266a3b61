"""briefings: briefing papers (PDF and DOCX) from validated, cited fact records."""

__version__ = "0.1.0"
