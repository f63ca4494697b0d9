-- 0002: stories for the classroom: ordered chapters, each with a narrative, a time window, a
-- map view, optional filters and the events it is about.

CREATE TABLE stories (
	id      TEXT PRIMARY KEY,
	title   TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE chapters (
	story_id   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	id         TEXT NOT NULL,
	title      TEXT NOT NULL,
	narrative  TEXT NOT NULL,
	datetime   TEXT NOT NULL,
	mode       TEXT NOT NULL CHECK (mode IN ('cumulative', 'window')),
	center_lon REAL NOT NULL,
	center_lat REAL NOT NULL,
	zoom       REAL NOT NULL,
	filters    TEXT NOT NULL DEFAULT '{}', -- JSON object of API filter parameters
	PRIMARY KEY (story_id, position),
	UNIQUE (story_id, id)
) STRICT;

-- A chapter's events; deleting an event takes it out of the chapters that cite it.
CREATE TABLE chapter_events (
	story_id         TEXT NOT NULL,
	chapter_position INTEGER NOT NULL,
	position         INTEGER NOT NULL,
	event_id         TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	PRIMARY KEY (story_id, chapter_position, position),
	FOREIGN KEY (story_id, chapter_position) REFERENCES chapters (story_id, position) ON DELETE CASCADE
) STRICT;
