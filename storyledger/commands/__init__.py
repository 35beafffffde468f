"""CLI commands. Each module here defines `register(subparsers)`, adding its
sub-commands with `set_defaults(func=...)`; `storyledger.cli` discovers them.
A command function takes the parsed args and returns an exit code."""
