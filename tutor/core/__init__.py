"""The core: pure Python, no Textual. Its rooms (see ARCHITECTURE.md):

cases/      the case format: models, the strict YAML reader, loading, diagnostics
library/    the case library: every case loaded and checked, its listing and its cache
algorithm/  the documented treatment algorithm, checking cases against it, scoring
play/       one attempt at a case or a quiz, typed answers, shared phrasings
progress/   the SQLite store, its schema, the records it reads back, statistics
authoring/  tools for case writers: scaffold, playtest, Markdown export
"""
