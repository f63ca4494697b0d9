package server

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/westward/westward/server/store"
)

const base = "http://example.com"

// TestLanding checks the landing page's links, each with its type.
func TestLanding(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, target := range []string{"/api", "/api/", "/api?f=json"} {
		t.Run("ok, "+target, func(t *testing.T) {
			var body struct {
				Title string `json:"title"`
				Links []Link `json:"links"`
			}
			getJSON(t, srv, target, "application/json", &body)
			if body.Title != "Westward" {
				t.Errorf("title %q", body.Title)
			}
			want := map[string]Link{
				"self":         {Href: base + "/api", Type: "application/json"},
				"service-desc": {Href: base + "/api/openapi", Type: "application/vnd.oai.openapi+json;version=3.0"},
				"service-doc":  {Href: base + "/", Type: "text/html"},
				"conformance":  {Href: base + "/api/conformance", Type: "application/json"},
				"data":         {Href: base + "/api/collections", Type: "application/json"},
			}
			for rel, w := range want {
				i := slices.IndexFunc(body.Links, func(l Link) bool { return l.Rel == rel })
				if i < 0 {
					t.Errorf("no %s link", rel)
					continue
				}
				if l := body.Links[i]; l.Href != w.Href || l.Type != w.Type || l.Title == "" {
					t.Errorf("%s link %+v, want href %q type %q and a title", rel, l, w.Href, w.Type)
				}
			}
		})
	}
}

// TestLandingBaseURL checks that Config.BaseURL replaces the request's host in links.
func TestLandingBaseURL(t *testing.T) {
	_, db := newTestServer(t)
	srv, err := New(Config{BaseURL: "https://westward.example/", Version: "test"}, db, nil, fstest.MapFS{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Links []Link }
	getJSON(t, srv, "/api", "application/json", &body)
	if got := linkHref(body.Links, "data"); got != "https://westward.example/api/collections" {
		t.Errorf("data link %q, want the configured base", got)
	}
	var doc struct {
		Servers []struct{ URL string } `json:"servers"`
	}
	getJSON(t, srv, "/api/openapi", "application/vnd.oai.openapi+json;version=3.0", &doc)
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://westward.example/api" {
		t.Errorf("servers %+v", doc.Servers)
	}
	// the names stored by the first server (which had an atlas) stay with the data
	var f feature
	getJSON(t, srv, itemsPath+"/"+idMoscow, "application/geo+json", &f)
	if f.Properties.CountryName != "Russia" {
		t.Errorf("country_name %q, want the stored Russia", f.Properties.CountryName)
	}
}

// TestCountryNameWithoutNames checks that a database never given names calls a country by its
// code, in the list and in the single item alike.
func TestCountryNameWithoutNames(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "plain.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ReplaceAll(ctx, fixtureSources(), slices.Values(fixtureEvents())); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Version: "test"}, db, nil, fstest.MapFS{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var f feature
	getJSON(t, srv, itemsPath+"/"+idMoscow, "application/geo+json", &f)
	var fc featureCollection
	getJSON(t, srv, itemsPath+"?country=RU", "application/geo+json", &fc)
	if f.Properties.CountryName != "RU" || len(fc.Features) != 1 || fc.Features[0].Properties.CountryName != "RU" {
		t.Errorf("country_name %q in the item, %+v in the list; want RU", f.Properties.CountryName, fc.Features)
	}
}

// TestConformance checks the conformance classes.
func TestConformance(t *testing.T) {
	srv, _ := newTestServer(t)
	var body struct {
		ConformsTo []string `json:"conformsTo"`
	}
	getJSON(t, srv, "/api/conformance", "application/json", &body)
	for _, c := range []string{
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
		"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	} {
		if !slices.Contains(body.ConformsTo, c) {
			t.Errorf("conformsTo %v lacks %s", body.ConformsTo, c)
		}
	}
}

type collectionDoc struct {
	ID       string   `json:"id"`
	ItemType string   `json:"itemType"`
	CRS      []string `json:"crs"`
	Extent   struct {
		Spatial struct {
			BBox [][]float64 `json:"bbox"`
			CRS  string      `json:"crs"`
		} `json:"spatial"`
		Temporal struct {
			Interval [][]*string `json:"interval"`
			TRS      string      `json:"trs"`
		} `json:"temporal"`
	} `json:"extent"`
	Links []Link `json:"links"`
}

// checkCollection compares a collection with the fixture's extent.
func checkCollection(t *testing.T, c collectionDoc) {
	t.Helper()
	// the fixture's extremes: Cologne's longitude, Asadabad's, Kerman's latitude, Krasnogorsk's
	minLon, minLat, maxLon, maxLat := 180.0, 90.0, -180.0, -90.0
	first, last := "9999-12-31", "0000-01-01"
	for _, e := range fixtureEvents() {
		minLon, maxLon = min(minLon, e.Point[0]), max(maxLon, e.Point[0])
		minLat, maxLat = min(minLat, e.Point[1]), max(maxLat, e.Point[1])
		first = min(first, e.Start().Format("2006-01-02"))
		last = max(last, e.End().Format("2006-01-02"))
	}
	if want := []float64{6.96, 30.28, 71.1, 55.82}; !slices.Equal([]float64{minLon, minLat, maxLon, maxLat}, want) {
		t.Fatalf("fixture bbox %v, want %v: the fixture changed", []float64{minLon, minLat, maxLon, maxLat}, want)
	}
	if first != "2015-06-18" || last != "2024-07-31" {
		t.Fatalf("fixture span %s..%s: the fixture changed", first, last)
	}
	if c.ID != "events" || c.ItemType != "feature" || !slices.Equal(c.CRS, []string{crs84}) {
		t.Errorf("collection id %q itemType %q crs %v", c.ID, c.ItemType, c.CRS)
	}
	if b := c.Extent.Spatial.BBox; len(b) != 1 || !slices.Equal(b[0], []float64{minLon, minLat, maxLon, maxLat}) {
		t.Errorf("extent bbox %v, want [[%g %g %g %g]]", b, minLon, minLat, maxLon, maxLat)
	}
	iv := c.Extent.Temporal.Interval
	if len(iv) != 1 || len(iv[0]) != 2 || iv[0][0] == nil || iv[0][1] == nil ||
		*iv[0][0] != first+"T00:00:00Z" || *iv[0][1] != last+"T23:59:59Z" {
		t.Errorf("extent interval %v, want [[%sT00:00:00Z %sT23:59:59Z]]", mustJSON(t, iv), first, last)
	}
	if c.Extent.Spatial.CRS != crs84 || c.Extent.Temporal.TRS != trs {
		t.Errorf("extent crs %q trs %q", c.Extent.Spatial.CRS, c.Extent.Temporal.TRS)
	}
	for rel, href := range map[string]string{
		"self":  base + "/api/collections/events",
		"items": base + "/api/collections/events/items",
	} {
		if got := linkHref(c.Links, rel); got != href {
			t.Errorf("%s link %q, want %q", rel, got, href)
		}
	}
	if !slices.ContainsFunc(c.Links, func(l Link) bool {
		return l.Rel == "items" && l.Type == "text/csv" && l.Href == base+"/api/collections/events/items.csv"
	}) {
		t.Errorf("no CSV items link in %v", c.Links)
	}
}

// TestCollections checks /api/collections and /api/collections/events against the fixture.
func TestCollections(t *testing.T) {
	srv, _ := newTestServer(t)
	t.Run("ok, collections", func(t *testing.T) {
		var body struct {
			Links       []Link          `json:"links"`
			Collections []collectionDoc `json:"collections"`
		}
		getJSON(t, srv, "/api/collections", "application/json", &body)
		if got := linkHref(body.Links, "self"); got != base+"/api/collections" {
			t.Errorf("self link %q", got)
		}
		if len(body.Collections) != 1 {
			t.Fatalf("%d collections, want 1", len(body.Collections))
		}
		checkCollection(t, body.Collections[0])
	})
	t.Run("ok, events collection", func(t *testing.T) {
		var c collectionDoc
		getJSON(t, srv, "/api/collections/events", "application/json", &c)
		checkCollection(t, c)
	})
}

// TestCollectionEmpty checks the extent of an empty database: the whole globe and no interval.
func TestCollectionEmpty(t *testing.T) {
	srv, db := newTestServer(t)
	reload(t, db, nil, nil)
	var c collectionDoc
	getJSON(t, srv, "/api/collections/events", "application/json", &c)
	if b := c.Extent.Spatial.BBox; len(b) != 1 || !slices.Equal(b[0], []float64{-180, -90, 180, 90}) {
		t.Errorf("empty bbox %v", b)
	}
	if iv := c.Extent.Temporal.Interval; len(iv) != 1 || iv[0][0] != nil || iv[0][1] != nil {
		t.Errorf("empty interval %s, want [[null, null]]", mustJSON(t, iv))
	}
}

func toStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
