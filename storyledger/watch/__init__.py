"""Watching sources for new reports, following stories, and alerting when one moves (issue 18)."""
