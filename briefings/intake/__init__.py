"""Intake: from a new article to a draft of facts that a person reviews and accepts.

Articles become normalised paragraphs and metadata (`articles`); known names are found in
every script and inflection (`names`); rules per kind propose citations and new records
(`dates`, `figures`, `statements`, `entities`, `events`); `drafts` writes the draft and
`accept` merges what a person reviewed. Intake writes drafts, never facts.
"""
