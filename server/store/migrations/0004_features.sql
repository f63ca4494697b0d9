-- 0004: each event's GeoJSON feature, rendered when the event is written, so that a page of
-- features is read as one column of one row per feature rather than rebuilt from six tables
-- and re-encoded on every request. The normalised tables stay the truth; this is a copy kept
-- in the same transactions (see store/feature.go). '' means "not rendered yet": rows from
-- before this migration, rendered when the database is next opened.
ALTER TABLE events ADD COLUMN feature TEXT NOT NULL DEFAULT '';
CREATE INDEX events_unrendered ON events (pk) WHERE feature = '';

-- The country names features carry (Natural Earth's, from the atlas the server loads), kept
-- here so that every process writing events renders the same features.
CREATE TABLE country_names (
	code TEXT PRIMARY KEY CHECK (length(code) = 2),
	name TEXT NOT NULL
) STRICT, WITHOUT ROWID;
