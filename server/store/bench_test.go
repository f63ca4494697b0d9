package store

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/seed"
)

// The benchmarks below measure FindEvents, the query behind /api/collections/events/items,
// on synthetic databases of 10k and 100k events (seed.Synthetic, the same generator as
// `westward generate`). The point is the ratio 100k/10k for the same query shape: a
// bbox + datetime query is driven by the R*Tree, so its cost should follow the number of
// features it answers, not the size of the database. kind-only (no R*Tree: the events_by_kind
// index, then a sort by day) is the contrast whose cost does grow with the database.
//
//	go test -run '^$' -bench . -benchtime 20x ./server/store
//
// bench/README.md has the figures and the HTTP-level measurements.

// benchSizes are the database sizes measured. 100k takes about 15 s to generate.
var benchSizes = []struct {
	name   string
	events int
}{{"10k", 10_000}, {"100k", 100_000}}

// benchPlaces are cities the synthetic events cluster around (see seed/synthetic.go).
var benchPlaces = []orb.Point{
	{69.17, 34.53}, {28.98, 41.01}, {2.35, 48.86}, {13.40, 52.52}, {51.39, 35.69},
	{37.62, 55.75}, {-0.13, 51.51}, {71.52, 34.01},
}

// benchHalf is the half-width in degrees of the random boxes: 0.07° (a 0.14° box) is the
// shape bench/random_bbox.lua sends, which answers at most about 500 features on 1M events.
const benchHalf = 0.07

// benchFilters makes n filters of one shape, with random boxes near the cities and random
// one-year windows, so that no two are alike. half is the boxes' half-width in degrees.
func benchFilters(shape string, half float64, n int) []geo.EventFilter {
	r := rand.New(rand.NewPCG(7, 11))
	out := make([]geo.EventFilter, n)
	for i := range out {
		f := geo.EventFilter{Limit: 500}
		c := benchPlaces[r.IntN(len(benchPlaces))]
		x := c[0] + (r.Float64()-0.5)*0.4
		y := c[1] + (r.Float64()-0.5)*0.4
		bbox := orb.Bound{Min: orb.Point{x - half, y - half}, Max: orb.Point{x + half, y + half}}
		start := time.Date(2015+r.IntN(9), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		iv := geo.Interval{Start: start, End: start.AddDate(1, 0, -1)}
		switch {
		case strings.HasPrefix(shape, "bbox+datetime"):
			f.BBox, f.Datetime = &bbox, &iv
		case shape == "bbox":
			f.BBox = &bbox
		case shape == "kind":
			f.SetEnum("kind", []string{string(geo.Kinds[r.IntN(len(geo.Kinds))])})
		default:
			panic(shape)
		}
		out[i] = f
	}
	return out
}

// openSynthetic makes a database of n synthetic events in dir.
func openSynthetic(tb testing.TB, dir string, n int) *DB {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("events-%d.db", n)))
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if _, err := db.ReplaceAll(ctx, seed.SyntheticSources(), seed.Synthetic(n, 1)); err != nil {
		db.Close()
		tb.Fatal(err)
	}
	tb.Logf("generated %d events in %s", n, time.Since(start).Round(time.Millisecond))
	return db
}

// BenchmarkFindEvents runs each query shape on each database size through FindEvents, which
// loads whole events (the CSV export, the editor); BenchmarkFindFeatures through
// FindFeatures, which reads the stored features the items endpoint serves.
func BenchmarkFindEvents(b *testing.B) {
	benchFind(b, func(ctx context.Context, db *DB, f geo.EventFilter) (int, int, error) {
		events, total, err := db.FindEvents(ctx, f)
		return len(events), total, err
	})
}

func BenchmarkFindFeatures(b *testing.B) {
	benchFind(b, func(ctx context.Context, db *DB, f geo.EventFilter) (int, int, error) {
		features, total, err := db.FindFeatures(ctx, f)
		return len(features), total, err
	})
}

// benchFind runs find over every shape and size. The databases are built once, lazily (only
// for the sizes a -bench pattern selects), in the benchmark's TempDir.
func benchFind(b *testing.B, find func(context.Context, *DB, geo.EventFilter) (returned, matched int, err error)) {
	dir := b.TempDir()
	dbs := map[int]*DB{}
	b.Cleanup(func() {
		for _, db := range dbs {
			db.Close()
		}
	})
	get := func(b *testing.B, n int) *DB {
		if dbs[n] == nil {
			dbs[n] = openSynthetic(b, dir, n)
		}
		return dbs[n]
	}
	// bbox+datetime-wide uses boxes with 10× the area: on 10k events it answers about as many
	// features as bbox+datetime does on 100k, so that pair isolates the cost of the size.
	shapes := []struct {
		name string
		half float64
	}{{"bbox+datetime", benchHalf}, {"bbox+datetime-wide", benchHalf * 3.1623}, {"bbox", benchHalf}, {"kind", 0}}
	for _, shape := range shapes {
		for _, size := range benchSizes {
			b.Run(shape.name+"/"+size.name, func(b *testing.B) {
				db := get(b, size.events)
				filters := benchFilters(shape.name, shape.half, 256)
				ctx := context.Background()
				var features, matched, ops int
				for b.Loop() {
					n, total, err := find(ctx, db, filters[ops%len(filters)])
					if err != nil {
						b.Fatal(err)
					}
					features += n
					matched += total
					ops++
				}
				b.ReportMetric(float64(features)/float64(ops), "features/op")
				b.ReportMetric(float64(matched)/float64(ops), "matched/op")
				if features > 0 {
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(features), "ns/feature")
				}
			})
		}
	}
}

// TestQueryPlanUsesRTree checks that a bbox + datetime filter is answered by a walk of the
// R*Tree (and not by a scan of events or one of its B-tree indexes), with the exact SQL
// eventQuery builds. It runs on a small temporary database, or on the one named by
// WESTWARD_PLAN_DB (bench/load.sh points it at the 1M-event database; run with -v to see
// the plans).
func TestQueryPlanUsesRTree(t *testing.T) {
	ctx := context.Background()
	var db *DB
	if p := os.Getenv("WESTWARD_PLAN_DB"); p != "" {
		var err error
		if db, err = Open(ctx, p); err != nil {
			t.Fatal(err)
		}
	} else {
		db = openSynthetic(t, t.TempDir(), 500)
	}
	defer db.Close()
	bbox := orb.Bound{Min: orb.Point{69.11, 34.47}, Max: orb.Point{69.23, 34.59}}
	iv := geo.Interval{Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)}
	from, where, args := eventQuery(geo.EventFilter{BBox: &bbox, Datetime: &iv, Limit: 500})
	for _, q := range []struct {
		name, sql string
		args      []any
	}{
		{"count", `SELECT count(*) FROM ` + from + where, args},
		{"page of events", pageQuery(eventColumns, from, where), append(args[:len(args):len(args)], 500, 0)},
		{"page of features", pageQuery(featureColumns, from, where), append(args[:len(args):len(args)], 500, 0)},
	} {
		rows, err := db.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		t.Logf("%s: %s\n  %s", q.name, strings.Join(strings.Fields(q.sql), " "), strings.Join(plan, "\n  "))
		if len(plan) < 2 || !strings.HasPrefix(plan[0], "SCAN r VIRTUAL TABLE INDEX") ||
			!strings.Contains(plan[1], "SEARCH e USING INTEGER PRIMARY KEY") {
			t.Errorf("%s: the R*Tree does not drive the query; plan:\n  %s", q.name, strings.Join(plan, "\n  "))
		}
	}
}

// BenchmarkCreateEvent saves one new event per operation (an editor's save: one write
// transaction and its commit) into a 1k-event database, with the writer's synchronous pragma
// at FULL, what Open sets so an acknowledged save survives a power cut, and at NORMAL, the
// baseline it replaced: the ratio of the two is what FULL costs a save.
//
//	go test -run '^$' -bench CreateEvent -count 5 ./server/store
func BenchmarkCreateEvent(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run("synchronous="+mode, func(b *testing.B) {
			db := MustOpen(b)
			mustReplace(b, db, collect(1000, 1))
			ctx := context.Background()
			if _, err := db.write.ExecContext(ctx, `PRAGMA synchronous = `+mode); err != nil {
				b.Fatal(err)
			}
			next, stop := iter.Pull(seed.Synthetic(1<<30, 5))
			defer stop()
			i := 0
			for b.Loop() {
				e, _ := next()
				e.ID = fmt.Sprintf("bench-%d", i)
				i++
				if err := db.CreateEvent(ctx, e, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
