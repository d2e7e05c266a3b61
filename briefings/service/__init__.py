"""`briefings serve`: the briefing service over HTTP, with a web UI (FastAPI on uvicorn).

`create_app(settings)` in `briefings.service.app` builds the application; nothing here holds
state, so tests build as many apps as they like, each with its own settings. This module
imports nothing heavy: spawned build workers import `briefings.service.workers` only.
"""
