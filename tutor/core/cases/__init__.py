"""The case format and its loading: models, the strict YAML reader, loader, diagnostics."""
