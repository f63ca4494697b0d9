package store

import (
	"context"
	"testing"
	"time"

	"github.com/westward/westward/geo"
)

// clockAt makes db's clock read *now, so a test moves time by changing now, not by sleeping.
func clockAt(db *DB, now *time.Time) { db.Now = func() time.Time { return *now } }

func TestSessions(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, geo.User{Username: "Bob", Role: geo.RoleAdmin}, "h")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, geo.User{Username: "bob", Role: geo.RoleEditor}, "h"); geo.ErrorCode(err) != geo.ECONFLICT {
		t.Errorf("usernames must be unique regardless of case: %v", err)
	}
	if err := db.CreateSession(ctx, u.ID, []byte("tok"), "csrf", db.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, csrf, err := db.SessionUser(ctx, []byte("tok"))
	if err != nil || got.Username != "Bob" || csrf != "csrf" || got.Role != geo.RoleAdmin {
		t.Errorf("session: %+v %q %v", got, csrf, err)
	}
	if err := db.DeleteSession(ctx, []byte("tok")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SessionUser(ctx, []byte("tok")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("a deleted session still works: %v", err)
	}
	if err := db.CreateSession(ctx, u.ID, []byte("old"), "c", db.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SessionUser(ctx, []byte("old")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("an expired session still works: %v", err)
	}
}

func TestCreateUser_names(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		user  geo.User
		param string
	}{
		{"ok, plain", geo.User{Username: "edith", Role: geo.RoleEditor, DisplayName: "Édith P."}, ""},
		{"nok, bidi override in the user name", geo.User{Username: "ad\u202Emin", Role: geo.RoleEditor}, "username"},
		{"nok, control character in the user name", geo.User{Username: "ad\tmin", Role: geo.RoleEditor}, "username"},
		{"nok, bidi isolate in the display name", geo.User{Username: "zoe", Role: geo.RoleEditor, DisplayName: "\u2067Zoe"}, "display_name"},
		{"nok, unknown role", geo.User{Username: "yann", Role: "owner"}, "role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreateUser(ctx, tc.user, "h")
			if tc.param == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ge *geo.Error
			if e, ok := err.(*geo.Error); ok {
				ge = e
			}
			if ge == nil || ge.Code != geo.EINVALID || ge.Param != tc.param {
				t.Fatalf("CreateUser = %v, want an invalid %s", err, tc.param)
			}
			if _, _, err := db.UserPassword(ctx, tc.user.Username); geo.ErrorCode(err) != geo.ENOTFOUND {
				t.Errorf("a refused user was stored: %v", err)
			}
		})
	}
}

func TestAPITokens_expiryLimitRevocationAndLastUse(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	clockAt(db, &now)
	ed, err := db.CreateUser(ctx, geo.User{Username: "edith", Role: geo.RoleEditor}, "h")
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateUser(ctx, geo.User{Username: "olga", Role: geo.RoleEditor}, "h")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := db.CreateAPIToken(ctx, ed.ID, "cron", []byte("t1"), now.Add(24*time.Hour), 3)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Username != "edith" || tok.ExpiresAt != "2025-03-02T12:00:00Z" || tok.CreatedAt != "2025-03-01T12:00:00Z" || tok.ID == 0 {
		t.Errorf("new token %+v", tok)
	}
	if _, err := db.CreateAPIToken(ctx, ed.ID, "bad\u202Ename", []byte("tx"), now.Add(time.Hour), 3); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("a bidi token name: %v, want EINVALID", err)
	}

	if list, _ := db.APITokens(ctx, ed.ID); len(list) != 1 || list[0].LastUsedAt != "" {
		t.Fatalf("before use: %+v", list)
	}
	if u, err := db.TokenUser(ctx, []byte("t1")); err != nil || u.ID != ed.ID {
		t.Fatalf("token user: %+v %v", u, err)
	}
	now = now.Add(30 * time.Second)
	if _, err := db.TokenUser(ctx, []byte("t1")); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.APITokens(ctx, ed.ID); list[0].LastUsedAt != "2025-03-01T12:00:00Z" {
		t.Errorf("last use %q: want the first use, kept to the minute", list[0].LastUsedAt)
	}
	now = now.Add(time.Minute)
	db.TokenUser(ctx, []byte("t1"))
	if list, _ := db.APITokens(ctx, ed.ID); list[0].LastUsedAt != "2025-03-01T12:01:30Z" {
		t.Errorf("last use %q after a minute", list[0].LastUsedAt)
	}

	// The limit counts live tokens only: an expired one frees its place.
	for i, name := range []string{"a", "b"} {
		if _, err := db.CreateAPIToken(ctx, ed.ID, name, []byte{'x', byte(i)}, now.Add(time.Duration(i+2)*24*time.Hour), 3); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateAPIToken(ctx, ed.ID, "one too many", []byte("t4"), now.Add(time.Hour), 3); geo.ErrorCode(err) != geo.ECONFLICT {
		t.Errorf("a fourth live token: %v, want ECONFLICT", err)
	}
	if _, err := db.CreateAPIToken(ctx, other.ID, "olga's", []byte("o1"), now.Add(time.Hour), 3); err != nil {
		t.Errorf("the limit is per user: %v", err)
	}
	now = now.Add(24 * time.Hour) // t1 has expired
	if _, err := db.TokenUser(ctx, []byte("t1")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("an expired token: %v, want ENOTFOUND", err)
	}
	if list, _ := db.APITokens(ctx, ed.ID); len(list) != 2 {
		t.Errorf("the list shows %d tokens, want the 2 unexpired", len(list))
	}
	if _, err := db.CreateAPIToken(ctx, ed.ID, "replacement", []byte("t5"), now.Add(time.Hour), 3); err != nil {
		t.Errorf("after one expired: %v", err)
	}

	list, _ := db.APITokens(ctx, ed.ID)
	if err := db.RevokeAPIToken(ctx, list[0].ID, other.ID); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("olga revoking edith's token: %v, want ENOTFOUND", err)
	}
	if err := db.RevokeAPIToken(ctx, list[0].ID, ed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TokenUser(ctx, []byte("t5")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("a revoked token: %v, want ENOTFOUND", err)
	}
	if all, _ := db.APITokens(ctx, 0); len(all) != 2 { // edith's a and b; olga's has expired
		t.Errorf("everyone's tokens: %d, want 2", len(all))
	}
}

func TestDisableUser_passwordChangeAndSignOutEverywhere(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, geo.User{Username: "edith", Role: geo.RoleEditor}, "old")
	if err != nil {
		t.Fatal(err)
	}
	later := db.Now().Add(time.Hour)
	for _, s := range []string{"s1", "s2", "s3"} {
		if err := db.CreateSession(ctx, u.ID, []byte(s), "c", later); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateAPIToken(ctx, u.ID, "cron", []byte("t1"), later, 10); err != nil {
		t.Fatal(err)
	}

	if err := db.SetPassword(ctx, u.ID, "new", []byte("s1")); err != nil {
		t.Fatal(err)
	}
	if _, hash, _ := db.UserPassword(ctx, "edith"); hash != "new" {
		t.Errorf("hash %q after the change", hash)
	}
	if _, _, err := db.SessionUser(ctx, []byte("s1")); err != nil {
		t.Errorf("the session that changed the password ended: %v", err)
	}
	if _, _, err := db.SessionUser(ctx, []byte("s2")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("another session survived the password change: %v", err)
	}

	yes, no := true, false
	dis, err := db.UpdateUser(ctx, u.ID, UserUpdate{Disabled: &yes})
	if err != nil || !dis.Disabled {
		t.Fatalf("disable: %+v %v", dis, err)
	}
	if _, _, err := db.SessionUser(ctx, []byte("s1")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("a disabled user's session works: %v", err)
	}
	if _, err := db.TokenUser(ctx, []byte("t1")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("a disabled user's token works: %v", err)
	}
	if _, err := db.UpdateUser(ctx, u.ID, UserUpdate{Disabled: &no}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TokenUser(ctx, []byte("t1")); err != nil {
		t.Errorf("re-enabled, the token does not work again: %v", err)
	}
	if _, err := db.UpdateUser(ctx, 999, UserUpdate{Disabled: &yes}); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("disabling nobody: %v", err)
	}

	for _, s := range []string{"s4", "s5"} {
		if err := db.CreateSession(ctx, u.ID, []byte(s), "c", later); err != nil {
			t.Fatal(err)
		}
	}
	sessions, tokens, err := db.SignOutEverywhere(ctx, u.ID)
	if err != nil || sessions != 2 || tokens != 1 {
		t.Errorf("sign out everywhere ended %d sessions and %d tokens (%v), want 2 and 1", sessions, tokens, err)
	}
	if _, err := db.TokenUser(ctx, []byte("t1")); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("a token survived signing out everywhere: %v", err)
	}
}

// TestMigrate_0007KeepsTokens opens a database whose tokens predate expiry: they keep working
// and expire 90 days after the migration.
func TestMigrate_0007KeepsTokens(t *testing.T) {
	ctx := context.Background()
	_, raw, mustExec := oldDatabase(t)
	mustExec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`)
	mustExec(`CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
		password_hash TEXT NOT NULL, created_at TEXT NOT NULL) STRICT`)
	mustExec(`CREATE TABLE sessions (token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL) STRICT`)
	mustExec(`CREATE TABLE api_tokens (token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
		name TEXT NOT NULL, created_at TEXT NOT NULL) STRICT`)
	mustExec(`INSERT INTO users VALUES (1, 'edith', 'editor', 'h', '2024-01-01T00:00:00Z')`)
	mustExec(`INSERT INTO api_tokens VALUES (x'0102', 1, 'old script', '2024-01-01T00:00:00Z')`)
	// Pretend 0001–0006 ran (their tables are not needed here) and apply 0007 alone.
	body, err := migrationFS.ReadFile("migrations/0007_credentials.sql")
	if err != nil {
		t.Fatal(err)
	}
	mustExec(string(body))
	var expires string
	if err := raw.QueryRowContext(ctx, `SELECT expires_at FROM api_tokens WHERE token_hash = x'0102'`).Scan(&expires); err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, expires)
	if d := time.Until(at); err != nil || d < 89*24*time.Hour || d > 90*24*time.Hour {
		t.Errorf("an old token expires at %q, want 90 days from now", expires)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
}
