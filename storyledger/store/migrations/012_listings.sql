-- The rows the event and thread listings show (title, date, span, counts), computed when
-- linking changes an event or thread, so that a listing page reads one row per item instead
-- of every analysis of every listed event. A row goes with its event or thread.
CREATE TABLE event_listing (
    event_id    INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    data        TEXT NOT NULL              -- JSON: the listing row without its thread
);
CREATE TABLE thread_listing (
    thread_id   INTEGER PRIMARY KEY REFERENCES threads(id) ON DELETE CASCADE,
    data        TEXT NOT NULL              -- JSON: the listing row
);
