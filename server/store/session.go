package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/westward/westward/geo"
)

// CreateSession stores a session by the hash of its token.
func (db *DB) CreateSession(ctx context.Context, userID int64, tokenHash []byte, csrf string, expires time.Time) error {
	now := db.Now().UTC()
	_, err := db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, userID, csrf, now.Format(time.RFC3339), expires.UTC().Format(time.RFC3339))
	if err == nil {
		// sweep expired sessions now and then, here rather than in a goroutine
		_, err = db.write.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now.Format(time.RFC3339))
	}
	return err
}

// SessionUser returns the user of an unexpired session and its CSRF token, or ENOTFOUND; a
// disabled user's sessions are not found.
func (db *DB) SessionUser(ctx context.Context, tokenHash []byte) (*geo.User, string, error) {
	var u geo.User
	var csrf string
	err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`, tokenHash, db.Now().UTC().Format(time.RFC3339)), &u, &csrf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", &geo.Error{Code: geo.ENOTFOUND, Message: "no such session"}
	}
	return &u, csrf, err
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// SignOutEverywhere ends every session of a user and revokes every API token of theirs, in
// one transaction, and says how many of each it ended: what someone who may have lost a
// laptop or a password needs, since a stolen session can mint tokens.
func (db *DB) SignOutEverywhere(ctx context.Context, userID int64) (sessions, tokens int64, err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, 0, err
	}
	sessions, _ = res.RowsAffected()
	if res, err = tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, userID); err != nil {
		return 0, 0, err
	}
	tokens, _ = res.RowsAffected()
	return sessions, tokens, tx.Commit()
}
