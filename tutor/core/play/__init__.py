"""Playing: one attempt at a case (session) or a quiz, typed answers, shared phrasings."""
