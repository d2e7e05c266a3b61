"""briefings: briefing papers (PDF and DOCX) from validated, cited fact records."""

import os

__version__ = "0.1.0"

# Pydantic looks for plugins in every installed package's entry points when it builds the
# first model (15 ms of every command); briefings uses none. Set the variable to "" to let
# Pydantic load them.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
