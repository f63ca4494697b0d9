package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/westward/westward/static"
)

// barePage draws the same events as bare Leaflet would: one canvas circle marker per event,
// no basemap, no clustering, nothing else. It is the baseline of BenchmarkMapFirstDraw.
const barePage = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/vendor/leaflet/leaflet.css">
<style>html,body,#map{height:100%;margin:0}</style></head><body><div id="map"></div>
<script src="/vendor/leaflet/leaflet.js"></script>
<script>
(async () => {
  const api = new URLSearchParams(location.search).get('api');
  const fc = await (await fetch(api + '/api/collections/events/items?limit=10000')).json();
  const map = L.map('map', { preferCanvas: true }).setView([38, 45], 4);
  const renderer = L.canvas();
  for (const f of fc.features) {
    const [lng, lat] = f.geometry.coordinates;
    L.circleMarker([lat, lng], { renderer, radius: 5, weight: 1 }).addTo(map);
  }
  requestAnimationFrame(() => {
    document.documentElement.dataset.drawn = String(fc.features.length);
    document.documentElement.dataset.firstDraw = String(Math.round(performance.now()));
  });
})();
</script></body></html>`

// BenchmarkMapFirstDraw measures, in headless Chromium on loopback with 10,000 synthetic
// events, how long the map page takes from navigation to its first draw of every event, and
// the same for a bare Leaflet page drawing the same points as canvas circle markers, in the
// same run; and the frame times while the map plays. Run it with
//
//	go test -run '^$' -bench MapFirstDraw -benchtime 5x .
//
// Metrics: ms-ours and ms-bare (medians), ratio (ours/bare; the target is ≤ 2), frame-p95-ms
// and frame-p50-ms while playing (the target is p95 ≤ 16.7 ms), and the same in window mode
// (window-frame-p95-ms, window-frame-p50-ms).
func BenchmarkMapFirstDraw(b *testing.B) {
	dbPath := filepath.Join(b.TempDir(), "syn.db")
	if err := run(context.Background(), []string{"generate", "--events", "10000", "--db", dbPath}, noEnv, io.Discard, io.Discard, nil); err != nil {
		b.Fatal(err)
	}
	base := startServer(b, "--db", dbPath)
	vendor, err := fs.Sub(static.FS, ".")
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/vendor/", http.FileServerFS(vendor))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, barePage)
	})
	bare := httptest.NewServer(mux)
	defer bare.Close()

	dir, err := os.MkdirTemp("", "westward-bench-chrome")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(dir), chromedp.WindowSize(1400, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx, chromedp.Navigate("about:blank")); err != nil {
		b.Fatalf("start Chromium: %v", err)
	}

	// firstDraw opens url in a new tab and returns the page's data-first-draw (ms since
	// navigation began) once every event is drawn.
	firstDraw := func(url string) float64 {
		ctx, cancel := chromedp.NewContext(browserCtx)
		defer cancel()
		ctx, cancelT := context.WithTimeout(ctx, time.Minute)
		defer cancelT()
		if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`html[data-first-draw]`))); err != nil {
			b.Fatalf("%s: %v", url, err)
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.firstDraw`))
		if err != nil {
			b.Fatal(err)
		}
		drawn, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.drawn`))
		if err != nil {
			b.Fatal(err)
		}
		if drawn != "10000" {
			b.Fatalf("%s drew %s events, want 10000", url, drawn)
		}
		v, err := strconv.ParseFloat(ms, 64)
		if err != nil {
			b.Fatal(err)
		}
		return v
	}

	// The synthetic events have every actor; the page shows ISKP alone unless asked for all, and
	// the bare page draws every point, so ours is asked for every actor too.
	const everyActor = "&actor=iskp,is,is_inspired,unclear"
	var ours, bares []float64
	firstDraw(base + "/?t=2024-12-31" + everyActor) // warm both servers' caches once
	firstDraw(bare.URL + "/?api=" + base)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ours = append(ours, firstDraw(base+"/?t=2024-12-31"+everyActor))
		bares = append(bares, firstDraw(bare.URL+"/?api="+base))
	}
	b.StopTimer()
	o, br := median(ours), median(bares)
	b.ReportMetric(o, "ms-ours")
	b.ReportMetric(br, "ms-bare")
	b.ReportMetric(o/br, "ratio")

	// Frame times while playing: from the first month, at 16 months a second, for 3 s; once
	// with every event to date (the default) and once with a 12-month window, where each frame
	// also removes the events that leave the window.
	playFrames := func(query string) []float64 {
		ctx, cancel := chromedp.NewContext(browserCtx)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/?t=2015-01-31&speed=16"+everyActor+query),
			chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)), chromedp.KeyEvent(" ")); err != nil {
			b.Fatal(err)
		}
		if playing, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.westward.state().playing`)); err != nil || !playing {
			b.Fatalf("the map did not start playing (%v)", err)
		}
		frames, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`new Promise(done => {
			const d = []; let last = performance.now(); const end = last + 3000;
			const tick = (now) => { d.push(now - last); last = now; if (now < end) requestAnimationFrame(tick); else done(d); };
			requestAnimationFrame(tick);
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		sort.Float64s(frames)
		return frames
	}
	frames := playFrames("")
	b.ReportMetric(frames[len(frames)*95/100], "frame-p95-ms")
	b.ReportMetric(frames[len(frames)/2], "frame-p50-ms")
	windowFrames := playFrames("&mode=window&w=12")
	b.ReportMetric(windowFrames[len(windowFrames)*95/100], "window-frame-p95-ms")
	b.ReportMetric(windowFrames[len(windowFrames)/2], "window-frame-p50-ms")
	b.Log(fmt.Sprintf("first draw ours %v, bare %v; %d frames, %d in window mode", ours, bares, len(frames), len(windowFrames)))
}
