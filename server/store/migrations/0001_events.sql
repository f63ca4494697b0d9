-- 0001: the event model. Sources are publications; an event cites sources, each citation with
-- verbatim quotes and that source's own figures; links tie other places to an event.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('dataset_version', '0');

CREATE TABLE sources (
	id             TEXT PRIMARY KEY,
	publication    TEXT NOT NULL,
	title          TEXT NOT NULL,
	published      TEXT NOT NULL,
	published_note TEXT NOT NULL DEFAULT '',
	url            TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE source_authors (
	source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	name      TEXT NOT NULL,
	PRIMARY KEY (source_id, position)
) STRICT;

CREATE TABLE events (
	pk                 INTEGER PRIMARY KEY,
	id                 TEXT NOT NULL UNIQUE,
	title              TEXT NOT NULL,
	summary            TEXT NOT NULL,
	date               TEXT NOT NULL,
	date_precision     TEXT NOT NULL CHECK (date_precision IN ('day', 'month', 'season', 'year')),
	end_date           TEXT,
	start_day          TEXT NOT NULL, -- first day covered, YYYY-MM-DD
	end_day            TEXT NOT NULL, -- last day covered, YYYY-MM-DD
	kind               TEXT NOT NULL CHECK (kind IN ('attack', 'foiled_plot', 'arrest', 'threat', 'cross_border_strike', 'network')),
	actor              TEXT NOT NULL CHECK (actor IN ('iskp', 'is', 'is_inspired', 'unclear')),
	attribution        TEXT NOT NULL CHECK (attribution IN ('claimed', 'attributed', 'alleged', 'disputed')),
	place              TEXT NOT NULL,
	country            TEXT NOT NULL CHECK (length(country) = 2),
	lon                REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
	lat                REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
	location_precision TEXT NOT NULL CHECK (location_precision IN ('venue', 'city', 'region', 'country')),
	notes              TEXT NOT NULL DEFAULT '',
	updated_at         TEXT NOT NULL
) STRICT;

-- Lists are ordered by date; the same index serves time-only ranges.
CREATE INDEX events_by_start ON events (start_day, id);
CREATE INDEX events_by_kind ON events (kind);
CREATE INDEX events_by_country ON events (country);

-- Child tables are WITHOUT ROWID: a row lives in its primary key's b-tree, so loading an
-- event's children is one lookup per table, not an index lookup plus a table lookup.
CREATE TABLE event_tags (
	event_pk INTEGER NOT NULL REFERENCES events (pk) ON DELETE CASCADE,
	tag      TEXT NOT NULL,
	PRIMARY KEY (event_pk, tag)
) STRICT, WITHOUT ROWID;

CREATE TABLE citations (
	event_pk  INTEGER NOT NULL REFERENCES events (pk) ON DELETE CASCADE,
	source_id TEXT NOT NULL REFERENCES sources (id),
	position  INTEGER NOT NULL,
	PRIMARY KEY (event_pk, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX citations_by_source ON citations (source_id);

CREATE TABLE quotes (
	event_pk  INTEGER NOT NULL,
	source_id TEXT NOT NULL,
	position  INTEGER NOT NULL,
	text      TEXT NOT NULL CHECK (text <> ''),
	PRIMARY KEY (event_pk, source_id, position),
	FOREIGN KEY (event_pk, source_id) REFERENCES citations (event_pk, source_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE figures (
	event_pk  INTEGER NOT NULL,
	source_id TEXT NOT NULL,
	measure   TEXT NOT NULL CHECK (measure IN ('killed', 'injured', 'detained')),
	value     INTEGER NOT NULL CHECK (value >= 0),
	qualifier TEXT NOT NULL CHECK (qualifier IN ('exact', 'at_least', 'more_than', 'almost', 'about', 'up_to')),
	subject   TEXT NOT NULL DEFAULT '', -- whom the figure counts, where the source splits it
	position  INTEGER NOT NULL,
	PRIMARY KEY (event_pk, source_id, measure, subject),
	FOREIGN KEY (event_pk, source_id) REFERENCES citations (event_pk, source_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE links (
	event_pk           INTEGER NOT NULL REFERENCES events (pk) ON DELETE CASCADE,
	position           INTEGER NOT NULL,
	role               TEXT NOT NULL CHECK (role IN ('origin', 'directing', 'transit', 'financing', 'recruitment')),
	place              TEXT NOT NULL,
	country            TEXT NOT NULL CHECK (length(country) = 2),
	lon                REAL NOT NULL,
	lat                REAL NOT NULL,
	location_precision TEXT NOT NULL,
	source_id          TEXT NOT NULL REFERENCES sources (id),
	quote              TEXT NOT NULL,
	PRIMARY KEY (event_pk, position)
) STRICT, WITHOUT ROWID;

-- Space and time in one R*Tree: a bbox + datetime query is one index walk. Time is in days
-- since 1970-01-01; R*Tree rounds outward to float32, so rows are re-checked exactly.
CREATE VIRTUAL TABLE events_rtree USING rtree (pk, min_lon, max_lon, min_lat, max_lat, min_day, max_day);

-- Text search over title, summary and place; diacritics folded ("Buyukdere" finds "Büyükdere").
CREATE VIRTUAL TABLE events_fts USING fts5 (title, summary, place, tokenize = 'unicode61 remove_diacritics 2');
