"""tutor: interactive, cited patient cases on the treatment of the inflammatory myopathies.

For education only; not for patient care.
"""

__version__ = "0.1.0"
