package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/westward/westward/geo"
)

// CreateUser adds a user with an already hashed password; a taken name is an ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, username string, role geo.Role, passwordHash string) (*geo.User, error) {
	if role != geo.RoleAdmin && role != geo.RoleEditor {
		return nil, geo.ParamError("role", "want admin or editor, got %q", role)
	}
	if strings.TrimSpace(username) == "" || len(username) > 64 {
		return nil, geo.ParamError("username", "want 1–64 characters")
	}
	res, err := db.write.ExecContext(ctx, `INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)`,
		username, string(role), passwordHash, db.Now().UTC().Format(time.RFC3339))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return nil, &geo.Error{Code: geo.ECONFLICT, Param: "username", Message: fmt.Sprintf("user %q exists", username)}
		}
		return nil, err
	}
	id, err := res.LastInsertId()
	return &geo.User{ID: id, Username: username, Role: role}, err
}

// UserPassword returns a user and their password hash, or ENOTFOUND.
func (db *DB) UserPassword(ctx context.Context, username string) (*geo.User, string, error) {
	var u geo.User
	var role, hash string
	err := db.read.QueryRowContext(ctx, `SELECT id, username, role, password_hash FROM users WHERE username = ?`, username).
		Scan(&u.ID, &u.Username, &role, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", &geo.Error{Code: geo.ENOTFOUND, Param: "username", Message: "no such user"}
	}
	u.Role = geo.Role(role)
	return &u, hash, err
}

// Users lists every user.
func (db *DB) Users(ctx context.Context) ([]geo.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, username, role FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []geo.User{}
	for rows.Next() {
		var u geo.User
		var role string
		if err := rows.Scan(&u.ID, &u.Username, &role); err != nil {
			return nil, err
		}
		u.Role = geo.Role(role)
		out = append(out, u)
	}
	return out, rows.Err()
}

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

// SessionUser returns the user of an unexpired session and its CSRF token, or ENOTFOUND.
func (db *DB) SessionUser(ctx context.Context, tokenHash []byte) (*geo.User, string, error) {
	var u geo.User
	var role, csrf string
	err := db.read.QueryRowContext(ctx, `SELECT u.id, u.username, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, db.Now().UTC().Format(time.RFC3339)).
		Scan(&u.ID, &u.Username, &role, &csrf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", &geo.Error{Code: geo.ENOTFOUND, Message: "no such session"}
	}
	u.Role = geo.Role(role)
	return &u, csrf, err
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// CreateAPIToken stores a token for scripts by its hash.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name string, tokenHash []byte) error {
	if strings.TrimSpace(name) == "" {
		return geo.ParamError("name", "a token needs a name")
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)`,
		tokenHash, userID, name, db.Now().UTC().Format(time.RFC3339))
	return err
}

// TokenUser returns the user an API token belongs to, or ENOTFOUND.
func (db *DB) TokenUser(ctx context.Context, tokenHash []byte) (*geo.User, error) {
	var u geo.User
	var role string
	err := db.read.QueryRowContext(ctx, `SELECT u.id, u.username, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ?`, tokenHash).Scan(&u.ID, &u.Username, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &geo.Error{Code: geo.ENOTFOUND, Message: "no such token"}
	}
	u.Role = geo.Role(role)
	return &u, err
}
