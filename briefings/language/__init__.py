"""The Azerbaijani and Kazakh language layer: glossary and lint (docs/languages.md)."""
