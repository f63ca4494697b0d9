package server

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
)

// featureCollection is the items answer as a client reads it.
type featureCollection struct {
	Type           string    `json:"type"`
	Features       []feature `json:"features"`
	NumberMatched  int       `json:"numberMatched"`
	NumberReturned int       `json:"numberReturned"`
	TimeStamp      string    `json:"timeStamp"`
	Links          []Link    `json:"links"`
}

type feature struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Geometry struct {
		Type        string    `json:"type"`
		Coordinates []float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties struct {
		Title             string         `json:"title"`
		Summary           string         `json:"summary"`
		Date              string         `json:"date"`
		DatePrecision     string         `json:"date_precision"`
		DateLabel         string         `json:"date_label"`
		EndDate           *string        `json:"end_date"`
		Start             string         `json:"start"`
		End               string         `json:"end"`
		Kind              string         `json:"kind"`
		Actor             string         `json:"actor"`
		Attribution       string         `json:"attribution"`
		Place             string         `json:"place"`
		Country           string         `json:"country"`
		CountryName       string         `json:"country_name"`
		LocationPrecision string         `json:"location_precision"`
		Tags              []string       `json:"tags"`
		Sources           []citation     `json:"sources"`
		Links             []featureLink  `json:"links"`
		Casualties        geo.Casualties `json:"casualties"`
		UpdatedAt         string         `json:"updated_at"`
	} `json:"properties"`
	Links []Link `json:"links"`
}

type citation struct {
	Source  string       `json:"source"`
	Quotes  []string     `json:"quotes"`
	Figures []geo.Figure `json:"figures"`
}

type featureLink struct {
	Role        string    `json:"role"`
	Place       string    `json:"place"`
	Country     string    `json:"country"`
	Coordinates []float64 `json:"coordinates"`
	Source      string    `json:"source"`
	Quote       string    `json:"quote"`
}

func (fc featureCollection) ids() []string {
	ids := []string{}
	for _, f := range fc.Features {
		ids = append(ids, f.ID)
	}
	return ids
}

func linkHref(links []Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

const itemsPath = "/api/collections/events/items"

// TestItemsFilters checks every filter alone and in combination against the exact ids, in
// the API's order (first day, then id).
func TestItemsFilters(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name  string
		query string
		want  []string
	}{
		{"ok, no filter", "", allIDs},
		{"ok, bbox Afghanistan and Iran", "bbox=55,25,75,40", []string{idKabul, idKunar, idMashhad, idHerat, idKerman}},
		{"ok, bbox Europe", "bbox=0,45,40,60", []string{idCologne, idMoscow}},
		{"ok, bbox of one point", "bbox=37.39,55.82,37.39,55.82", []string{idMoscow}},
		{"ok, bbox with spaces", "bbox=" + url.QueryEscape(" 0, 45, 40, 60"), []string{idCologne, idMoscow}},
		{"ok, bbox with heights", "bbox=0,45,-100,40,60,100", []string{idCologne, idMoscow}},
		{"ok, bbox with exponent", "bbox=0,4.5e1,4e1,60", []string{idCologne, idMoscow}},
		{"ok, bbox with nothing in it", "bbox=-10,-10,0,0", []string{}},
		{"ok, bbox whole world", "bbox=-180,-90,180,90", allIDs},
		{"ok, datetime instant day", "datetime=2024-03-22", []string{idCologne, idMoscow}},
		{"ok, datetime instant inside a season", "datetime=2023-08-31", []string{idCologne, idIstanbul}},
		{"ok, datetime instant after the season", "datetime=2023-09-01", []string{idCologne}},
		{"ok, datetime closed interval", "datetime=2019-01-01/2020-12-31", []string{idMashhad, idHerat}},
		{"ok, datetime open start", "datetime=../2020-01-01", []string{idKabul, idKunar, idMashhad, idHerat}},
		{"ok, datetime empty start", "datetime=/2015-12-31", []string{idKabul}},
		{"ok, datetime open end", "datetime=2024-01-01/..", []string{idCologne, idKerman, idMoscow}},
		{"ok, datetime empty end", "datetime=2024-03-01/", []string{idCologne, idMoscow}},
		{"ok, datetime end_date reaches", "datetime=2024-07-31/..", []string{idCologne}},
		{"ok, datetime after end_date", "datetime=2024-08-01/..", []string{}},
		{"ok, datetime partial year", "datetime=2023", []string{idCologne, idIstanbul}},
		{"ok, datetime season", "datetime=2023-22", []string{idCologne, idIstanbul}},
		{"ok, datetime winter crosses the year", "datetime=2023-24", []string{idCologne, idKerman}},
		{"ok, datetime partial month", "datetime=2023-07", []string{idCologne, idIstanbul}},
		{"ok, datetime partial month of a month event", "datetime=2017-04", []string{idKunar}},
		{"ok, datetime interval of partial dates", "datetime=2017/2019", []string{idKunar, idMashhad}},
		{"ok, datetime RFC 3339", "datetime=2024-03-22T10:00:00Z", []string{idCologne, idMoscow}},
		{"ok, datetime RFC 3339 offset cut to the UTC day", "datetime=" + url.QueryEscape("2024-01-03T23:30:00-05:00"), []string{idCologne}},
		{"ok, datetime RFC 3339 interval", "datetime=2024-01-03T00:00:00Z/2024-01-03T23:59:59Z", []string{idCologne, idKerman}},
		{"ok, kind", "kind=attack", []string{idKabul, idKerman, idMoscow}},
		{"ok, kind list", "kind=arrest,threat", []string{idMashhad, idHerat}},
		{"ok, kind list with spaces", "kind=" + url.QueryEscape("network, foiled_plot"), []string{idCologne, idIstanbul}},
		{"ok, kind cross-border", "kind=cross_border_strike", []string{idKunar}},
		{"ok, actor", "actor=iskp", []string{idKabul, idCologne, idKerman, idMoscow}},
		{"ok, actor list", "actor=is,is_inspired", []string{idMashhad, idIstanbul}},
		{"ok, attribution", "attribution=claimed", []string{idKabul, idKerman, idMoscow}},
		{"ok, attribution list", "attribution=alleged,disputed", []string{idKunar, idMashhad, idCologne}},
		{"ok, role", "role=target", []string{idHerat}},
		{"ok, role list", "role=" + url.QueryEscape("subject, target"), []string{idHerat}},
		{"ok, role occurrence", "role=occurrence", []string{idKabul, idKunar, idMashhad, idCologne, idIstanbul, idKerman, idMoscow}},
		{"ok, role and kind", "role=target&kind=attack", []string{}},
		{"ok, country", "country=AF", []string{idKabul, idKunar, idHerat}},
		{"ok, country lower case", "country=de", []string{idCologne}},
		{"ok, country list", "country=IR,TR", []string{idMashhad, idIstanbul, idKerman}},
		{"ok, country with nothing", "country=US", []string{}},
		{"ok, q prefix", "q=kerm", []string{idKerman}},
		{"ok, q diacritics folded", "q=buyukdere", []string{idIstanbul}},
		{"ok, q with diacritics", "q=" + url.QueryEscape("BÜYÜKDERE"), []string{idIstanbul}},
		{"ok, q in place", "q=krasnogorsk", []string{idMoscow}},
		{"ok, q in summary", "q=" + url.QueryEscape("summary of crocus"), []string{idMoscow}},
		{"ok, q all words must match", "q=" + url.QueryEscape("crocus hall"), []string{idMoscow}},
		{"ok, q words from two events", "q=" + url.QueryEscape("crocus kabul"), []string{}},
		{"ok, q no match", "q=zzzz", []string{}},
		{"ok, q blank", "q=" + url.QueryEscape("   "), allIDs},
		{"ok, kind and country", "kind=attack&country=IR", []string{idKerman}},
		{"ok, bbox and datetime", "bbox=55,25,75,40&datetime=2015/2019", []string{idKabul, idKunar, idMashhad}},
		{"ok, kind, datetime and q", "kind=attack&datetime=2024&q=crocus", []string{idMoscow}},
		{"ok, actor and attribution", "actor=iskp&attribution=alleged", []string{idCologne}},
		{"ok, every filter", "bbox=50,25,75,40&datetime=2024-01&kind=attack&actor=iskp&attribution=claimed&country=IR&q=cemetery",
			[]string{idKerman}},
		{"ok, filters that exclude each other", "kind=attack&country=DE", []string{}},
		{"ok, limit at the maximum", "limit=10000", allIDs},
		{"ok, offset 0", "offset=0", allIDs},
		{"ok, f=json", "f=json&country=RU", []string{idMoscow}},
		{"ok, f=geojson", "f=geojson&country=RU", []string{idMoscow}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var fc featureCollection
			getJSON(t, srv, itemsPath+"?"+tc.query, "application/geo+json", &fc)
			if got := fc.ids(); !slices.Equal(got, tc.want) {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
			if fc.Type != "FeatureCollection" || fc.NumberMatched != len(tc.want) || fc.NumberReturned != len(tc.want) {
				t.Errorf("type %q numberMatched %d numberReturned %d, want FeatureCollection, %d, %d",
					fc.Type, fc.NumberMatched, fc.NumberReturned, len(tc.want), len(tc.want))
			}
			if fc.Features == nil {
				t.Error("features is null, want a list")
			}
			if fc.TimeStamp != "2024-06-01T12:00:00Z" {
				t.Errorf("timeStamp %q, want the store's clock", fc.TimeStamp)
			}
		})
	}
}

// TestItemsEmptyFeaturesIsList checks that no match encodes as [] and not null.
func TestItemsEmptyFeaturesIsList(t *testing.T) {
	srv, _ := newTestServer(t)
	rec := get(t, srv, itemsPath+"?country=US")
	if !bytes.Contains(rec.Body.Bytes(), []byte(`"features":[]`)) {
		t.Errorf("body %s, want \"features\":[]", rec.Body)
	}
}

// TestItemFeature checks what one feature carries: sources with quotes and figures, the
// casualty ranges across sources, links in [lon, lat], the date label and the country name.
func TestItemFeature(t *testing.T) {
	srv, _ := newTestServer(t)
	atlas := loadAtlas(t)
	byID := map[string]feature{}
	var fc featureCollection
	getJSON(t, srv, itemsPath, "application/geo+json", &fc)
	for _, f := range fc.Features {
		byID[f.ID] = f
	}

	kerman := byID[idKerman]
	if kerman.Type != "Feature" || kerman.Geometry.Type != "Point" || !slices.Equal(kerman.Geometry.Coordinates, []float64{57.08, 30.28}) {
		t.Errorf("kerman geometry %+v, want Point [57.08, 30.28]", kerman.Geometry)
	}
	p := kerman.Properties
	if p.Title != "Kerman cemetery bombing" || p.Date != "2024-01-03" || p.DatePrecision != "day" || p.DateLabel != "3 January 2024" ||
		p.Start != "2024-01-03" || p.End != "2024-01-03" || p.Kind != "attack" || p.Actor != "iskp" || p.Attribution != "claimed" ||
		p.Country != "IR" || p.LocationPrecision != "venue" || p.EndDate != nil || p.UpdatedAt != "2024-06-01T12:00:00Z" {
		t.Errorf("kerman properties %+v", p)
	}
	if name, _ := atlas.Name("IR"); p.CountryName != name || name == "" || name == "IR" {
		t.Errorf("country_name %q, want the atlas's %q", p.CountryName, name)
	}
	wantSources := []citation{
		{Source: "src-a", Quotes: []string{"at least 95 people were killed"},
			Figures: []geo.Figure{{Measure: "killed", Value: 95, Qualifier: "at_least"}}},
		{Source: "src-b", Quotes: []string{"103 killed and 284 injured", "two explosions near the shrine"},
			Figures: []geo.Figure{{Measure: "killed", Value: 103, Qualifier: "exact"}, {Measure: "injured", Value: 284, Qualifier: "exact"}}},
	}
	if got, want := mustJSON(t, p.Sources), mustJSON(t, wantSources); got != want {
		t.Errorf("sources\n got %s\nwant %s", got, want)
	}
	if c := p.Casualties; c.Killed == nil || *c.Killed != (geo.Range{Min: 95, Max: 103, MinQualifier: "at_least", MaxQualifier: "exact", Label: "at least 95 to 103 killed"}) ||
		c.Injured == nil || *c.Injured != (geo.Range{Min: 284, Max: 284, MinQualifier: "exact", MaxQualifier: "exact", Label: "284 injured"}) || c.Detained != nil {
		t.Errorf("casualties %s, want killed 95–103, injured 284, detained null", mustJSON(t, c))
	}
	if !slices.Equal(p.Tags, []string{"suicide-bombing"}) || len(p.Links) != 0 || p.Links == nil {
		t.Errorf("tags %v links %v, want [suicide-bombing] and []", p.Tags, p.Links)
	}

	kabul := byID[idKabul].Properties.Casualties
	if kabul.Killed == nil || *kabul.Killed != (geo.Range{Min: 10, Max: 14, MinQualifier: "at_least", MaxQualifier: "exact", Label: "at least 10 to 14 killed"}) {
		t.Errorf("kabul killed %v, want 10–14 across the two sources", kabul.Killed)
	}

	moscow := byID[idMoscow].Properties
	wantLinks := []featureLink{{Role: "origin", Place: "Dushanbe", Country: "TJ", Coordinates: []float64{dushanbeLon, dushanbeLat},
		Source: "src-a", Quote: "the gunmen came from Tajikistan"}}
	if got, want := mustJSON(t, moscow.Links), mustJSON(t, wantLinks); got != want {
		t.Errorf("moscow links\n got %s\nwant %s", got, want)
	}
	if moscow.DateLabel != "22 March 2024" || !slices.Equal(moscow.Tags, []string{"concert-hall", "mass-shooting"}) {
		t.Errorf("moscow date_label %q tags %v", moscow.DateLabel, moscow.Tags)
	}
	if name, _ := atlas.Name("RU"); moscow.CountryName != name {
		t.Errorf("moscow country_name %q, want %q", moscow.CountryName, name)
	}

	dates := []struct{ id, date, precision, label, start, end string }{
		{idIstanbul, "2023-22", "season", "Summer 2023", "2023-06-01", "2023-08-31"},
		{idCologne, "2023", "year", "2023 – July 2024", "2023-01-01", "2024-07-31"},
		{idMashhad, "2019-11", "month", "November 2019", "2019-11-01", "2019-11-30"},
		{idKabul, "2015-06-18", "day", "18 June 2015", "2015-06-18", "2015-06-18"},
	}
	for _, d := range dates {
		p := byID[d.id].Properties
		if p.Date != d.date || p.DatePrecision != d.precision || p.DateLabel != d.label || p.Start != d.start || p.End != d.end {
			t.Errorf("%s: date %q %q %q %q..%q, want %q %q %q %q..%q", d.id, p.Date, p.DatePrecision, p.DateLabel, p.Start, p.End,
				d.date, d.precision, d.label, d.start, d.end)
		}
	}
	if e := byID[idCologne].Properties.EndDate; e == nil || *e != "2024-07" {
		t.Errorf("cologne end_date %v, want 2024-07", e)
	}
	if got := byID[idIstanbul].Properties.Title; got != "Büyükdere plot foiled" {
		t.Errorf("istanbul title %q, want the diacritics kept", got)
	}
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestItem checks one event by id against a golden file, and its links.
func TestItem(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name  string
		query string
	}{
		{"ok, plain", ""},
		{"ok, f=json", "?f=json"},
		{"ok, f=geojson", "?f=geojson"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f feature
			rec := getJSON(t, srv, itemsPath+"/"+idMoscow+tc.query, "application/geo+json", &f)
			if f.ID != idMoscow || f.Properties.Title != "Crocus City Hall attack" {
				t.Errorf("feature %s %q", f.ID, f.Properties.Title)
			}
			self, col := linkHref(f.Links, "self"), linkHref(f.Links, "collection")
			if self != "http://example.com"+itemsPath+"/"+idMoscow || col != "http://example.com/api/collections/events" {
				t.Errorf("links self %q collection %q", self, col)
			}
			golden(t, "item-moscow.json", rec.Body.Bytes())
		})
	}
}

// golden compares got, indented, with testdata/name; -update rewrites it.
func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		tb.Errorf("%s differs from the golden file (go test -update rewrites it)\n got %s\nwant %s", name, buf.Bytes(), want)
	}
}

// TestItemsPaging walks the whole fixture two at a time by following next links.
func TestItemsPaging(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name      string
		start     string
		want      []string
		pageSizes []int
	}{
		{"ok, limit 2 over everything", itemsPath + "?limit=2", allIDs, []int{2, 2, 2, 2}},
		{"ok, limit 3 with a short last page", itemsPath + "?limit=3", allIDs, []int{3, 3, 2}},
		{"ok, limit 2 with a filter", itemsPath + "?country=AF,IR&limit=2", []string{idKabul, idKunar, idMashhad, idHerat, idKerman}, []int{2, 2, 1}},
		{"ok, limit larger than the matches", itemsPath + "?limit=100", allIDs, []int{8}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var sizes []int
			seen := map[string]bool{}
			next := tc.start
			for page := 0; next != ""; page++ {
				if page > 10 {
					t.Fatal("more than 10 pages")
				}
				u, err := url.Parse(next)
				if err != nil {
					t.Fatal(err)
				}
				var fc featureCollection
				getJSON(t, srv, u.RequestURI(), "application/geo+json", &fc)
				if fc.NumberMatched != len(tc.want) {
					t.Errorf("page %d: numberMatched %d, want %d", page, fc.NumberMatched, len(tc.want))
				}
				if fc.NumberReturned != len(fc.Features) {
					t.Errorf("page %d: numberReturned %d, features %d", page, fc.NumberReturned, len(fc.Features))
				}
				for _, id := range fc.ids() {
					if seen[id] {
						t.Errorf("page %d: %s seen twice", page, id)
					}
					seen[id] = true
				}
				got = append(got, fc.ids()...)
				sizes = append(sizes, fc.NumberReturned)
				prev := linkHref(fc.Links, "prev")
				if (page == 0) != (prev == "") {
					t.Errorf("page %d: prev link %q", page, prev)
				}
				self := linkHref(fc.Links, "self")
				if !strings.HasPrefix(self, "http://example.com"+itemsPath) {
					t.Errorf("page %d: self link %q", page, self)
				}
				alt := linkHref(fc.Links, "alternate")
				if au, err := url.Parse(alt); err != nil || au.Query().Get("f") != "csv" {
					t.Errorf("page %d: alternate link %q, want f=csv", page, alt)
				}
				next = linkHref(fc.Links, "next")
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("walked %v, want %v", got, tc.want)
			}
			if !slices.Equal(sizes, tc.pageSizes) {
				t.Errorf("page sizes %v, want %v", sizes, tc.pageSizes)
			}
		})
	}
}

// TestItemsPrevLink checks that prev goes back one page and keeps the other parameters.
func TestItemsPrevLink(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name, query, wantOffset string
		wantIDs                 []string
	}{
		{"ok, from the third page", "limit=2&offset=4&kind=attack,network,threat,arrest,foiled_plot,cross_border_strike", "2", []string{idMashhad, idHerat}},
		{"ok, from an offset below the limit", "limit=3&offset=1", "", []string{idKabul, idKunar, idMashhad}},
		{"ok, from past the end", "limit=2&offset=50", "48", []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var fc featureCollection
			getJSON(t, srv, itemsPath+"?"+tc.query, "application/geo+json", &fc)
			prev := linkHref(fc.Links, "prev")
			u, err := url.Parse(prev)
			if err != nil || prev == "" {
				t.Fatalf("prev link %q: %v", prev, err)
			}
			if got := u.Query().Get("offset"); got != tc.wantOffset {
				t.Errorf("prev offset %q, want %q", got, tc.wantOffset)
			}
			if linkHref(fc.Links, "next") != "" {
				if fc.NumberReturned == 0 {
					t.Error("an empty page has a next link")
				}
			}
			var back featureCollection
			getJSON(t, srv, u.RequestURI(), "application/geo+json", &back)
			if !slices.Equal(back.ids(), tc.wantIDs) {
				t.Errorf("prev page %v, want %v", back.ids(), tc.wantIDs)
			}
		})
	}
}
