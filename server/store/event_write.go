package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/westward/westward/geo"
)

// CreateEvent adds one event, recording it in the history. An existing id is an ECONFLICT.
func (db *DB) CreateEvent(ctx context.Context, e *geo.Event, by *geo.User) error {
	return db.edit(ctx, func(tx *sql.Tx, now string) error {
		if _, _, err := findEventTx(ctx, tx, e.ID); err == nil {
			return &geo.Error{Code: geo.ECONFLICT, Param: "id", Message: fmt.Sprintf("event %q exists; replace it instead", e.ID)}
		} else if geo.ErrorCode(err) != geo.ENOTFOUND {
			return err
		}
		return db.saveEventTx(ctx, tx, nil, 0, e, geo.ActionCreate, by, now)
	})
}

// ReplaceEvent replaces the event with id by e (whose id must be id), recording the change.
func (db *DB) ReplaceEvent(ctx context.Context, id string, e *geo.Event, expect *Expect, by *geo.User) error {
	if e.ID != id {
		return geo.ParamError("id", "the body's id %q is not the URL's %q", e.ID, id)
	}
	return db.UpdateEvent(ctx, id, expect, func(*geo.Event) (*geo.Event, error) { return e, nil }, by)
}

// UpdateEvent reads the event with id, checks expect against it, and saves what change makes
// of it, all in one write transaction: two editors changing different fields of one event
// both keep their change, and changes to the same field are applied one after the other.
func (db *DB) UpdateEvent(ctx context.Context, id string, expect *Expect, change func(cur *geo.Event) (*geo.Event, error), by *geo.User) error {
	return db.edit(ctx, func(tx *sql.Tx, now string) error {
		old, pk, err := findExpected(ctx, tx, id, expect)
		if err != nil {
			return err
		}
		e, err := change(old)
		if err != nil {
			return err
		}
		if e.ID != id {
			return geo.ParamError("id", "the body's id %q is not the URL's %q", e.ID, id)
		}
		return db.saveEventTx(ctx, tx, old, pk, e, geo.ActionUpdate, by, now)
	})
}

// DeleteEvent removes an event; its history stays, so it can be restored.
func (db *DB) DeleteEvent(ctx context.Context, id string, expect *Expect, by *geo.User) error {
	return db.edit(ctx, func(tx *sql.Tx, now string) error {
		old, pk, err := findExpected(ctx, tx, id, expect)
		if err != nil {
			return err
		}
		if err := ensureBaseline(ctx, tx, old, now); err != nil {
			return err
		}
		if err := deleteIndexes(ctx, tx, pk); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE pk = ?`, pk); err != nil {
			return err
		}
		return recordRevision(ctx, tx, id, geo.ActionDelete, by, now, []string{"deleted"}, nil)
	})
}

// RestoreEvent brings an event back to the state of one of its revisions, recreating it if
// it was deleted. Restoring is itself a recorded change. An expectation on a deleted event
// fails: there is no current state to match.
func (db *DB) RestoreEvent(ctx context.Context, id string, revision int, expect *Expect, by *geo.User) error {
	return db.edit(ctx, func(tx *sql.Tx, now string) error {
		rev, err := revisionTx(ctx, tx, id, revision)
		if err != nil {
			return err
		}
		if rev.Event == nil {
			return geo.ParamError("revision", "revision %d of %q is a deletion; restore an earlier one", revision, id)
		}
		old, pk, err := findEventTx(ctx, tx, id)
		switch {
		case err == nil:
			if err := expect.check(ctx, tx, id, pk); err != nil {
				return err
			}
		case geo.ErrorCode(err) != geo.ENOTFOUND:
			return err
		case expect != nil:
			return &geo.Error{Code: geo.ESTALE, Param: "If-Match", Message: fmt.Sprintf("event %q no longer exists; restore it without If-Match", id)}
		}
		return db.saveEventTx(ctx, tx, old, pk, rev.Event, geo.ActionRestore, by, now)
	})
}

// edit runs fn in one write transaction and advances the dataset version when fn changed
// something (it returns errUnchanged otherwise).
func (db *DB) edit(ctx context.Context, fn func(tx *sql.Tx, now string) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx, db.Now().UTC().Format(time.RFC3339)); err != nil {
		if errors.Is(err, errUnchanged) {
			return nil
		}
		return err
	}
	_, err = db.commitChange(ctx, tx)
	return err
}

var errUnchanged = errors.New("store: unchanged")

// writer is what saving events in one transaction needs once, not once per event: the
// prepared statements and the known sources.
type writer struct {
	tx    *sql.Tx
	ins   *inserter
	known map[string]bool
}

func (db *DB) newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	ins, err := newInserter(ctx, tx)
	if err != nil {
		return nil, err
	}
	w := &writer{tx: tx, ins: ins, known: map[string]bool{}}
	err = eachRow(ctx, tx, `SELECT id FROM sources`, nil, func(r scanner) error {
		var id string
		if err := r.Scan(&id); err != nil {
			return err
		}
		w.known[id] = true
		return nil
	})
	if err != nil {
		ins.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) close() { w.ins.close() }

// saveEventTx saves one event in its own writer, for single edits.
func (db *DB) saveEventTx(ctx context.Context, tx *sql.Tx, old *geo.Event, pk int64, e *geo.Event, action geo.Action, by *geo.User, now string) error {
	w, err := db.newWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	return w.save(ctx, old, pk, e, action, by, now)
}

// save writes e over old (stored at pk), or anew when old is nil, after checking that its
// sources exist, and records the revision. Writing an identical event changes nothing.
func (w *writer) save(ctx context.Context, old *geo.Event, pk int64, e *geo.Event, action geo.Action, by *geo.User, now string) error {
	tx, ins := w.tx, w.ins
	if err := e.Validate(); err != nil {
		return err
	}
	// Tags are a set, kept sorted, so that a snapshot equals what the store gives back.
	sorted := *e
	sorted.Tags = slices.Sorted(slices.Values(e.Tags))
	e = &sorted
	if err := checkSources(w.known, e); err != nil {
		return err
	}
	changed, err := changedFields(old, e)
	if err != nil {
		return err
	}
	if old != nil && len(changed) == 0 {
		return errUnchanged
	}
	if err := ensureBaseline(ctx, tx, old, now); err != nil {
		return err
	}
	if old == nil {
		if err := ins.insert(ctx, e, now); err != nil {
			return err
		}
	} else {
		if err := deleteIndexes(ctx, tx, pk); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM event_tags WHERE event_pk = ?`, `DELETE FROM citations WHERE event_pk = ?`,
			`DELETE FROM links WHERE event_pk = ?`} {
			if _, err := tx.ExecContext(ctx, q, pk); err != nil {
				return err
			}
		}
		feature, err := renderFeature(e, now, ins.names)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, updateEventSQL, append(eventValues(e, now, 1), feature, pk)...); err != nil {
			return err
		}
		if err := ins.insertChildren(ctx, pk, e); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET changed_version =
		(SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'dataset_version') WHERE id = ?`, e.ID); err != nil {
		return err
	}
	saved := *e
	saved.UpdatedAt = now
	return recordRevision(ctx, tx, e.ID, action, by, now, changed, &saved)
}

func deleteIndexes(ctx context.Context, tx *sql.Tx, pk int64) error {
	for _, q := range []string{`DELETE FROM events_rtree WHERE pk = ?`, `DELETE FROM events_fts WHERE rowid = ?`} {
		if _, err := tx.ExecContext(ctx, q, pk); err != nil {
			return err
		}
	}
	return nil
}

// checkSources turns a citation of an unknown source into an error naming the field, rather
// than a foreign-key failure.
func checkSources(known map[string]bool, e *geo.Event) error {
	for i, c := range e.Citations {
		if !known[c.SourceID] {
			return geo.ParamError(fmt.Sprintf("sources[%d].source", i), "unknown source %q; add the source first", c.SourceID)
		}
	}
	for i, l := range e.Links {
		if !known[l.SourceID] {
			return geo.ParamError(fmt.Sprintf("links[%d].source", i), "unknown source %q", l.SourceID)
		}
	}
	return nil
}

func findEventTx(ctx context.Context, tx *sql.Tx, id string) (*geo.Event, int64, error) {
	var pk int64
	err := tx.QueryRowContext(ctx, `SELECT pk FROM events WHERE id = ?`, id).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: fmt.Sprintf("no event %q", id)}
	} else if err != nil {
		return nil, 0, err
	}
	events, err := findEvents(ctx, tx, `SELECT `+eventColumns+` FROM events e WHERE e.pk = ?`, pk)
	if err != nil {
		return nil, 0, err
	}
	return events[0], pk, nil
}
