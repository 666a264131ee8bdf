"""The case library: every case file loaded and checked, its listing and its cache."""
