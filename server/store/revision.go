package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	"github.com/paulmach/orb/geojson"
	"github.com/westward/westward/geo"
)

// changedFields lists the properties (and "geometry") in which e differs from old; every field
// when old is nil.
func changedFields(old, e *geo.Event) ([]string, error) {
	if old == nil {
		return []string{"created"}, nil
	}
	np, err := propertyJSON(e)
	if err != nil {
		return nil, err
	}
	op, err := propertyJSON(old)
	if err != nil {
		return nil, err
	}
	var out []string
	for k := range np {
		if k != "updated_at" && !bytes.Equal(np[k], op[k]) {
			out = append(out, k)
		}
	}
	for k := range op {
		if _, ok := np[k]; !ok && k != "updated_at" {
			out = append(out, k) // a property e no longer has, such as an end date
		}
	}
	if !reflect.DeepEqual(old.Point, e.Point) {
		out = append(out, "geometry")
	}
	sort.Strings(out)
	return out, nil
}

// propertyJSON is each of e's feature properties as JSON.
func propertyJSON(e *geo.Event) (map[string]json.RawMessage, error) {
	var props map[string]json.RawMessage
	b, err := json.Marshal(e.Feature(nil).Properties)
	if err == nil {
		err = json.Unmarshal(b, &props)
	}
	if err != nil {
		return nil, fmt.Errorf("store: event %s properties as JSON: %w", e.ID, err)
	}
	return props, nil
}

// ensureBaseline records the stored event as its first revision when it has no history yet
// (it came from a seed or a bulk load), so that the state before the first edit can always be
// restored. The revision is an import by "system" at the time the event was loaded.
func ensureBaseline(ctx context.Context, tx *sql.Tx, old *geo.Event, now string) error {
	if old == nil {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM event_history WHERE event_id = ?`, old.ID).Scan(&n); err != nil || n > 0 {
		return err
	}
	at := old.UpdatedAt
	if at == "" {
		at = now
	}
	return recordRevision(ctx, tx, old.ID, geo.ActionImport, nil, at, []string{"baseline"}, old)
}

func recordRevision(ctx context.Context, tx *sql.Tx, id string, action geo.Action, by *geo.User, now string, changed []string, e *geo.Event) error {
	var snapshot any
	if e != nil {
		b, err := e.Feature(nil).MarshalJSON()
		if err != nil {
			return err
		}
		snapshot = string(b)
	}
	var userID any
	username := "system"
	if by != nil {
		userID, username = by.ID, by.Username
	}
	ch, _ := json.Marshal(changed)
	_, err := tx.ExecContext(ctx, `INSERT INTO event_history (event_id, revision, action, user_id, username, at, changed, snapshot)
		VALUES (?, (SELECT coalesce(max(revision), 0) + 1 FROM event_history WHERE event_id = ?), ?, ?, ?, ?, ?, ?)`,
		id, id, string(action), userID, username, now, string(ch), snapshot)
	return err
}

// History lists an event's revisions, newest first; ENOTFOUND if it never existed.
func (db *DB) History(ctx context.Context, id string) ([]geo.Revision, error) {
	return db.revisions(ctx, id, 0)
}

// Revision returns one revision of an event with the event as it stood after it.
func (db *DB) Revision(ctx context.Context, id string, revision int) (*geo.Revision, error) {
	revs, err := db.revisions(ctx, id, revision)
	if err != nil {
		return nil, err
	}
	return &revs[0], nil
}

func (db *DB) revisions(ctx context.Context, id string, only int) ([]geo.Revision, error) {
	return revisionsFrom(ctx, db.read, id, only)
}

// revisionTx is Revision inside a write transaction, so that what it reads cannot change
// before the transaction writes.
func revisionTx(ctx context.Context, tx *sql.Tx, id string, revision int) (*geo.Revision, error) {
	revs, err := revisionsFrom(ctx, tx, id, revision)
	if err != nil {
		return nil, err
	}
	return &revs[0], nil
}

func revisionsFrom(ctx context.Context, db querier, id string, only int) ([]geo.Revision, error) {
	// The history is public: it names the author as geo.User.PublicName does (display name or
	// role), never by the login name the row also keeps.
	q := `SELECT h.revision, h.action, u.id IS NOT NULL, coalesce(u.display_name, ''), coalesce(u.role, ''), h.username,
		h.at, h.changed, h.snapshot
		FROM event_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.event_id = ?`
	args := []any{id}
	if only > 0 {
		q += ` AND h.revision = ?`
		args = append(args, only)
	}
	rows, err := db.QueryContext(ctx, q+` ORDER BY h.revision DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []geo.Revision
	for rows.Next() {
		r := geo.Revision{EventID: id}
		var action, changed, login string
		var snapshot sql.NullString
		var author geo.User
		var known bool
		if err := rows.Scan(&r.Revision, &action, &known, &author.DisplayName, &author.Role, &login, &r.At, &changed, &snapshot); err != nil {
			return nil, err
		}
		r.By = publicAuthor(known, &author, login)
		r.Action = geo.Action(action)
		if err := json.Unmarshal([]byte(changed), &r.Changed); err != nil {
			return nil, err
		}
		if snapshot.Valid {
			f, err := geojson.UnmarshalFeature([]byte(snapshot.String))
			if err != nil {
				return nil, err
			}
			if r.Event, err = geo.EventFromFeature(f); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		what := fmt.Sprintf("no history for %q", id)
		if only > 0 {
			what = fmt.Sprintf("no revision %d of %q", only, id)
		}
		return nil, &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: what}
	}
	return out, nil
}

// publicAuthor is how the public history names a revision's author: the user's public name
// while the user exists; "system" for loads (recorded with no user); "former user" for a
// user no longer in the database, whose login name is all the row still holds.
func publicAuthor(known bool, u *geo.User, login string) string {
	switch {
	case known:
		return u.PublicName()
	case login == "system":
		return (*geo.User)(nil).PublicName()
	default:
		return "former user"
	}
}
