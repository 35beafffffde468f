"""The dossier: what is known about a thread or an event, and from whom.

`build.build_dossier` returns the JSON contract (schema.json); render_md and
render_html format it; svg draws the timeline and the sources graph."""
