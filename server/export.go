package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/preview"
)

// ExportFiles are the data files of a static export, by the API request they stand for. The
// front end reads them instead of /api when its page carries <meta name="westward-data"
// content="static">.
var ExportFiles = map[string]string{
	"/api/collections/events/items":      "data/events.geojson",
	"/api/summary":                       "data/summary.json",
	"/api/sources":                       "data/sources.json",
	"/api/spread":                        "data/spread.json",
	"/api/spread?actor=iskp":             "data/spread-iskp.json",
	"/api/stories":                       "data/stories.json",
	"/api/config":                        "data/config.json",
	"/api/collections/events/queryables": "data/queryables.json",
}

// Export writes a self-contained static site to dir: the pages (marked to read static data),
// scripts, styles, vendored libraries and basemap, and the whole dataset as static GeoJSON and
// JSON. It works from any static file host; only oEmbed needs the server. dir must be empty
// or not exist, so an export never mixes with older files.
//
// The data files are the answers of the API routes they stand for (ExportFiles), requested
// through the server's own handler, so an export cannot drift from what the API serves. The
// events are every page of the items route, joined into one collection without paging links.
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
		d := headData{Title: p.title, Description: p.description, Static: true}
		if p.view {
			img, png, m, err := s.exportPreview(ctx, name == "story.html", p.description)
			if err != nil {
				return 0, err
			}
			files[img] = png
			d.Title, d.Description, d.ImageAlt = m.title, m.description, m.imageAlt
			d.Image, d.ImageWidth, d.ImageHeight = strings.TrimSuffix(s.cfg.BaseURL, "/")+"/"+img, preview.Width, preview.Height
			if s.cfg.BaseURL == "" {
				d.Image = img // no address known: relative to the page, which some readers of og:image accept
			}
		}
		page, err := renderPage(b.plain, d)
		if err != nil {
			return 0, err
		}
		files[name] = page
	}
	n := 0
	for target, name := range ExportFiles {
		var b []byte
		var err error
		if target == itemsRoute {
			b, n, err = s.exportEvents(ctx)
		} else {
			b, err = s.request(ctx, target)
		}
		if err != nil {
			return 0, err
		}
		files[name] = b
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
	return n, nil
}

// itemsRoute is the items route's path, the one export target that is paged.
const itemsRoute = "/api/collections/events/items"

// exportEvents requests every page of the items route and joins their features into one
// collection whose links are empty: a static file has no next page. It returns the
// collection and the number of events.
func (s *Server) exportEvents(ctx context.Context) ([]byte, int, error) {
	var features []json.RawMessage
	var timeStamp time.Time
	for {
		b, err := s.request(ctx, fmt.Sprintf("%s?limit=%d&offset=%d", itemsRoute, geo.MaxLimit, len(features)))
		if err != nil {
			return nil, 0, err
		}
		var page struct {
			Features       []json.RawMessage `json:"features"`
			NumberMatched  int               `json:"numberMatched"`
			NumberReturned int               `json:"numberReturned"`
			TimeStamp      time.Time         `json:"timeStamp"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return nil, 0, err
		}
		features, timeStamp = append(features, page.Features...), page.TimeStamp
		if page.NumberReturned == 0 || len(features) >= page.NumberMatched {
			break
		}
	}
	b, err := writeFeatureCollection(features, len(features), timeStamp, []Link{})
	return append(b, '\n'), len(features), err
}

// request answers a GET for target through the server's own handler, as a client without
// gzip would see it, and fails unless the answer is 200.
func (s *Server) request(ctx context.Context, target string) ([]byte, error) {
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		return nil, fmt.Errorf("export: %s answered %d: %s", target, w.Code, w.Body.Bytes())
	}
	return w.Body.Bytes(), nil
}

// exportPreview renders the preview of a page's default view (the map's, or the story's
// first chapter) through the server's own route, and names its file in the export.
func (s *Server) exportPreview(ctx context.Context, story bool, fallback string) (string, []byte, viewMeta, error) {
	m, err := s.describeView(ctx, url.Values{}, story, fallback)
	if err != nil {
		return "", nil, m, err
	}
	png, err := s.request(ctx, m.image)
	name := "preview/map.png"
	if story {
		name = "preview/story.png"
	}
	return name, png, m, err
}
