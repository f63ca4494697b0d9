-- 0003: editing: users with roles, sessions, API tokens, and every event's history.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL
) STRICT;

-- Sessions and tokens are stored as SHA-256 hashes: a stolen database holds no usable secret.
CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
	token_hash   BLOB PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	created_at   TEXT NOT NULL
) STRICT;

-- One row per change; the snapshot is the event as JSON after the change (NULL after a delete).
-- Rows outlive their event, so a deleted event can be restored.
CREATE TABLE event_history (
	id         INTEGER PRIMARY KEY,
	event_id   TEXT NOT NULL,
	revision   INTEGER NOT NULL,
	action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
	user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
	username   TEXT NOT NULL,
	at         TEXT NOT NULL,
	changed    TEXT NOT NULL DEFAULT '[]', -- JSON list of the fields that changed
	snapshot   TEXT,
	UNIQUE (event_id, revision)
) STRICT;
