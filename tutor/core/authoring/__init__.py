"""Authoring tools: the starter case (scaffold), playtest and its report, Markdown export."""
