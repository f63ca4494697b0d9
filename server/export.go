package server

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/westward/westward/geo"
)

// ExportFiles are the data files of a static export, by the API request they stand for. The
// front end reads them instead of /api when its page carries <meta name="westward-data"
// content="static">.
var ExportFiles = map[string]string{
	"/api/collections/events/items": "data/events.geojson",
	"/api/summary":                  "data/summary.json",
	"/api/sources":                  "data/sources.json",
	"/api/spread":                   "data/spread.json",
	"/api/spread?actor=iskp":        "data/spread-iskp.json",
	"/api/stories":                  "data/stories.json",
	"/api/config":                   "data/config.json",
}

// Export writes a self-contained static site to dir: the pages (marked to read static data),
// scripts, styles, vendored libraries and basemap, and the whole dataset as static GeoJSON and
// JSON. It works from any static file host; only oEmbed needs the server. dir must be empty
// or not exist, so an export never mixes with older files.
func (s *Server) Export(ctx context.Context, dir string) (int, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("export: %s is not empty", dir)
	}
	files := map[string][]byte{}
	for name, b := range s.static.files {
		name = strings.TrimPrefix(name, "/")
		if !strings.HasSuffix(name, ".html") {
			files[name] = b.plain
			continue
		}
		p := pages["/"+name]
		page, err := renderPage(b.plain, headData{Title: p.title, Description: p.description, Static: true})
		if err != nil {
			return 0, err
		}
		files[name] = page
	}
	var events []*geo.Event
	if err := s.db.AllEvents(ctx, geo.EventFilter{}, func(e *geo.Event) error {
		events = append(events, e)
		return nil
	}); err != nil {
		return 0, err
	}
	fc := geo.NewFeatureCollection()
	for _, e := range events {
		fc.Append(e.Feature(s.countryName))
	}
	fc.ExtraMembers = geojson.Properties{"numberMatched": len(events), "numberReturned": len(events),
		"timeStamp": s.db.Now().UTC().Format(time.RFC3339), "links": []Link{}}
	var iskp []*geo.Event
	for _, e := range events {
		if e.Actor == geo.ActorISKP {
			iskp = append(iskp, e)
		}
	}
	summary, err := s.db.Summary(ctx)
	if err != nil {
		return 0, err
	}
	sources, err := s.db.Sources(ctx)
	if err != nil {
		return 0, err
	}
	stories, err := s.db.Stories(ctx)
	if err != nil {
		return 0, err
	}
	for path, v := range map[string]any{
		"data/events.geojson":   fc,
		"data/summary.json":     summary,
		"data/sources.json":     map[string]any{"sources": sources},
		"data/spread.json":      geo.ComputeSpread(iskp, geo.DefaultReachRule, s.countryName),
		"data/spread-iskp.json": geo.ComputeSpread(iskp, geo.DefaultReachRule, s.countryName),
		"data/stories.json":     map[string]any{"stories": stories},
		"data/config.json":      map[string]any{"tile_url": s.cfg.TileURL, "tile_attribution": s.cfg.TileAttribution, "version": s.cfg.Version},
	} {
		var buf bytes.Buffer
		if err := jsonEncode(&buf, v); err != nil {
			return 0, err
		}
		files[path] = buf.Bytes()
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return 0, err
		}
	}
	return len(events), nil
}
