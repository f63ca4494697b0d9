package store

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/westward/westward/geo"
)

// Dataset is everything ReplaceDataset loads: sources, events and stories.
type Dataset struct {
	Sources []geo.Source
	// Events come from an iterator so that a large synthetic set need not sit in memory.
	Events  iter.Seq[*geo.Event]
	Stories []geo.Story
}

// ReplaceAll replaces every source and event, and removes the stories; see ReplaceDataset.
func (db *DB) ReplaceAll(ctx context.Context, sources []geo.Source, events iter.Seq[*geo.Event]) (int64, error) {
	return db.ReplaceDataset(ctx, Dataset{Sources: sources, Events: events})
}

// ReplaceDataset replaces the whole dataset in one transaction: the database holds either the
// old dataset or the new one, never a mix. An event that carries UpdatedAt (the date a curated
// dataset was last edited) keeps it as its last change; any other is stamped with the load
// time. Each event is validated as it comes; the first
// invalid one, or a story citing an event that is not there, rolls the whole load back. It
// returns the new dataset version.
func (db *DB) ReplaceDataset(ctx context.Context, d Dataset) (int64, error) {
	sources, events := d.Sources, d.Events
	for i := range sources {
		if err := sources[i].Validate(); err != nil {
			return 0, fmt.Errorf("source %q: %w", sources[i].ID, err)
		}
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM stories`, `DELETE FROM events_rtree`, `DELETE FROM events_fts`, `DELETE FROM events`,
		`DELETE FROM sources`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("store: clear: %w", err)
		}
	}
	for _, s := range sources {
		if err := insertSource(ctx, tx, s); err != nil {
			return 0, err
		}
	}
	now := db.Now().UTC().Format(time.RFC3339)
	ins, err := newInserter(ctx, tx)
	if err != nil {
		return 0, err
	}
	defer ins.close()
	for e := range events {
		if err := e.Validate(); err != nil {
			return 0, fmt.Errorf("event %q: %w", e.ID, err)
		}
		at := now
		if e.UpdatedAt != "" {
			// A curated dataset says when its events last changed (see seed's "curated").
			t, err := time.Parse(time.RFC3339, e.UpdatedAt)
			if err != nil {
				return 0, fmt.Errorf("event %q: updated_at %q is not an RFC 3339 time", e.ID, e.UpdatedAt)
			}
			at = t.UTC().Format(time.RFC3339)
		}
		if err := ins.insert(ctx, e, at); err != nil {
			return 0, fmt.Errorf("store: %w", err)
		}
	}
	if err := insertStories(ctx, tx, d.Stories); err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	// Every event is new as of this load: a tag read before it matches none of them.
	if _, err := tx.ExecContext(ctx, `UPDATE events SET changed_version =
		(SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'dataset_version')`); err != nil {
		return 0, err
	}
	return db.commitChange(ctx, tx)
}

// CountEvents returns how many events the database holds.
func (db *DB) CountEvents(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&n)
	return n, err
}
