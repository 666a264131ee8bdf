"""The Textual front end: screens display and route; tutor.core decides."""
