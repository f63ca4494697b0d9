package server

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/server/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixedNow is the clock of every test database, so that updated_at and timeStamp are stable.
var fixedNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

var (
	atlasOnce sync.Once
	testAtlas *country.Atlas
	atlasErr  error
)

// loadAtlas parses the vendored 50m atlas once for all tests.
func loadAtlas(tb testing.TB) *country.Atlas {
	tb.Helper()
	atlasOnce.Do(func() {
		b, err := os.ReadFile("../static/vendor/world-atlas/countries-50m.json")
		if err != nil {
			atlasErr = err
			return
		}
		testAtlas, atlasErr = country.Parse(b)
	})
	if atlasErr != nil {
		tb.Fatal(atlasErr)
	}
	return testAtlas
}

// Static files of the test server.
var (
	indexHTML = "<!doctype html><title>Westward</title><script type=module src=/js/app.js></script>\n"
	appJS     = "export const answer = 42;\n"
	embedHTML = "<!doctype html><html><head><title>Embed</title></head><body></body></html>\n"
	mapJS     = strings.Repeat("export function draw(layer) { return layer.addTo(map); }\n", 40)
	licence   = "Copyright (c) the vendored library's authors. Permission is granted to use it.\n"
)

// newTestServer opens a real SQLite database in a temporary folder, loads the fixture and
// returns a server over it with the database, so a test can reload it.
func newTestServer(tb testing.TB) (*Server, *store.DB) {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(tb.TempDir(), "westward.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	db.Now = func() time.Time { return fixedNow }
	if _, err := db.ReplaceAll(ctx, fixtureSources(), slices.Values(fixtureEvents())); err != nil {
		tb.Fatal(err)
	}
	return newServerWith(tb, db, Config{Version: "test"}), db
}

// newServerWith builds a server with cfg over db, with the test's static files.
func newServerWith(tb testing.TB, db *store.DB, cfg Config) *Server {
	tb.Helper()
	static := fstest.MapFS{
		"index.html":        {Data: []byte(indexHTML)},
		"js/app.js":         {Data: []byte(appJS)},
		"js/map.js":         {Data: []byte(mapJS)},
		"vendor/x/LICENSE":  {Data: []byte(licence)},
		"vendor/x/notes.go": {Data: []byte("package x\n")},
		"embed.html":        {Data: []byte(embedHTML)},
	}
	atlas := loadAtlas(tb)
	if err := db.SetCountryNames(context.Background(), atlas.Names()); err != nil {
		tb.Fatal(err)
	}
	srv, err := New(cfg, db, atlas, static, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

// splitCSP splits a Content-Security-Policy into its directives.
func splitCSP(csp string) []string { return strings.Split(csp, "; ") }

// reload replaces the test database's content, bumping its version.
func reload(tb testing.TB, db *store.DB, sources []geo.Source, events []*geo.Event) {
	tb.Helper()
	if _, err := db.ReplaceAll(context.Background(), sources, slices.Values(events)); err != nil {
		tb.Fatal(err)
	}
}

func fixtureSources() []geo.Source {
	return []geo.Source{
		{ID: "src-a", Publication: "Journal of Conflict Studies", Title: "ISKP's westward turn",
			Authors: []string{"A. Author", "B. Author"}, Published: geo.MustParseDate("2024-05"), URL: "https://example.org/a"},
		{ID: "src-b", Publication: "Wire service", Title: "Attacks and plots, 2015–2024",
			Authors: []string{"C. Reporter"}, Published: geo.MustParseDate("2024-04-02")},
	}
}

func cite(src, quote string, figures ...geo.Figure) geo.Citation {
	return geo.Citation{SourceID: src, Quotes: []string{quote}, Figures: figures}
}

func killed(n int, q geo.Qualifier) geo.Figure {
	return geo.Figure{Measure: geo.MeasureKilled, Value: n, Qualifier: q}
}

func event(id, title, date string, kind geo.Kind, actor geo.Actor, attr geo.Attribution,
	place, cc string, lon, lat float64, cites ...geo.Citation) *geo.Event {
	return &geo.Event{
		ID: id, Title: title, Summary: "Summary of " + title + ".", Date: geo.MustParseDate(date),
		Kind: kind, Actor: actor, Attribution: attr, Place: place, Country: cc,
		Point: orb.Point{lon, lat}, LocationPrecision: geo.LocationCity, LocationRole: geo.RoleOccurrence, Citations: cites,
	}
}

// Fixture ids, in the order the API lists them (first day, then id).
const (
	idKabul                  = "kabul-2015-attack"    // 2015-06-18, AF
	idKunar                  = "kunar-2017-strike"    // 2017-04, AF
	idMashhad                = "mashhad-2019-arrest"  // 2019-11, IR
	idHerat                  = "herat-2020-threat"    // 2020-01-01, AF
	idCologne                = "cologne-2023-network" // 2023 to 2024-07, DE
	idIstanbul               = "istanbul-2023-plot"   // summer 2023, TR
	idKerman                 = "kerman-2024-attack"   // 2024-01-03, IR
	idMoscow                 = "moscow-2024-attack"   // 2024-03-22, RU
	allCount                 = 8
	dushanbeLon, dushanbeLat = 68.78, 38.56
)

var allIDs = []string{idKabul, idKunar, idMashhad, idHerat, idCologne, idIstanbul, idKerman, idMoscow}

// fixtureEvents is a small dataset with every kind, actor, attribution and date precision.
// The events are given out of order, so the store's ordering is what the tests see.
func fixtureEvents() []*geo.Event {
	kabul := event(idKabul, "Kabul ministry bombing", "2015-06-18", geo.KindAttack, geo.ActorISKP, geo.AttributionClaimed,
		"Kabul", "AF", 69.17, 34.53,
		cite("src-a", "at least ten people were killed", killed(10, geo.QualifierAtLeast)),
		cite("src-b", "fourteen dead and twenty wounded", killed(14, geo.QualifierExact),
			geo.Figure{Measure: geo.MeasureInjured, Value: 20, Qualifier: geo.QualifierAbout}))
	kabul.Tags = []string{"kabul", "suicide-bombing"}

	kunar := event(idKunar, "Strike across the Kunar border", "2017-04", geo.KindCrossBorderStrike, geo.ActorUnclear,
		geo.AttributionDisputed, "Asadabad", "AF", 71.1, 34.9, cite("src-a", "a strike hit the border villages"))

	mashhad := event(idMashhad, "Cell arrested in Mashhad", "2019-11", geo.KindArrest, geo.ActorIS, geo.AttributionAlleged,
		"Mashhad", "IR", 59.6, 36.3,
		cite("src-b", "five suspects were detained", geo.Figure{Measure: geo.MeasureDetained, Value: 5, Qualifier: geo.QualifierExact}))

	herat := event(idHerat, "Threat against Herat shrines", "2020-01-01", geo.KindThreat, geo.ActorUnclear, geo.AttributionAttributed,
		"Herat", "AF", 62.2, 34.35, cite("src-a", "a threat was published online"))
	herat.LocationRole = geo.RoleTarget // the shrines are named as a target

	cologne := event(idCologne, "Cologne support network", "2023", geo.KindNetwork, geo.ActorISKP, geo.AttributionAlleged,
		"Cologne", "DE", 6.96, 50.94, cite("src-a", "a network raised money for the group"))
	end := geo.MustParseDate("2024-07")
	cologne.EndDate = &end
	cologne.Tags = []string{"financing"}

	istanbul := event(idIstanbul, "Büyükdere plot foiled", "2023-22", geo.KindFoiledPlot, geo.ActorISInspired, geo.AttributionAttributed,
		"Sarıyer, Istanbul", "TR", 29.05, 41.16, cite("src-b", "police foiled a plot near a church"))

	kerman := event(idKerman, "Kerman cemetery bombing", "2024-01-03", geo.KindAttack, geo.ActorISKP, geo.AttributionClaimed,
		"Kerman", "IR", 57.08, 30.28,
		cite("src-a", "at least 95 people were killed", killed(95, geo.QualifierAtLeast)),
		cite("src-b", "103 killed and 284 injured", killed(103, geo.QualifierExact),
			geo.Figure{Measure: geo.MeasureInjured, Value: 284, Qualifier: geo.QualifierExact}))
	kerman.Citations[1].Quotes = append(kerman.Citations[1].Quotes, "two explosions near the shrine")
	kerman.Tags = []string{"suicide-bombing"}
	kerman.LocationPrecision = geo.LocationVenue

	moscow := event(idMoscow, "Crocus City Hall attack", "2024-03-22", geo.KindAttack, geo.ActorISKP, geo.AttributionClaimed,
		"Krasnogorsk", "RU", 37.39, 55.82, cite("src-a", "145 people were killed", killed(145, geo.QualifierExact)))
	moscow.Links = []geo.Link{{Role: geo.LinkOrigin, Place: "Dushanbe", Country: "TJ", Point: orb.Point{dushanbeLon, dushanbeLat},
		LocationPrecision: geo.LocationCity, SourceID: "src-a", Quote: "the gunmen came from Tajikistan"}}
	moscow.Tags = []string{"concert-hall", "mass-shooting"}

	return []*geo.Event{moscow, kerman, istanbul, cologne, herat, mashhad, kunar, kabul}
}

// request is one request to the test server.
type request struct {
	method string
	target string
	header map[string]string
}

// serve runs r through h without a socket.
func serve(tb testing.TB, h http.Handler, r request) *httptest.ResponseRecorder {
	tb.Helper()
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequest(method, r.target, nil)
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get is a plain GET of target.
func get(tb testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	tb.Helper()
	return serve(tb, h, request{target: target})
}

// decode parses rec's body as JSON into v, failing the test on any error.
func decode(tb testing.TB, rec *httptest.ResponseRecorder, v any) {
	tb.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		tb.Fatalf("decode %s: %v\n%s", rec.Header().Get("Content-Type"), err, rec.Body)
	}
}

// getJSON GETs target, expects 200 with the given content type and decodes the body into v.
func getJSON(tb testing.TB, h http.Handler, target, contentType string, v any) *httptest.ResponseRecorder {
	tb.Helper()
	rec := get(tb, h, target)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: status %d, want 200\n%s", target, rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != contentType {
		tb.Fatalf("GET %s: Content-Type %q, want %q", target, got, contentType)
	}
	decode(tb, rec, v)
	return rec
}

// wantProblem checks that rec is an application/problem+json answer with the status and
// parameter given, and returns it.
func wantProblem(tb testing.TB, rec *httptest.ResponseRecorder, status int, param string) Problem {
	tb.Helper()
	if rec.Code != status {
		tb.Fatalf("status %d, want %d\n%s", rec.Code, status, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/problem+json" {
		tb.Fatalf("Content-Type %q, want application/problem+json", got)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		tb.Errorf("Cache-Control %q, want no-store", got)
	}
	if got := rec.Header().Get("ETag"); got != "" {
		tb.Errorf("a problem carries ETag %q", got)
	}
	var p Problem
	decode(tb, rec, &p)
	if p.Status != status || p.Title != http.StatusText(status) {
		tb.Errorf("problem status %d title %q, want %d %q", p.Status, p.Title, status, http.StatusText(status))
	}
	if p.Parameter != param {
		tb.Errorf("problem parameter %q, want %q (detail %q)", p.Parameter, param, p.Detail)
	}
	if p.Type != "about:blank" {
		tb.Errorf("problem type %q, want about:blank", p.Type)
	}
	if id := rec.Header().Get("X-Request-Id"); id == "" || p.RequestID != id {
		tb.Errorf("problem request_id %q, header X-Request-Id %q: want equal and set", p.RequestID, id)
	}
	return p
}

// TestHealth checks the health check's body and that it is never cached.
func TestHealth(t *testing.T) {
	srv, db := newTestServer(t)
	var body struct {
		Status         string `json:"status"`
		Version        string `json:"version"`
		DatasetVersion int64  `json:"dataset_version"`
	}
	rec := getJSON(t, srv, "/healthz", "application/json", &body)
	if body.Status != "ok" || body.Version != "test" || body.DatasetVersion != db.Version() || body.DatasetVersion < 1 {
		t.Errorf("health %+v, want ok, test, dataset version %d", body, db.Version())
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
}

// TestSecurityHeaders checks the headers on answers of every kind: JSON, GeoJSON, CSV,
// static files, 304, 400, 404 and 405.
func TestSecurityHeaders(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name   string
		req    request
		status int
	}{
		{"ok, landing", request{target: "/api"}, 200},
		{"ok, items", request{target: "/api/collections/events/items"}, 200},
		{"ok, items.csv", request{target: "/api/collections/events/items.csv"}, 200},
		{"ok, item", request{target: "/api/collections/events/items/" + idKabul}, 200},
		{"ok, healthz", request{target: "/healthz"}, 200},
		{"ok, index", request{target: "/"}, 200},
		{"ok, vendor file", request{target: "/vendor/x/LICENSE"}, 200},
		{"ok, not modified", request{target: "/api/conformance", header: map[string]string{"If-None-Match": "*"}}, 304},
		{"nok, bad bbox", request{target: "/api/collections/events/items?bbox=1,2"}, 400},
		{"nok, unknown api route", request{target: "/api/nothing"}, 404},
		{"nok, unknown page", request{target: "/nothing.html"}, 404},
		{"nok, wrong method", request{method: http.MethodPut, target: "/api/collections/events/items"}, 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, srv, tc.req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tc.status, rec.Body)
			}
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			if !slices.Contains(splitCSP(csp), "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
				!strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "object-src 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			for k, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "no-referrer",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s %q, want %q", k, got, want)
				}
			}
			if id := h.Get("X-Request-Id"); len(id) < 16 {
				t.Errorf("X-Request-Id %q, want a generated id", id)
			}
		})
	}
}

// TestRequestID checks that each response gets its own id, that a caller's id is kept, and
// that problems carry it.
func TestRequestID(t *testing.T) {
	srv, _ := newTestServer(t)
	a := get(t, srv, "/api")
	b := get(t, srv, "/api")
	if a.Header().Get("X-Request-Id") == b.Header().Get("X-Request-Id") {
		t.Errorf("two requests share the id %q", a.Header().Get("X-Request-Id"))
	}
	rec := serve(t, srv, request{target: "/api/collections/events/items?limit=0",
		header: map[string]string{"X-Request-Id": "trace-1234"}})
	p := wantProblem(t, rec, http.StatusBadRequest, "limit")
	if p.RequestID != "trace-1234" {
		t.Errorf("request_id %q, want the caller's trace-1234", p.RequestID)
	}
	if p.Instance != "/api/collections/events/items" {
		t.Errorf("instance %q, want the path", p.Instance)
	}
}

// TestNotFound checks that unknown routes, ids and methods are problems, not echo's own JSON.
func TestNotFound(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name   string
		req    request
		status int
		param  string
	}{
		{"nok, unknown id", request{target: "/api/collections/events/items/no-such-event"}, 404, "id"},
		{"nok, unknown id with odd characters", request{target: "/api/collections/events/items/%27%3B--"}, 404, "id"},
		{"nok, unknown api route", request{target: "/api/collections/places"}, 404, ""},
		{"nok, unknown api root route", request{target: "/api/nothing"}, 404, ""},
		{"nok, unknown page", request{target: "/admin"}, 404, ""},
		{"nok, unserved static file", request{target: "/vendor/x/notes.go"}, 404, ""},
		{"nok, path traversal", request{target: "/../server.go"}, 404, ""},
		// echo answers a known path with another method as a missing route, because the
		// group's catch-all takes it; either way it must be a problem, not a 500.
		{"nok, PUT on the collection", request{method: http.MethodPut, target: "/api/collections/events/items"}, 404, ""},
		{"nok, POST on an item", request{method: http.MethodPost, target: "/api/collections/events/items/" + idKabul}, 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantProblem(t, serve(t, srv, tc.req), tc.status, tc.param)
		})
	}
}

// TestCORS checks that the read API is open to other origins and the pages are not.
func TestCORS(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name, target, want string
	}{
		{"ok, items", itemsPath, "*"},
		{"ok, landing", "/api", "*"},
		{"ok, problem", itemsPath + "?limit=0", "*"},
		{"ok, csv", itemsPath + ".csv", "*"},
		{"nok, page", "/", ""},
		{"nok, health", "/healthz", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := get(t, srv, tc.target).Header()
			if got := h.Get("Access-Control-Allow-Origin"); got != tc.want {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tc.want)
			}
			if tc.want != "" && h.Get("Access-Control-Expose-Headers") != "ETag" {
				t.Errorf("Access-Control-Expose-Headers %q, want ETag", h.Get("Access-Control-Expose-Headers"))
			}
		})
	}
}

func storeDataset(sources []geo.Source, events []*geo.Event, stories ...geo.Story) store.Dataset {
	return store.Dataset{Sources: sources, Events: slices.Values(events), Stories: stories}
}
