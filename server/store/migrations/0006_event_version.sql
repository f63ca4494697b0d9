-- 0006: the dataset version at which each event last changed. Every answer's ETag names the
-- dataset version it was made at, so a write that sends If-Match with the tag of the event it
-- read can be checked against this event alone: it still holds if the event has not changed
-- since that version, however many other events have. 0 means "not since this column came".
ALTER TABLE events ADD COLUMN changed_version INTEGER NOT NULL DEFAULT 0;
