package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/westward/westward/geo"
)

// ImportResult says what an import did, or would do in a dry run.
type ImportResult struct {
	Added     []string `json:"added"`
	Updated   []string `json:"updated"`
	Unchanged []string `json:"unchanged"`
}

// ImportEvents adds or replaces the given events by id in one transaction, recording each
// change as an import. It is idempotent: importing the same events twice changes nothing the
// second time. With dryRun it does everything, reports, and rolls back. Any failing event
// rolls the whole import back, naming the event.
//
// sources are added first, when missing, in the same transaction (an ACLED import brings
// the source its rows cite).
func (db *DB) ImportEvents(ctx context.Context, sources []geo.Source, events []*geo.Event, by *geo.User, dryRun bool) (*ImportResult, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, src := range sources {
		if err := src.Validate(); err != nil {
			return nil, fmt.Errorf("source %q: %w", src.ID, err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE id = ?`, src.ID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			if err := insertSource(ctx, tx, src); err != nil {
				return nil, err
			}
		}
	}
	now := db.Now().UTC().Format(time.RFC3339)
	w, err := db.newWriter(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer w.close()
	res := &ImportResult{Added: []string{}, Updated: []string{}, Unchanged: []string{}}
	seen := map[string]bool{}
	for i, e := range events {
		if seen[e.ID] {
			return nil, geo.ParamError(fmt.Sprintf("events[%d].id", i), "id %q appears twice in the import", e.ID)
		}
		seen[e.ID] = true
		old, pk, err := findEventTx(ctx, tx, e.ID)
		if err != nil && geo.ErrorCode(err) != geo.ENOTFOUND {
			return nil, err
		}
		err = w.save(ctx, old, pk, e, geo.ActionImport, by, now)
		switch {
		case errors.Is(err, errUnchanged):
			res.Unchanged = append(res.Unchanged, e.ID)
		case err != nil:
			return nil, fmt.Errorf("event %q: %w", e.ID, err)
		case old == nil:
			res.Added = append(res.Added, e.ID)
		default:
			res.Updated = append(res.Updated, e.ID)
		}
	}
	if dryRun || len(res.Added)+len(res.Updated) == 0 {
		return res, nil
	}
	if _, err := db.commitChange(ctx, tx); err != nil {
		return nil, err
	}
	return res, nil
}
