package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/westward/westward/seed"
)

func TestExport_writesAStaticSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	dbPath := filepath.Join(t.TempDir(), "w.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"export", "--db", dbPath, dir}, noEnv, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	_, events, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "data", "events.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != len(events) || fc.Features[0].Properties["sources"] == nil {
		t.Errorf("events.geojson has %d features (want %d) or lacks sources", len(fc.Features), len(events))
	}
	var stories struct {
		Stories []struct{ ID string } `json:"stories"`
	}
	b, _ = os.ReadFile(filepath.Join(dir, "data", "stories.json"))
	if err := json.Unmarshal(b, &stories); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<meta name="westward-data" content="static">`) || strings.Contains(string(page), "oembed") {
		t.Errorf("the exported map page must read static data and carry no oEmbed link")
	}
	for page, img := range map[string]string{"index.html": "preview/map.png", "embed.html": "preview/map.png", "story.html": "preview/story.png"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `<meta property="og:image" content="`+img+`">`) {
			t.Errorf("%s does not name its preview %s", page, img)
		}
		b, err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(img)))
		if cfg, derr := png.DecodeConfig(bytes.NewReader(b)); err != nil || derr != nil || cfg.Width != 1200 || cfg.Height != 630 {
			t.Errorf("%s is not a 1200×630 PNG: %v %v", img, err, derr)
		}
	}
	for _, f := range []string{"vendor/leaflet/leaflet.js", "vendor/world-atlas/countries-50m.json", "js/pages/index.js", "css/app.css",
		"data/summary.json", "data/sources.json", "data/spread.json", "data/spread-iskp.json", "data/config.json"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("the export lacks %s", f)
		}
	}
	if err := run(context.Background(), []string{"export", "--db", dbPath, dir}, noEnv, io.Discard, io.Discard, nil); err == nil {
		t.Error("export into a non-empty folder must refuse")
	}
	if !strings.Contains(out.String(), "exported ") {
		t.Errorf("export printed %q", out.String())
	}
}
