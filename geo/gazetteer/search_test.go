package gazetteer_test

import (
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/westward/westward/geo/gazetteer"
)

// MustLoad returns the shared Gazetteer or stops the test.
func MustLoad(tb testing.TB) *gazetteer.Gazetteer {
	tb.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return g
}

// kmBetween is the great-circle distance in km.
func kmBetween(a, b orb.Point) float64 {
	return geo.Distance(a, b) / 1000
}

func TestSearch(t *testing.T) {
	g := MustLoad(t)
	// expectPoint values are the places' true positions from outside the
	// data (rounded to 0.01°), so a decoding or ranking slip shows up as
	// distance.
	tests := []struct {
		name          string
		whenQuery     string
		whenHint      string
		expectName    string
		expectCountry string
		expectPoint   orb.Point
		expectMatched string
	}{
		{name: "ok, Kerman without hint is the Iranian city (larger)", whenQuery: "Kerman", expectName: "Kerman", expectCountry: "IR", expectPoint: orb.Point{57.08, 30.28}},
		{name: "ok, Kerman with hint IR", whenQuery: "Kerman", whenHint: "IR", expectName: "Kerman", expectCountry: "IR", expectPoint: orb.Point{57.08, 30.28}},
		{name: "ok, Kerman with hint US is the California town", whenQuery: "Kerman", whenHint: "US", expectName: "Kerman", expectCountry: "US", expectPoint: orb.Point{-120.06, 36.72}},
		{name: "ok, hint is case-insensitive", whenQuery: "Kerman", whenHint: " us ", expectName: "Kerman", expectCountry: "US", expectPoint: orb.Point{-120.06, 36.72}},
		{name: "ok, Krasnogorsk is the town near Moscow", whenQuery: "Krasnogorsk", expectName: "Krasnogorsk", expectCountry: "RU", expectPoint: orb.Point{37.33, 55.82}},
		{name: "ok, comma context names the city", whenQuery: "Başakşehir, Istanbul", whenHint: "TR", expectName: "Başakşehir", expectCountry: "TR", expectPoint: orb.Point{28.80, 41.09}},
		{name: "ok, comma context picks the namesake near the city", whenQuery: "Saint-Denis, Paris", expectName: "Saint-Denis", expectCountry: "FR", expectPoint: orb.Point{2.36, 48.94}},
		{name: "ok, comma context picks the namesake in the seat's admin area", whenQuery: "Krasnogorsk, Yuzhno-Sakhalinsk", expectName: "Krasnogorsk", expectCountry: "RU", expectPoint: orb.Point{142.09, 48.42}},
		{name: "ok, comma context without its admin word", whenQuery: "Krasnogorsk, Moscow Oblast", whenHint: "RU", expectName: "Krasnogorsk", expectCountry: "RU", expectPoint: orb.Point{37.33, 55.82}},
		{name: "ok, diacritics-insensitive", whenQuery: "Basaksehir", expectName: "Başakşehir", expectCountry: "TR", expectPoint: orb.Point{28.80, 41.09}},
		{name: "ok, Turkish dotted capital İ", whenQuery: "İSTANBUL", expectName: "Istanbul", expectCountry: "TR", expectPoint: orb.Point{28.95, 41.01}},
		{name: "ok, Istanbul", whenQuery: "Istanbul", expectName: "Istanbul", expectCountry: "TR", expectPoint: orb.Point{28.95, 41.01}},
		{name: "ok, alias transliteration Sankt-Peterburg", whenQuery: "Sankt-Peterburg", expectName: "Saint Petersburg", expectCountry: "RU", expectPoint: orb.Point{30.31, 59.94}, expectMatched: "Sankt-Peterburg"},
		{name: "ok, Saint Petersburg is Russia's before Florida's", whenQuery: "Saint Petersburg", expectName: "Saint Petersburg", expectCountry: "RU", expectPoint: orb.Point{30.31, 59.94}},
		{name: "ok, St abbreviation", whenQuery: "St. Petersburg", whenHint: "RU", expectName: "Saint Petersburg", expectCountry: "RU", expectPoint: orb.Point{30.31, 59.94}},
		{name: "ok, St abbreviation with hint US", whenQuery: "St Petersburg", whenHint: "US", expectName: "St. Petersburg", expectCountry: "US", expectPoint: orb.Point{-82.68, 27.77}},
		{name: "ok, Jalalabad without macrons is Afghanistan's", whenQuery: "Jalalabad", expectName: "Jalālābād", expectCountry: "AF", expectPoint: orb.Point{70.45, 34.43}},
		{name: "ok, lower-case kabul", whenQuery: "kabul", expectName: "Kabul", expectCountry: "AF", expectPoint: orb.Point{69.17, 34.53}},
		{name: "ok, Köln", whenQuery: "Köln", expectName: "Köln", expectCountry: "DE", expectPoint: orb.Point{6.96, 50.94}},
		{name: "ok, Koln without umlaut", whenQuery: "KOLN", expectName: "Köln", expectCountry: "DE", expectPoint: orb.Point{6.96, 50.94}},
		{name: "ok, alias Cologne is Köln, not the Italian village", whenQuery: "Cologne", expectName: "Köln", expectCountry: "DE", expectPoint: orb.Point{6.96, 50.94}, expectMatched: "Cologne"},
		{name: "ok, Moscow", whenQuery: "Moscow", expectName: "Moscow", expectCountry: "RU", expectPoint: orb.Point{37.62, 55.76}},
		{name: "ok, alias Moskva is Moscow, not the Tajik town", whenQuery: "Moskva", expectName: "Moscow", expectCountry: "RU", expectPoint: orb.Point{37.62, 55.76}, expectMatched: "Moskva"},
		{name: "ok, German ß folds to ss", whenQuery: "Giessen", expectName: "Gießen", expectCountry: "DE", expectPoint: orb.Point{8.68, 50.58}},
		{name: "ok, venue before the city is skipped", whenQuery: "Reina nightclub, Istanbul", whenHint: "TR", expectName: "Istanbul", expectCountry: "TR", expectPoint: orb.Point{28.95, 41.01}},
		{name: "ok, remarks in parentheses are dropped", whenQuery: "Paris (2024 Olympic Games)", whenHint: "FR", expectName: "Paris", expectCountry: "FR", expectPoint: orb.Point{2.35, 48.86}},
		{name: "ok, a name with brackets beats the bracket-less alias", whenQuery: "Frankfurt (Oder)", expectName: "Frankfurt (Oder)", expectCountry: "DE", expectPoint: orb.Point{14.55, 52.35}},
		{name: "ok, commas inside brackets do not split", whenQuery: "Istanbul (Zeytinburnu, Başakşehir, Esenyurt); also Izmir and Ankara", whenHint: "TR", expectName: "Istanbul", expectCountry: "TR", expectPoint: orb.Point{28.95, 41.01}},
		{name: "ok, place inside a sentence", whenQuery: "A synagogue in Moscow (target); operatives killed in Kaluga region", whenHint: "RU", expectName: "Moscow", expectCountry: "RU", expectPoint: orb.Point{37.62, 55.76}},
		{name: "ok, prefix of a name", whenQuery: "Krasnogo", whenHint: "RU", expectName: "Krasnogorsk", expectCountry: "RU", expectPoint: orb.Point{37.33, 55.82}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := g.Search(tc.whenQuery, tc.whenHint, 5)
			if len(got) == 0 {
				t.Fatalf("Search(%q, %q) found nothing", tc.whenQuery, tc.whenHint)
			}
			top := got[0]
			if top.Name != tc.expectName || top.Country != tc.expectCountry {
				t.Fatalf("top = %s, %s (%d); want %s, %s; all: %+v", top.Name, top.Country, top.GeoNameID, tc.expectName, tc.expectCountry, got)
			}
			if d := kmBetween(top.Point, tc.expectPoint); d > 20 {
				t.Errorf("top %s at %v is %.1f km from %v; want ≤ 20 km", top.Name, top.Point, d, tc.expectPoint)
			}
			if tc.expectMatched != "" && top.MatchedName != tc.expectMatched {
				t.Errorf("MatchedName = %q; want %q", top.MatchedName, tc.expectMatched)
			}
			if top.Precision != gazetteer.PrecisionCity {
				t.Errorf("Precision = %q; want %q", top.Precision, gazetteer.PrecisionCity)
			}
		})
	}
}

func TestSearchNone(t *testing.T) {
	g := MustLoad(t)
	tests := []struct {
		name      string
		whenQuery string
	}{
		{name: "nok, empty", whenQuery: ""},
		{name: "nok, blank", whenQuery: "  \t "},
		{name: "nok, punctuation only", whenQuery: ", ; - ()"},
		{name: "nok, only a remark", whenQuery: "(see notes)"},
		{name: "nok, nonsense", whenQuery: "qzxjvwq"},
		{name: "nok, nonsense words", whenQuery: "florp blargh, zzyzzx"},
		// Bajaur is a district; cities1000 has neither it nor its seat
		// Khar, and nothing within 30 km of it.
		{name: "nok, Bajaur is not in cities1000", whenQuery: "Bajaur"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := g.Search(tc.whenQuery, "", 10); got != nil {
				t.Errorf("Search(%q) = %+v; want none", tc.whenQuery, got)
			}
		})
	}
}

func TestSearchLimit(t *testing.T) {
	g := MustLoad(t)
	tests := []struct {
		name      string
		whenLimit int
		expectLen int
	}{
		{name: "ok, limit 1", whenLimit: 1, expectLen: 1},
		{name: "ok, limit 3", whenLimit: 3, expectLen: 3},
		{name: "ok, limit 0 means the default", whenLimit: 0, expectLen: gazetteer.DefaultLimit},
		{name: "ok, negative limit means the default", whenLimit: -5, expectLen: gazetteer.DefaultLimit},
		{name: "ok, limit above the maximum is capped", whenLimit: 1000, expectLen: gazetteer.MaxLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := g.Search("San", "", tc.whenLimit)
			if len(got) != tc.expectLen {
				t.Fatalf("len = %d; want %d", len(got), tc.expectLen)
			}
			seen := map[int]bool{}
			for i, c := range got {
				if seen[c.GeoNameID] {
					t.Errorf("result %d repeats %d", i, c.GeoNameID)
				}
				seen[c.GeoNameID] = true
				if i > 0 && c.Score > got[i-1].Score {
					t.Errorf("result %d score %.3f above previous %.3f", i, c.Score, got[i-1].Score)
				}
			}
		})
	}
}

func TestSearchRanking(t *testing.T) {
	g := MustLoad(t)
	got := g.Search("Kerman", "", 10)
	pos := map[int]int{}
	for i, c := range got {
		pos[c.GeoNameID] = i
	}
	const kermanIR, kermanUS, kermanshah = 128234, 5362909, 128226
	for _, id := range []int{kermanIR, kermanUS, kermanshah} {
		if _, ok := pos[id]; !ok {
			t.Fatalf("GeoNames %d missing from %+v", id, got)
		}
	}
	// Kermanshah is larger than both Kermans but only a prefix match.
	if !(pos[kermanIR] < pos[kermanUS] && pos[kermanUS] < pos[kermanshah]) {
		t.Errorf("order = IR %d, US %d, Kermanshah %d; want exact matches by population, then prefix", pos[kermanIR], pos[kermanUS], pos[kermanshah])
	}
	hinted := g.Search("Kerman", "US", 10)
	for i, c := range hinted {
		if c.Country == "US" && i > 0 && hinted[i-1].Country != "US" {
			t.Errorf("hinted result %d (%s, US) after a non-US place", i, c.Name)
		}
	}
}

func TestLookup(t *testing.T) {
	g := MustLoad(t)
	tests := []struct {
		name          string
		whenID        int
		expectOK      bool
		expectName    string
		expectCountry string
		expectAdmin   string
	}{
		{name: "ok, Kabul", whenID: 1138958, expectOK: true, expectName: "Kabul", expectCountry: "AF", expectAdmin: "13"},
		{name: "ok, Istanbul", whenID: 745044, expectOK: true, expectName: "Istanbul", expectCountry: "TR", expectAdmin: "34"},
		{name: "nok, unknown id", whenID: 1, expectOK: false},
		{name: "nok, negative id", whenID: -745044, expectOK: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := g.Lookup(tc.whenID)
			if ok != tc.expectOK {
				t.Fatalf("ok = %v; want %v", ok, tc.expectOK)
			}
			if c.Name != tc.expectName || c.Country != tc.expectCountry || c.Admin != tc.expectAdmin {
				t.Errorf("got %s, %s, %s; want %s, %s, %s", c.Name, c.Country, c.Admin, tc.expectName, tc.expectCountry, tc.expectAdmin)
			}
			if ok && c.GeoNameID != tc.whenID {
				t.Errorf("GeoNameID = %d; want %d", c.GeoNameID, tc.whenID)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	first := MustLoad(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			g, err := gazetteer.Load()
			if err != nil || g != first {
				t.Errorf("Load = %p, %v; want the shared %p", g, err, first)
				return
			}
			if got := g.Search("Kabul", "AF", 1); len(got) != 1 || got[0].GeoNameID != 1138958 {
				t.Errorf("Search(Kabul) = %+v", got)
			}
		})
	}
	wg.Wait()
}

func BenchmarkSearch(b *testing.B) {
	g := MustLoad(b)
	benchmarks := []struct{ name, query, hint string }{
		{"exact", "Kerman", "IR"},
		{"context", "Başakşehir, Istanbul", "TR"},
		{"alias", "Cologne", ""},
		{"venue then city", "Reina nightclub, Istanbul", "TR"},
		{"sentence fallback", "A synagogue in Moscow (target); operatives killed in Kaluga region", "RU"},
		{"short prefix", "Kra", ""},
		{"one letter", "s", ""}, // the worst case: every name starting with s
		{"no match", "qzxjvwq", ""},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g.Search(bm.query, bm.hint, 10)
			}
		})
	}
}
