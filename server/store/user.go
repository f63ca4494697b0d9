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

// userColumns is what every query that returns a geo.User selects from users u.
const userColumns = `u.id, u.username, u.role, u.display_name, u.disabled_at IS NOT NULL`

func scanUser(row interface{ Scan(...any) error }, u *geo.User, more ...any) error {
	var role string
	err := row.Scan(append([]any{&u.ID, &u.Username, &role, &u.DisplayName, &u.Disabled}, more...)...)
	u.Role = geo.Role(role)
	return err
}

// CreateUser adds u (its name, role and display name) with an already hashed password; a
// taken name is an ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u geo.User, passwordHash string) (*geo.User, error) {
	if u.Role != geo.RoleAdmin && u.Role != geo.RoleEditor {
		return nil, geo.ParamError("role", "want admin or editor, got %q", u.Role)
	}
	if err := geo.ValidateName("username", u.Username); err != nil {
		return nil, err
	}
	if u.DisplayName != "" {
		if err := geo.ValidateName("display_name", u.DisplayName); err != nil {
			return nil, err
		}
	}
	res, err := db.write.ExecContext(ctx, `INSERT INTO users (username, role, password_hash, display_name, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.Username, string(u.Role), passwordHash, u.DisplayName, db.Now().UTC().Format(time.RFC3339))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return nil, &geo.Error{Code: geo.ECONFLICT, Param: "username", Message: fmt.Sprintf("user %q exists", u.Username)}
		}
		return nil, err
	}
	u.ID, err = res.LastInsertId()
	u.Disabled = false
	return &u, err
}

// UserPassword returns a user, disabled or not, and their password hash, or ENOTFOUND.
func (db *DB) UserPassword(ctx context.Context, username string) (*geo.User, string, error) {
	var u geo.User
	var hash string
	err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.username = ?`, username), &u, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", &geo.Error{Code: geo.ENOTFOUND, Param: "username", Message: "no such user"}
	}
	return &u, hash, err
}

// UserPasswordByID is UserPassword for a user known by id (the one signed in).
func (db *DB) UserPasswordByID(ctx context.Context, id int64) (*geo.User, string, error) {
	var u geo.User
	var hash string
	err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.id = ?`, id), &u, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: "no such user"}
	}
	return &u, hash, err
}

// Users lists every user, disabled ones included.
func (db *DB) Users(ctx context.Context) ([]geo.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []geo.User{}
	for rows.Next() {
		var u geo.User
		if err := scanUser(rows, &u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserUpdate is a change an admin makes to a user; nil fields stay as they are.
type UserUpdate struct {
	DisplayName *string
	Disabled    *bool
}

// UpdateUser changes a user's display name or disables (or re-enables) them. Disabling ends
// every session of the user in the same transaction; their tokens stop working while they
// are disabled (TokenUser refuses them) and work again if they are enabled before expiring.
func (db *DB) UpdateUser(ctx context.Context, id int64, ch UserUpdate) (*geo.User, error) {
	if ch.DisplayName != nil && *ch.DisplayName != "" {
		if err := geo.ValidateName("display_name", *ch.DisplayName); err != nil {
			return nil, err
		}
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if ch.DisplayName != nil {
		if err := execOne(ctx, tx, `UPDATE users SET display_name = ? WHERE id = ?`, *ch.DisplayName, id); err != nil {
			return nil, err
		}
	}
	if ch.Disabled != nil {
		var at any
		if *ch.Disabled {
			at = db.Now().UTC().Format(time.RFC3339)
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return nil, err
			}
		}
		if err := execOne(ctx, tx, `UPDATE users SET disabled_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(disabled_at, ?) END WHERE id = ?`, at, at, id); err != nil {
			return nil, err
		}
	}
	var u geo.User
	if err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id), &u); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: "no such user"}
		}
		return nil, err
	}
	return &u, tx.Commit()
}

// SetPassword replaces a user's password hash and ends every session of theirs but keep (the
// hash of the session that made the change; nil ends them all), in one transaction: whoever
// knew the old password and signed in with it is signed out.
func (db *DB) SetPassword(ctx context.Context, userID int64, passwordHash string, keep []byte) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := execOne(ctx, tx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?`, userID, keep); err != nil {
		return err
	}
	return tx.Commit()
}

// execOne runs an UPDATE that must change exactly one row: ENOTFOUND otherwise.
func execOne(ctx context.Context, tx *sql.Tx, q string, args ...any) error {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: "no such user"}
		}
		return err
	}
	return nil
}
