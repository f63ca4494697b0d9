-- westward:foreign_keys=off
-- 0005: where an event's point stands in the event (location_role: occurrence, target, subject,
-- audience), a new kind (propaganda) and a new link role (target: a further place an item
-- names). The vocabulary lives in the domain (geo), which validates every write; the schema no
-- longer spells it in CHECK constraints, so the next word added needs no table rebuild.
--
-- SQLite cannot alter a CHECK constraint, so events and links are rebuilt (the documented
-- twelve-step procedure): the runner turns foreign keys off around this migration, so that
-- dropping the old tables cascades into nothing, and runs foreign_key_check before commit.

CREATE TABLE events_0005 (
	pk                 INTEGER PRIMARY KEY,
	id                 TEXT NOT NULL UNIQUE,
	title              TEXT NOT NULL,
	summary            TEXT NOT NULL,
	date               TEXT NOT NULL,
	date_precision     TEXT NOT NULL,
	end_date           TEXT,
	start_day          TEXT NOT NULL, -- first day covered, YYYY-MM-DD
	end_day            TEXT NOT NULL, -- last day covered, YYYY-MM-DD
	kind               TEXT NOT NULL,
	actor              TEXT NOT NULL,
	attribution        TEXT NOT NULL,
	place              TEXT NOT NULL,
	country            TEXT NOT NULL CHECK (length(country) = 2),
	lon                REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
	lat                REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
	location_precision TEXT NOT NULL,
	notes              TEXT NOT NULL DEFAULT '',
	updated_at         TEXT NOT NULL,
	feature            TEXT NOT NULL DEFAULT '',
	location_role      TEXT NOT NULL DEFAULT 'occurrence'
) STRICT;
INSERT INTO events_0005 (pk, id, title, summary, date, date_precision, end_date, start_day, end_day, kind, actor,
	attribution, place, country, lon, lat, location_precision, notes, updated_at, feature)
SELECT pk, id, title, summary, date, date_precision, end_date, start_day, end_day, kind, actor,
	attribution, place, country, lon, lat, location_precision, notes, updated_at, feature FROM events;
DROP TABLE events;
ALTER TABLE events_0005 RENAME TO events;
CREATE INDEX events_by_start ON events (start_day, id);
CREATE INDEX events_by_kind ON events (kind);
CREATE INDEX events_by_country ON events (country);
CREATE INDEX events_unrendered ON events (pk) WHERE feature = '';

CREATE TABLE links_0005 (
	event_pk           INTEGER NOT NULL REFERENCES events (pk) ON DELETE CASCADE,
	position           INTEGER NOT NULL,
	role               TEXT NOT NULL,
	place              TEXT NOT NULL,
	country            TEXT NOT NULL CHECK (length(country) = 2),
	lon                REAL NOT NULL,
	lat                REAL NOT NULL,
	location_precision TEXT NOT NULL,
	source_id          TEXT NOT NULL REFERENCES sources (id),
	quote              TEXT NOT NULL,
	PRIMARY KEY (event_pk, position)
) STRICT, WITHOUT ROWID;
INSERT INTO links_0005 SELECT event_pk, position, role, place, country, lon, lat, location_precision, source_id, quote FROM links;
DROP TABLE links;
ALTER TABLE links_0005 RENAME TO links;
