-- 0007: credentials an organisation can manage. Users get a display name (what the public
-- history shows instead of the login name) and can be disabled by an admin. API tokens get an
-- id (to list and revoke them by), an expiry and the time of their last use.
--
-- api_tokens had no id column and SQLite cannot add a primary key, so it is rebuilt; nothing
-- refers to it. Tokens made before this migration never expired: they now expire 90 days
-- after it (the default lifetime of a new token), so no script stops working on upgrade.

ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN disabled_at TEXT; -- NULL while the user may sign in

CREATE TABLE api_tokens_0006 (
	id           INTEGER PRIMARY KEY,
	token_hash   BLOB NOT NULL UNIQUE,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	last_used_at TEXT
) STRICT;

INSERT INTO api_tokens_0006 (token_hash, user_id, name, created_at, expires_at)
	SELECT token_hash, user_id, name, created_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days')
	FROM api_tokens ORDER BY created_at;

DROP TABLE api_tokens;
ALTER TABLE api_tokens_0006 RENAME TO api_tokens;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, expires_at);
