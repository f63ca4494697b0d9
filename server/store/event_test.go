package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestEventTable_isTheTable holds the one column list to the events table the migrations
// build: every column but pk and the rendered feature (order aside). A migration that
// adds a column without a line in eventTable fails here.
func TestEventTable_isTheTable(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table []string
	err = eachRow(ctx, db.read, `SELECT name FROM pragma_table_info('events') ORDER BY cid`, nil, func(s scanner) error {
		var name string
		if err := s.Scan(&name); err != nil {
			return err
		}
		// pk, the rendered feature and the version of the last change are the store's own
		// bookkeeping, written beside the event's columns, never read into an Event.
		if name != "pk" && name != "feature" && name != "changed_version" {
			table = append(table, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, c := range eventTable {
		list = append(list, c.name)
	}
	slices.Sort(list)
	slices.Sort(table)
	if !slices.Equal(list, table) {
		t.Errorf("eventTable %v, the events table %v", list, table)
	}
}
