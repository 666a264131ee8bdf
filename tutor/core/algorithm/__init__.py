"""The documented treatment algorithm, the checks a case must pass against it, and scoring."""
