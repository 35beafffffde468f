"""Storage: schema, migrations and the functions that read and write it."""
from storyledger.store.db import Database, StoreError, open_db

__all__ = ["Database", "StoreError", "open_db"]
