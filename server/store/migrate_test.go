package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// TestMigrate_0005KeepsEveryRow builds a database as schema 0004 left it, with an event and
// all its children, and opens it: the rebuild of events and links (foreign keys off, the
// documented procedure) must keep every row, cascade into nothing, and leave the foreign keys
// working afterwards.
func TestMigrate_0005KeepsEveryRow(t *testing.T) {
	ctx := context.Background()
	path, raw, mustExec := oldDatabase(t)
	mustExec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`)
	for v, name := range []string{"0001_events.sql", "0002_stories.sql", "0003_editing.sql", "0004_features.sql"} {
		body, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(string(body))
		mustExec(`INSERT INTO schema_migrations VALUES (?, ?, '2024-01-01T00:00:00Z')`, v+1, name)
	}
	mustExec(`INSERT INTO sources (id, publication, title, published) VALUES ('src', 'P', 'T', '2024')`)
	mustExec(`INSERT INTO events (pk, id, title, summary, date, date_precision, start_day, end_day, kind, actor, attribution,
		place, country, lon, lat, location_precision, updated_at) VALUES (7, 'kerman', 'Kerman', 'S', '2024-01-03', 'day',
		'2024-01-03', '2024-01-03', 'attack', 'iskp', 'claimed', 'Kerman', 'IR', 57.08, 30.28, 'city', '2024-01-04T00:00:00Z')`)
	mustExec(`INSERT INTO event_tags VALUES (7, 'kerman')`)
	mustExec(`INSERT INTO citations VALUES (7, 'src', 0)`)
	mustExec(`INSERT INTO quotes VALUES (7, 'src', 0, 'two blasts')`)
	mustExec(`INSERT INTO figures VALUES (7, 'src', 'killed', 95, 'at_least', '', 0)`)
	mustExec(`INSERT INTO links VALUES (7, 0, 'origin', 'Tajikistan', 'TJ', 71, 38.9, 'country', 'src', 'a Tajik')`)
	mustExec(`INSERT INTO events_rtree VALUES (7, 57.08, 57.08, 30.28, 30.28, 19725, 19725)`)
	mustExec(`INSERT INTO events_fts (rowid, title, summary, place) VALUES (7, 'Kerman', 'S', 'Kerman')`)
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := db.FindEventByID(ctx, "kerman")
	if err != nil {
		t.Fatal(err)
	}
	if e.LocationRole != geo.RoleOccurrence || !slices.Equal(e.Tags, []string{"kerman"}) || len(e.Links) != 1 ||
		len(e.Citations) != 1 || len(e.Citations[0].Figures) != 1 || e.Citations[0].Quotes[0] != "two blasts" {
		t.Fatalf("after migration: role %q tags %v links %v citations %+v", e.LocationRole, e.Tags, e.Links, e.Citations)
	}
	events, total, err := db.FindEvents(ctx, geo.EventFilter{Query: "kerman", BBox: &orb.Bound{Min: orb.Point{57, 30}, Max: orb.Point{58, 31}}})
	if err != nil || total != 1 || len(events) != 1 {
		t.Fatalf("search and box after migration: %d events, total %d, %v", len(events), total, err)
	}
	// Foreign keys are back on and still point at the rebuilt table: deleting the event
	// cascades to its children.
	if _, err := db.write.ExecContext(ctx, `DELETE FROM events WHERE pk = 7`); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"event_tags", "citations", "quotes", "figures", "links"} {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s keeps %d rows after the event's deletion (%v); want the cascade", table, n, err)
		}
	}
}

// oldDatabase opens a bare SQLite file in which a migration test builds an older schema by
// hand; exec fails the test on any error. The test closes raw before opening path with Open.
func oldDatabase(t *testing.T) (path string, raw *sql.DB, exec func(q string, args ...any)) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	exec = func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path, raw, exec
}
