package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/westward/westward/geo"
)

// lastUseResolution is how stale a token's recorded last use may be: a script calling many
// times a minute costs one write a minute, not one per request.
const lastUseResolution = time.Minute

// CreateAPIToken stores a token for scripts by its hash, expiring at expires, and returns its
// description. A user may hold at most maxLive unexpired tokens: one more is an ECONFLICT
// (revoke one first). Expired tokens of the user are swept in the same transaction.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name string, tokenHash []byte, expires time.Time, maxLive int) (*geo.APIToken, error) {
	if err := geo.ValidateName("name", name); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	if !expires.After(now) {
		return nil, geo.ParamError("expires_in_days", "a token must expire in the future")
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	nowText := now.Format(time.RFC3339)
	if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = ? AND expires_at <= ?`, userID, nowText); err != nil {
		return nil, err
	}
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM api_tokens WHERE user_id = ?`, userID).Scan(&live); err != nil {
		return nil, err
	}
	if live >= maxLive {
		return nil, &geo.Error{Code: geo.ECONFLICT, Param: "name",
			Message: fmt.Sprintf("a user may hold at most %d live tokens; revoke one first", maxLive)}
	}
	t := geo.APIToken{Name: name, CreatedAt: nowText, ExpiresAt: expires.UTC().Format(time.RFC3339)}
	err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
		RETURNING id, (SELECT username FROM users WHERE id = ?)`, tokenHash, userID, name, t.CreatedAt, t.ExpiresAt, userID).Scan(&t.ID, &t.Username)
	if err != nil {
		return nil, err
	}
	return &t, tx.Commit()
}

// APITokens lists the unexpired tokens of a user, or of everyone when userID is 0, newest
// first.
func (db *DB) APITokens(ctx context.Context, userID int64) ([]geo.APIToken, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT t.id, t.name, u.username, t.created_at, t.expires_at, coalesce(t.last_used_at, '')
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE (? = 0 OR t.user_id = ?) AND t.expires_at > ?
		ORDER BY t.created_at DESC, t.id DESC`, userID, userID, db.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []geo.APIToken{}
	for rows.Next() {
		var t geo.APIToken
		if err := rows.Scan(&t.ID, &t.Name, &t.Username, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken deletes token id, if it belongs to userID (any user's when userID is 0);
// ENOTFOUND otherwise, so nobody learns which ids other users hold.
func (db *DB) RevokeAPIToken(ctx context.Context, id, userID int64) error {
	res, err := db.write.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ? AND (? = 0 OR user_id = ?)`, id, userID, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: fmt.Sprintf("no token %d", id)}
		}
		return err
	}
	return nil
}

// TokenUser returns the user an unexpired API token belongs to, or ENOTFOUND (also for a
// disabled user), and records the token's use to the minute.
func (db *DB) TokenUser(ctx context.Context, tokenHash []byte) (*geo.User, error) {
	var u geo.User
	var id int64
	var lastUsed sql.NullString
	now := db.Now().UTC()
	err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.expires_at > ? AND u.disabled_at IS NULL`, tokenHash, now.Format(time.RFC3339)), &u, &id, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &geo.Error{Code: geo.ENOTFOUND, Message: "no such token"}
	}
	if err != nil {
		return nil, err
	}
	if last, perr := time.Parse(time.RFC3339, lastUsed.String); !lastUsed.Valid || perr != nil || now.Sub(last) >= lastUseResolution {
		if _, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now.Format(time.RFC3339), id); err != nil {
			return nil, err
		}
	}
	return &u, nil
}
