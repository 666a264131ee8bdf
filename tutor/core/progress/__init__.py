"""Progress: the SQLite store, its schema and migrations, the records it reads back, statistics."""
