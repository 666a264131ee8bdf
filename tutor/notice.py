"""What the program says about its purpose, everywhere it speaks (light to import)."""

NOTICE = "For education only - not for patient care."

DISCLAIMER = (
    "For education only - not for patient care. The cases are built from educational summaries, "
    "not clinical guidelines; do not use them to treat any patient."
)
