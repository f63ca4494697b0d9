package country

import (
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

var (
	atlasOnce sync.Once
	atlas50m  *Atlas
	atlasErr  error
)

// load50m parses the vendored 50m atlas once for all tests and benchmarks.
func load50m(tb testing.TB) *Atlas {
	tb.Helper()
	atlasOnce.Do(func() {
		b, err := os.ReadFile("../../static/vendor/world-atlas/countries-50m.json")
		if err != nil {
			atlasErr = err
			return
		}
		atlas50m, atlasErr = Parse(b)
	})
	if atlasErr != nil {
		tb.Fatal(atlasErr)
	}
	return atlas50m
}

func TestContains(t *testing.T) {
	a := load50m(t)
	tests := []struct {
		name  string
		code  string
		p     orb.Point
		tolKm float64
		want  bool
	}{
		{"ok, Kabul in AF", "AF", orb.Point{69.17, 34.53}, 0, true},
		{"ok, Moscow in RU", "RU", orb.Point{37.62, 55.75}, 0, true},
		{"nok, Moscow not in UA", "UA", orb.Point{37.62, 55.75}, 0, false},
		{"nok, Moscow not in UA even at 50 km", "UA", orb.Point{37.62, 55.75}, 50, false},
		{"ok, Kerman Iran in IR", "IR", orb.Point{57.08, 30.28}, 0, true},
		{"ok, Kerman California in US", "US", orb.Point{-120.06, 36.72}, 0, true},
		{"nok, Kerman California not in IR", "IR", orb.Point{-120.06, 36.72}, 5, false},
		{"ok, Istanbul Atatürk Airport in TR at 1 km", "TR", orb.Point{28.8146, 40.9769}, 1, true},
		// The 50m coastline cuts Yeşilköy: the airport's reference point
		// is ~0.39 km outside TR's polygon.
		{"nok, Istanbul Atatürk Airport outside 50m TR polygon at 0 km", "TR", orb.Point{28.8146, 40.9769}, 0, false},
		{"ok, Bajaur in PK", "PK", orb.Point{71.5, 34.75}, 0, true},
		{"nok, Bajaur not in AF", "AF", orb.Point{71.5, 34.75}, 0, false},
		// Sea of Marmara off Suadiye (Kadıköy), ~0.9 km from the 50m coast.
		{"nok, sea off Istanbul at 0 km", "TR", orb.Point{29.085, 40.950}, 0, false},
		{"nok, sea off Istanbul at 0.5 km", "TR", orb.Point{29.085, 40.950}, 0.5, false},
		{"ok, sea off Istanbul at 2 km", "TR", orb.Point{29.085, 40.950}, 2, true},
		{"ok, Pristina in XK (name-keyed)", "XK", orb.Point{21.17, 42.66}, 0, true},
		{"nok, Pristina not in RS", "RS", orb.Point{21.17, 42.66}, 0, false},
		{"ok, Hargeisa (Somaliland) in SO", "SO", orb.Point{44.06, 9.56}, 0, true},
		{"ok, Kyrenia (N. Cyprus) in CY", "CY", orb.Point{33.32, 35.33}, 0, true},
		{"ok, Alice Springs in AU", "AU", orb.Point{133.88, -23.70}, 0, true},
		// Coastal cities the 50m generalisation leaves offshore.
		{"nok, Darwin outside 50m AU polygon at 0 km", "AU", orb.Point{130.84, -12.46}, 0, false},
		{"ok, Darwin in AU at 10 km", "AU", orb.Point{130.84, -12.46}, 10, true},
		{"nok, Suva outside 50m FJ polygon at 0 km", "FJ", orb.Point{178.44, -18.14}, 0, false},
		{"ok, Suva in FJ at 2 km", "FJ", orb.Point{178.44, -18.14}, 2, true},
		{"ok, Viti Levu interior in FJ (bound spans ±180°)", "FJ", orb.Point{178.0, -17.8}, 0, true},
		{"ok, Taveuni east of 180° in FJ", "FJ", orb.Point{-179.95, -16.8}, 0, true},
		{"ok, Uelen in RU (west of 180°)", "RU", orb.Point{-169.81, 66.16}, 0, true},
		{"nok, mid-Atlantic near nothing", "PT", orb.Point{-40, 30}, 100, false},
		{"nok, unknown code", "ZZ", orb.Point{69.17, 34.53}, 10, false},
		{"nok, lowercase code", "af", orb.Point{69.17, 34.53}, 0, false},
		{"nok, negative tolerance acts as zero", "TR", orb.Point{29.085, 40.950}, -2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Contains(tt.code, tt.p, tt.tolKm); got != tt.want {
				t.Errorf("Contains(%q, %v, %v) = %v, want %v", tt.code, tt.p, tt.tolKm, got, tt.want)
			}
		})
	}
}

func TestLocate(t *testing.T) {
	a := load50m(t)
	tests := []struct {
		name   string
		p      orb.Point
		want   string
		wantOK bool
	}{
		{"ok, Kabul", orb.Point{69.17, 34.53}, "AF", true},
		{"ok, Moscow", orb.Point{37.62, 55.75}, "RU", true},
		{"ok, Kerman Iran", orb.Point{57.08, 30.28}, "IR", true},
		{"ok, Kerman California", orb.Point{-120.06, 36.72}, "US", true},
		{"ok, Bajaur", orb.Point{71.5, 34.75}, "PK", true},
		{"ok, Berlin", orb.Point{13.40, 52.52}, "DE", true},
		{"ok, Paris", orb.Point{2.35, 48.86}, "FR", true},
		{"ok, Dushanbe", orb.Point{68.78, 38.56}, "TJ", true},
		{"ok, Tashkent", orb.Point{69.24, 41.30}, "UZ", true},
		{"ok, Pristina", orb.Point{21.17, 42.66}, "XK", true},
		{"nok, sea off Istanbul", orb.Point{29.085, 40.950}, "", false},
		{"nok, Atlantic", orb.Point{-40, 30}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := a.Locate(tt.p)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Locate(%v) = %q, %v, want %q, %v", tt.p, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestName(t *testing.T) {
	a := load50m(t)
	tests := []struct {
		name   string
		code   string
		want   string
		wantOK bool
	}{
		{"ok, AF", "AF", "Afghanistan", true},
		{"ok, TR", "TR", "Turkey", true},
		{"ok, RU", "RU", "Russia", true},
		{"ok, XK from unkeyed feature", "XK", "Kosovo", true},
		{"ok, AU not Ashmore and Cartier (shared id 036)", "AU", "Australia", true},
		{"ok, SO not Somaliland", "SO", "Somalia", true},
		{"ok, CY not N. Cyprus", "CY", "Cyprus", true},
		{"nok, unknown", "ZZ", "", false},
		{"nok, empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := a.Name(tt.code)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Name(%q) = %q, %v, want %q, %v", tt.code, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestCodes(t *testing.T) {
	a := load50m(t)
	codes := a.Codes()
	if !slices.IsSorted(codes) {
		t.Errorf("Codes() not sorted: %v", codes)
	}
	for _, c := range []string{"AF", "IR", "TR", "RU", "DE", "FR", "PK", "TJ", "UZ", "XK", "AU"} {
		if !slices.Contains(codes, c) {
			t.Errorf("Codes() lacks %s", c)
		}
	}
	if got, want := len(codes), 236; got != want {
		t.Errorf("len(Codes()) = %d, want %d", got, want)
	}
	codes[0] = "mutated"
	if a.Codes()[0] == "mutated" {
		t.Error("Codes() returns the atlas's own slice")
	}
}

func TestParse110m(t *testing.T) {
	b, err := os.ReadFile("../../static/vendor/world-atlas/countries-110m.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(110m): %v", err)
	}
	if got, want := len(a.Codes()), 175; got != want {
		t.Errorf("len(Codes()) = %d, want %d", got, want)
	}
	if got, ok := a.Locate(orb.Point{69.17, 34.53}); got != "AF" || !ok {
		t.Errorf("110m Locate(Kabul) = %q, %v, want AF", got, ok)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"nok, not JSON", "not json"},
		{"nok, empty", ""},
		{"nok, not a topology", `{"type":"FeatureCollection","objects":{"countries":{"type":"GeometryCollection","geometries":[]}},"arcs":[]}`},
		{"nok, missing objects.countries", `{"type":"Topology","objects":{"land":{"type":"GeometryCollection","geometries":[]}},"arcs":[]}`},
		{"nok, countries not a collection", `{"type":"Topology","objects":{"countries":{"type":"Polygon","arcs":[[0]]}},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]]}`},
		{"nok, arc index out of range", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"004","arcs":[[7]]}]}},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]]}`},
		{"nok, reversed arc index out of range", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"004","arcs":[[-8]]}]}},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]]}`},
		{"nok, short position", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"004","arcs":[[0]]}]}},"arcs":[[[0]]]}`},
		{"nok, bad arcs shape", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","id":"004","arcs":[0]}]}},"arcs":[]}`},
		{"nok, no known countries", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"999","arcs":[[0]]}]}},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse([]byte(tt.in))
			if err == nil {
				t.Errorf("Parse(%q) = %v, nil; want error", tt.in, a)
			}
		})
	}
}

// TestParseSmall checks decoding against a hand-built topology: a unit
// square made of two quantised arcs, the second used reversed.
func TestParseSmall(t *testing.T) {
	const in = `{"type":"Topology",
	  "transform":{"scale":[0.5,0.5],"translate":[10,20]},
	  "objects":{"countries":{"type":"GeometryCollection","geometries":[
	    {"type":"Polygon","id":"004","properties":{"name":"Square"},"arcs":[[0,-2]]}]}},
	  "arcs":[[[0,0],[2,0],[0,2]],[[0,0],[0,2],[2,0]]]}`
	a, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	e := a.byCode["AF"]
	want := orb.Ring{{10, 20}, {11, 20}, {11, 21}, {10, 21}, {10, 20}}
	if len(e.polygons) != 1 || !e.polygons[0][0].Equal(want) {
		t.Fatalf("ring = %v, want %v", e.polygons, want)
	}
	if !a.Contains("AF", orb.Point{10.5, 20.5}, 0) || a.Contains("AF", orb.Point{11.5, 20.5}, 0) {
		t.Error("Contains wrong on unit square")
	}
}

func TestAlpha2(t *testing.T) {
	tests := []struct {
		name    string
		numeric string
		want    string
		wantOK  bool
	}{
		{"ok, Afghanistan", "004", "AF", true},
		{"ok, Russia", "643", "RU", true},
		{"ok, Turkey", "792", "TR", true},
		{"ok, Iran", "364", "IR", true},
		{"ok, Zimbabwe", "716", "ZW", true},
		{"nok, unassigned", "999", "", false},
		{"nok, unpadded", "4", "", false},
		{"nok, empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Alpha2(tt.numeric)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Alpha2(%q) = %q, %v, want %q, %v", tt.numeric, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestAlpha2Table checks the table is complete and one-to-one.
func TestAlpha2Table(t *testing.T) {
	if got, want := len(alpha2ByNumeric), 249; got != want {
		t.Errorf("len(alpha2ByNumeric) = %d, want %d", got, want)
	}
	seen := map[string]string{}
	for n, a := range alpha2ByNumeric {
		if len(n) != 3 || len(a) != 2 {
			t.Errorf("malformed entry %q: %q", n, a)
		}
		if prev, dup := seen[a]; dup {
			t.Errorf("alpha-2 %s used by %s and %s", a, prev, n)
		}
		seen[a] = n
	}
}

func BenchmarkContains(b *testing.B) {
	a := load50m(b)
	pts := []struct {
		code string
		p    orb.Point
	}{
		{"AF", orb.Point{69.17, 34.53}},
		{"RU", orb.Point{37.62, 55.75}},
		{"UA", orb.Point{37.62, 55.75}},
		{"IR", orb.Point{57.08, 30.28}},
		{"US", orb.Point{-120.06, 36.72}},
		{"TR", orb.Point{28.8146, 40.9769}},
		{"PK", orb.Point{71.5, 34.75}},
		{"TR", orb.Point{29.085, 40.950}},
	}
	for i := 0; b.Loop(); i++ {
		q := pts[i%len(pts)]
		a.Contains(q.code, q.p, 2)
	}
}
