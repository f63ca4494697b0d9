package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/seed"
)

// MustOpen opens a database in a fresh temporary folder and closes it when the test ends.
func MustOpen(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func mustReplace(tb testing.TB, db *DB, events []*geo.Event) int64 {
	tb.Helper()
	v, err := db.ReplaceAll(context.Background(), seed.SyntheticSources(), slices.Values(events))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func collect(n int, s int64) []*geo.Event {
	return slices.Collect(seed.Synthetic(n, s))
}

func TestOpen_migratesOnceAndRecordsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Migrations(context.Background())
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"0001_events.sql", "0002_stories.sql", "0003_editing.sql", "0004_features.sql", "0005_location_role.sql", "0006_event_version.sql", "0007_credentials.sql"}; !slices.Equal(got, want) {
			t.Fatalf("open %d: migrations = %v", i, got)
		}
	}
	var mode string
	db, _ := Open(context.Background(), path)
	defer db.Close()
	if err := db.read.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, busy int
	db.read.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	db.read.QueryRow(`PRAGMA busy_timeout`).Scan(&busy)
	if fk != 1 || busy != 5000 {
		t.Errorf("foreign_keys = %d, busy_timeout = %d; want 1 and 5000", fk, busy)
	}
}

func TestReplaceAll_roundTripsTheSeed(t *testing.T) {
	db := MustOpen(t)
	sources, events, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.ReplaceAll(ctx, sources, slices.Values(events)); err != nil {
		t.Fatal(err)
	}
	gotSources, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotSources) != len(sources) {
		t.Fatalf("sources: got %d, want %d", len(gotSources), len(sources))
	}
	for _, want := range events {
		got, err := db.FindEventByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		// A seeded event's last change is the seed's curation date, not the time of the load.
		if want.UpdatedAt == "" || got.UpdatedAt != want.UpdatedAt {
			t.Errorf("event %s: last changed %q, want the seed's curation date %q", want.ID, got.UpdatedAt, want.UpdatedAt)
		}
		if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", normalise(*want)) {
			t.Errorf("event %s changed on the way through the store:\n got %+v\nwant %+v", want.ID, *got, normalise(*want))
		}
	}
}

// normalise gives an event the empty-not-nil lists the store returns.
func normalise(e geo.Event) geo.Event {
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Links == nil {
		e.Links = []geo.Link{}
	}
	sort.Strings(e.Tags)
	return e
}

func TestReplaceAll_isAllOrNothing(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	v1 := mustReplace(t, db, collect(50, 1))
	bad := collect(60, 2)
	bad[59].Kind = "bombing" // the last event is invalid: nothing of this load may stay
	if _, err := db.ReplaceAll(ctx, seed.SyntheticSources(), slices.Values(bad)); err == nil {
		t.Fatal("ReplaceAll accepted an invalid event")
	}
	dup := collect(10, 3)
	dup[9].ID = dup[0].ID // a unique constraint fails inside the transaction
	if _, err := db.ReplaceAll(ctx, seed.SyntheticSources(), slices.Values(dup)); err == nil {
		t.Fatal("ReplaceAll accepted a duplicate id")
	}
	unknown := collect(5, 4)
	unknown[4].Citations[0].SourceID = "nobody" // a foreign key fails
	if _, err := db.ReplaceAll(ctx, seed.SyntheticSources(), slices.Values(unknown)); err == nil {
		t.Fatal("ReplaceAll accepted a citation of an unknown source")
	}
	n, _ := db.CountEvents(ctx)
	if n != 50 || db.Version() != v1 {
		t.Errorf("after failed loads: %d events, version %d; want the first load's 50 and version %d", n, db.Version(), v1)
	}
	if _, total, _ := db.FindEvents(ctx, geo.EventFilter{Query: "synthetic", Limit: 1}); total != 50 {
		t.Errorf("text index holds %d events, want 50", total)
	}
	if v2 := mustReplace(t, db, collect(20, 5)); v2 != v1+1 {
		t.Errorf("version after a good load = %d, want %d", v2, v1+1)
	}
}

func TestFindEventByID_notFound(t *testing.T) {
	db := MustOpen(t)
	_, err := db.FindEventByID(context.Background(), "nowhere")
	var e *geo.Error
	if !errors.As(err, &e) || e.Code != geo.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
}

// TestFindEvents_agreesWithMatches checks the SQL filters (R*Tree, indexes, IN lists) against
// the same rule written plainly in Go, over many random filters.
func TestFindEvents_agreesWithMatches(t *testing.T) {
	db := MustOpen(t)
	events := collect(1500, 7)
	mustReplace(t, db, events)
	r := rand.New(rand.NewPCG(11, 13))
	ctx := context.Background()
	for i := 0; i < 150; i++ {
		f := randomFilter(r)
		got, total, err := db.FindEvents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, e := range events {
			if f.Matches(e) {
				want = append(want, e.ID)
			}
		}
		if total != len(want) {
			t.Fatalf("filter %s: numberMatched %d, want %d", describe(f), total, len(want))
		}
		wantPage := pageOf(events, want, f.Offset, f.Limit)
		var gotIDs []string
		for _, e := range got {
			gotIDs = append(gotIDs, e.ID)
		}
		if !slices.Equal(gotIDs, wantPage) {
			t.Fatalf("filter %s: page %v, want %v", describe(f), gotIDs, wantPage)
		}
	}
}

func randomFilter(r *rand.Rand) geo.EventFilter {
	f := geo.EventFilter{Limit: 1 + r.IntN(300), Offset: r.IntN(3) * 50}
	if r.IntN(2) == 0 {
		lon, lat := -5+r.Float64()*80, 28+r.Float64()*30
		b := orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + r.Float64()*10, lat + r.Float64()*5}}
		f.BBox = &b
	}
	if r.IntN(2) == 0 {
		start := time.Date(2015+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		iv := geo.Interval{Start: start, End: start.AddDate(0, r.IntN(30), r.IntN(30))}
		switch r.IntN(3) {
		case 0:
			iv.Start = time.Time{}
		case 1:
			iv.End = time.Time{}
		}
		f.Datetime = &iv
	}
	for _, e := range geo.FilterEnums() {
		if r.IntN(3) == 0 {
			f.SetEnum(e.Property, []string{e.Terms[r.IntN(len(e.Terms))].Value, e.Terms[r.IntN(len(e.Terms))].Value})
		}
	}
	if r.IntN(4) == 0 {
		f.Countries = []string{"AF", "TR", "IR", "DE"}[:1+r.IntN(4)]
	}
	return f
}

// pageOf orders ids as the store does (first day, then id) and cuts out one page.
func pageOf(events []*geo.Event, ids []string, offset, limit int) []string {
	start := map[string]time.Time{}
	for _, e := range events {
		start[e.ID] = e.Start()
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := start[ids[i]], start[ids[j]]
		if !a.Equal(b) {
			return a.Before(b)
		}
		return ids[i] < ids[j]
	})
	if offset >= len(ids) {
		return nil
	}
	return ids[offset:min(len(ids), offset+limit)]
}

func describe(f geo.EventFilter) string {
	return fmt.Sprintf("{bbox %v datetime %v enums %v countries %v limit %d offset %d}",
		f.BBox, f.Datetime, f.Enums, f.Countries, f.Limit, f.Offset)
}

func TestFindEvents_textSearch(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	e := collect(3, 1)
	e[0].Title, e[0].Place = "Attack on the Santa Maria church", "Büyükdere, Sarıyer, Istanbul"
	e[1].Title, e[1].Summary = "Bombings in Kerman", "Two explosions near the cemetery."
	mustReplace(t, db, e)
	tests := []struct {
		q    string
		want int
	}{
		{"buyukdere", 1}, {"Büyükdere", 1}, {"kerm", 1}, {"KERMAN cemetery", 1}, {"kerman church", 0},
		{"'; DROP TABLE events; --", 0}, {`"`, 0}, {"*", 0}, {"NEAR(a b)", 0}, {"a OR b", 0}, {"synthetic place", 2},
	}
	for _, tt := range tests {
		_, total, err := db.FindEvents(ctx, geo.EventFilter{Query: tt.q, Limit: 10})
		if err != nil || total != tt.want {
			t.Errorf("q=%q: %d matches, %v; want %d", tt.q, total, err, tt.want)
		}
	}
	if n, _ := db.CountEvents(ctx); n != 3 {
		t.Errorf("%d events after the searches, want 3", n)
	}
}

func TestDB_concurrentReadsDuringWrites(t *testing.T) {
	db := MustOpen(t)
	mustReplace(t, db, collect(200, 1))
	ctx := context.Background()
	done := make(chan error)
	go func() {
		for i := 0; i < 5; i++ {
			if _, err := db.ReplaceAll(ctx, seed.SyntheticSources(), seed.Synthetic(200, int64(i))); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < 50; i++ {
		_, total, err := db.FindEvents(ctx, geo.EventFilter{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if total != 200 {
			t.Fatalf("a reader saw %d events mid-write, want 200 (a load is one transaction)", total)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if db.Version() != 6 {
		t.Errorf("version = %d, want 6", db.Version())
	}
}

func TestSummary(t *testing.T) {
	db := MustOpen(t)
	events := collect(400, 3)
	mustReplace(t, db, events)
	s, err := db.Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string]int{}
	months := map[string]int{}
	for _, e := range events {
		byKind[string(e.Kind)]++
		months[e.Start().Format("2006-01")]++
	}
	for k, n := range byKind {
		if s.ByKind[k] != n {
			t.Errorf("by_kind[%s] = %d, want %d", k, s.ByKind[k], n)
		}
	}
	sum := 0
	for _, m := range s.ByMonth {
		if m.Count != months[m.Month] {
			t.Errorf("month %s: %d, want %d", m.Month, m.Count, months[m.Month])
		}
		sum += m.Count
	}
	if s.Count != 400 || sum != 400 || s.Version != 1 {
		t.Errorf("count %d, months sum %d, version %d", s.Count, sum, s.Version)
	}
}

func TestOpen_writerSyncsEveryCommit(t *testing.T) {
	db := MustOpen(t)
	// 2 is FULL: the WAL is synced at each commit, so an acknowledged save survives a power cut
	var w, r int
	if err := db.write.QueryRow(`PRAGMA synchronous`).Scan(&w); err != nil {
		t.Fatal(err)
	}
	if err := db.read.QueryRow(`PRAGMA synchronous`).Scan(&r); err != nil {
		t.Fatal(err)
	}
	if w != 2 || r != 1 {
		t.Errorf("synchronous = %d on the writer, %d on readers; want 2 (FULL) and 1 (NORMAL)", w, r)
	}
}

// TestOutOfStorage fills the database (SQLite's max_page_count, as a full disk would) and
// checks that a write fails as out of storage and leaves nothing of itself behind.
func TestOutOfStorage(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	mustReplace(t, db, collect(20, 1))
	before, _ := db.CountEvents(ctx)
	v := db.Version()
	if err := db.SetMaxSize(ctx, 0); err != nil { // no room beyond what is used
		t.Fatal(err)
	}
	_, err := db.ImportEvents(ctx, nil, collect(300, 2), nil, false)
	if err == nil || !OutOfStorage(err) {
		t.Fatalf("an import into a full database: %v; want out of storage", err)
	}
	if after, _ := db.CountEvents(ctx); after != before || db.Version() != v {
		t.Errorf("the failed import changed the data: %d→%d events, version %d→%d", before, after, v, db.Version())
	}
	if OutOfStorage(errors.New("database or disk is full")) || OutOfStorage(nil) {
		t.Error("OutOfStorage takes an error that is not SQLite's for its own")
	}
}
