package server

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/westward/westward/seed"
	"github.com/westward/westward/server/store"
)

// BenchmarkItems answers random bbox + datetime requests (bench/random_bbox.lua's shape: a
// 0.14° box near a city the synthetic events cluster around, a one-year window, limit=500,
// gzip) through the whole handler, without a socket and without cache hits: it is the one to
// profile.
//
//	go test -run '^$' -bench Items -benchtime 8s -cpuprofile cpu.prof ./server
//
// It builds a database of 10,000 synthetic events; WESTWARD_BENCH_DB names another, such as
// one `westward generate --events 1000000` made (bench/load.sh keeps them in
// /tmp/westward-bench). WESTWARD_BENCH_HALF and WESTWARD_BENCH_YEARS change the shape.
func BenchmarkItems(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("WESTWARD_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "items.db")
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.ReplaceAll(ctx, seed.SyntheticSources(), seed.Synthetic(10_000, 1)); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	srv := newServerWith(b, db, Config{Version: "bench", CacheBytes: 1}) // caches nothing
	half, years := 0.07, 1
	fmt.Sscan(os.Getenv("WESTWARD_BENCH_HALF"), &half)
	fmt.Sscan(os.Getenv("WESTWARD_BENCH_YEARS"), &years)
	cities := benchCities()
	r := rand.New(rand.NewPCG(1, 2))
	target := func() string {
		c := cities[r.IntN(len(cities))]
		x, y := c[0]+(r.Float64()-0.5)*0.4, c[1]+(r.Float64()-0.5)*0.4
		start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3650-365*years+1))
		end := start.AddDate(0, 0, 365*years-1)
		return fmt.Sprintf("/api/collections/events/items?bbox=%.4f,%.4f,%.4f,%.4f&datetime=%s/%s&limit=500",
			x-half, y-half, x+half, y+half, start.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	var bytes int
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, target(), nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		bytes += rec.Body.Len()
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "gzip-bytes/op")
}

// benchCities are the 21 places seed.Synthetic clusters events around.
func benchCities() [][2]float64 {
	return [][2]float64{
		{69.17, 34.53}, {70.45, 34.43}, {65.71, 31.61}, {71.52, 34.01}, {68.78, 38.56}, {69.24, 41.31},
		{57.08, 30.28}, {51.39, 35.69}, {52.53, 29.61}, {28.98, 41.01}, {32.85, 39.93}, {37.62, 55.75},
		{30.31, 59.94}, {13.40, 52.52}, {6.96, 50.94}, {2.35, 48.86}, {16.37, 48.21}, {4.35, 50.85},
		{4.90, 52.37}, {18.07, 59.33}, {-0.13, 51.51},
	}
}
