package server

import (
	"context"
	"image"
	"image/draw"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/westward/westward/seed"
	"github.com/westward/westward/server/preview"
	"github.com/westward/westward/server/store"
)

// BenchmarkPreview renders the map's default view (every ISKP event to the end of the data)
// as /preview.png through the whole handler with nothing cached, on the seed and on 10,000
// synthetic events. Each iteration also times two baselines in the same run, and reports the
// render as ratios to them: x-blank-png (encoding a blank 1200×630 PNG, the floor of any
// preview) and x-items (the items API's answer the page loads for the same view, limit=10000).
//
//	go test -run '^$' -bench Preview -benchtime 20x ./server
func BenchmarkPreview(b *testing.B) {
	ctx := context.Background()
	_, events, err := seed.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		load func(db *store.DB) error
	}{
		{"seed", func(db *store.DB) error {
			sources, _, err := seed.Load()
			if err != nil {
				return err
			}
			_, err = db.ReplaceAll(ctx, sources, slices.Values(events))
			return err
		}},
		{"synthetic-10000", func(db *store.DB) error {
			_, err := db.ReplaceAll(ctx, seed.SyntheticSources(), seed.Synthetic(10_000, 1))
			return err
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			db, err := store.Open(ctx, filepath.Join(b.TempDir(), "preview.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if err := bc.load(db); err != nil {
				b.Fatal(err)
			}
			srv := newServerWith(b, db, Config{Version: "bench", CacheBytes: 1}) // caches nothing
			do := func(target string) time.Duration {
				start := time.Now()
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
				}
				return time.Since(start)
			}
			blank := image.NewRGBA(image.Rect(0, 0, preview.Width, preview.Height))
			draw.Draw(blank, blank.Bounds(), image.NewUniform(preview.Sea), image.Point{}, draw.Src)
			do("/preview.png") // parses the atlas once
			var render, encode, items time.Duration
			for b.Loop() {
				render += do("/preview.png")
				start := time.Now()
				if _, err := preview.Encode(blank); err != nil {
					b.Fatal(err)
				}
				encode += time.Since(start)
				items += do("/api/collections/events/items?limit=10000")
			}
			b.ReportMetric(render.Seconds()*1000/float64(b.N), "ms-render/op")
			b.ReportMetric(float64(render)/float64(encode), "x-blank-png")
			b.ReportMetric(float64(render)/float64(items), "x-items")
		})
	}
}
