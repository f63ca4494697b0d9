package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/seed"
)

// assertFeaturesMatchEvents checks that every stored feature is, byte for byte, the feature of
// the event as the store reads it back, named with the stored country names, in the same
// order as FindEvents.
func assertFeaturesMatchEvents(t *testing.T, db *DB, f geo.EventFilter) int {
	t.Helper()
	ctx := context.Background()
	events, total, err := db.FindEvents(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	features, ftotal, err := db.FindFeatures(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if ftotal != total || len(features) != len(events) {
		t.Fatalf("FindFeatures: %d of %d, FindEvents %d of %d", len(features), ftotal, len(events), total)
	}
	for i, e := range events {
		want, err := e.Feature(db.CountryName).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(features[i]) != string(want) {
			t.Fatalf("event %s: stored feature\n%s\nwant\n%s", e.ID, features[i], want)
		}
	}
	return len(events)
}

var all = geo.EventFilter{Limit: geo.MaxLimit}

// TestStoredFeaturesMatchEvents holds the rendered copies to the normalised tables through
// every way events are written: a full load (the seed and synthetic events, tags given out of
// order), edits, a restore, an import, and a change of country names.
func TestStoredFeaturesMatchEvents(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	if err := db.SetCountryNames(ctx, map[string]string{"AF": "Afghanistan", "TR": "Turkey"}); err != nil {
		t.Fatal(err)
	}
	sources, events, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		slices.Reverse(e.Tags)
	}
	if _, err := db.ReplaceAll(ctx, sources, slices.Values(events)); err != nil {
		t.Fatal(err)
	}
	if n := assertFeaturesMatchEvents(t, db, all); n != len(events) {
		t.Fatalf("%d features, want %d", n, len(events))
	}
	var named bool
	for _, b := range mustFeatures(t, db) {
		named = named || strings.Contains(string(b), `"country_name":"Afghanistan"`)
	}
	if !named {
		t.Error("no feature carries the stored name Afghanistan")
	}

	syn := collect(300, 3)
	mustReplace(t, db, syn)
	assertFeaturesMatchEvents(t, db, all)
	attacks := geo.EventFilter{Limit: 7, Offset: 5}
	attacks.SetEnum("kind", []string{string(geo.KindAttack)})
	assertFeaturesMatchEvents(t, db, attacks)

	editor := &geo.User{Username: "ed", Role: geo.RoleEditor}
	if u, err := db.CreateUser(ctx, geo.User{Username: "ed", Role: geo.RoleEditor}, "hash"); err != nil {
		t.Fatal(err)
	} else {
		editor.ID = u.ID
	}
	edited := *syn[0]
	edited.Title, edited.Tags, edited.EndDate = "Edited title", []string{"zz", "aa"}, nil
	if err := db.ReplaceEvent(ctx, edited.ID, &edited, nil, editor); err != nil {
		t.Fatal(err)
	}
	created := *syn[1]
	created.ID = "created-event"
	if err := db.CreateEvent(ctx, &created, editor); err != nil {
		t.Fatal(err)
	}
	if err := db.RestoreEvent(ctx, edited.ID, 1, nil, editor); err != nil {
		t.Fatal(err)
	}
	imported := *syn[2]
	imported.Summary = "Imported summary"
	if _, err := db.ImportEvents(ctx, nil, []*geo.Event{&imported}, editor, false); err != nil {
		t.Fatal(err)
	}
	assertFeaturesMatchEvents(t, db, all)

	v := db.Version()
	if err := db.SetCountryNames(ctx, map[string]string{"AF": "Afghanistan (renamed)"}); err != nil {
		t.Fatal(err)
	}
	if db.Version() <= v {
		t.Errorf("new names kept the version at %d", db.Version())
	}
	assertFeaturesMatchEvents(t, db, all)
	if err := db.SetCountryNames(ctx, map[string]string{"AF": "Afghanistan (renamed)"}); err != nil || db.Version() != v+1 {
		t.Errorf("the same names again: %v, version %d, want %d", err, db.Version(), v+1)
	}
}

func mustFeatures(t *testing.T, db *DB) []json.RawMessage {
	t.Helper()
	fs, _, err := db.FindFeatures(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestOpenRendersMissingFeatures checks that rows without a feature (as migration 0004 leaves
// an older database) are rendered when the database is opened, with their stored names, and
// that the version advances so no cached answer outlives them.
func TestOpenRendersMissingFeatures(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustReplace(t, db, collect(1200, 5))
	if err := db.SetCountryNames(ctx, map[string]string{"TR": "Türkiye"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE events SET feature = '' WHERE pk % 3 = 0`); err != nil {
		t.Fatal(err)
	}
	v := db.Version()
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pending int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE feature = ''`).Scan(&pending); err != nil || pending != 0 {
		t.Fatalf("%d features still missing (%v)", pending, err)
	}
	if db.Version() <= v {
		t.Errorf("version %d after rendering, was %d", db.Version(), v)
	}
	if db.CountryName("TR") != "Türkiye" {
		t.Errorf("stored name of TR: %q", db.CountryName("TR"))
	}
	if n := assertFeaturesMatchEvents(t, db, all); n != 1200 {
		t.Errorf("%d features, want 1200", n)
	}
}

// TestWritesUseTheStoredNames checks that a process renders with the names stored now, not
// with those it read when it opened the database: another process may have changed them.
func TestWritesUseTheStoredNames(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "two.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	mustReplace(t, a, collect(20, 9))
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	e := collect(21, 9)[20]
	e.ID, e.Country = "written-by-b", "AF"
	if err := a.SetCountryNames(ctx, map[string]string{"AF": "Afghanistan, as A stored it"}); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateEvent(ctx, e, nil); err != nil {
		t.Fatal(err)
	}
	fs, _, err := b.FindFeatures(ctx, geo.EventFilter{Countries: []string{"AF"}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range fs {
		if strings.Contains(string(f), `"written-by-b"`) {
			found = true
			if !strings.Contains(string(f), `"country_name":"Afghanistan, as A stored it"`) {
				t.Errorf("B stored %s", f)
			}
		}
	}
	if !found {
		t.Fatal("B's event is not in the answer")
	}
	if err := b.Refresh(ctx); err != nil || b.CountryName("AF") != "Afghanistan, as A stored it" {
		t.Errorf("after Refresh B names AF %q (%v)", b.CountryName("AF"), err)
	}
}

// TestFeatureFormatAndMissingFeatures checks the two ways a stored feature can be out of date:
// rendered in an older format (Open renders every feature again) and missing, as an older
// build would leave a row it wrote (FindFeatures renders it for the answer).
func TestFeatureFormatAndMissingFeatures(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "format.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustReplace(t, db, collect(50, 2))
	if _, err := db.write.ExecContext(ctx, `UPDATE events SET feature = '{"stale":true}'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE meta SET value = '0' WHERE key = 'feature_format'`); err != nil {
		t.Fatal(err)
	}
	v := db.Version()
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Version() <= v {
		t.Errorf("version %d after a new format, was %d", db.Version(), v)
	}
	assertFeaturesMatchEvents(t, db, all)

	if _, err := db.write.ExecContext(ctx, `UPDATE events SET feature = '' WHERE pk % 2 = 0`); err != nil {
		t.Fatal(err)
	}
	if n := assertFeaturesMatchEvents(t, db, all); n != 50 {
		t.Errorf("%d features, want 50", n)
	}
}

// TestOpenRefusesANewerSchema checks that a database migrated by a newer build is not written
// by this one.
func TestOpenRefusesANewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "newer.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer than this build") {
		t.Errorf("Open of a newer schema: %v", err)
	}
}
