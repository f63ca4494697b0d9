package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/westward/westward/geo"
)

// Expect is the state of an event a write was prepared against (HTTP If-Match): nil expects
// nothing; Exists only that the event exists ("*"); otherwise that the event has not changed
// since one of the dataset versions at which the writer read it.
type Expect struct {
	Exists   bool
	Versions []int64
}

// check refuses, with an ESTALE error, a write whose expectation the event at pk no longer
// meets. It runs inside the write transaction, so nothing can change between the check and
// the write.
func (x *Expect) check(ctx context.Context, tx *sql.Tx, id string, pk int64) error {
	if x == nil || x.Exists {
		return nil
	}
	var changed int64
	if err := tx.QueryRowContext(ctx, `SELECT changed_version FROM events WHERE pk = ?`, pk).Scan(&changed); err != nil {
		return err
	}
	for _, v := range x.Versions {
		if changed <= v {
			return nil
		}
	}
	return &geo.Error{Code: geo.ESTALE, Param: "If-Match", Message: fmt.Sprintf(
		"event %q has changed since you read it (now at dataset version %d); read it again and reapply your change", id, changed)}
}

// findExpected reads the event with id in tx and checks expect against it.
func findExpected(ctx context.Context, tx *sql.Tx, id string, expect *Expect) (*geo.Event, int64, error) {
	old, pk, err := findEventTx(ctx, tx, id)
	if err != nil {
		return nil, 0, err
	}
	return old, pk, expect.check(ctx, tx, id, pk)
}
