"""Web UI and JSON API: `storyledger serve`, `storyledger.web.app.create_app`."""
