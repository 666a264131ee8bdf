"""One screen per file: library, player, feedback, results, algorithm, references, help."""
