package seed

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// Places the synthetic events cluster around, each with its country, so that a synthetic
// database looks like the real one to the indexes: dense in a few cities, spread over a decade.
var syntheticPlaces = []struct {
	country string
	point   orb.Point
}{
	{"AF", orb.Point{69.17, 34.53}}, {"AF", orb.Point{70.45, 34.43}}, {"AF", orb.Point{65.71, 31.61}},
	{"PK", orb.Point{71.52, 34.01}}, {"TJ", orb.Point{68.78, 38.56}}, {"UZ", orb.Point{69.24, 41.31}},
	{"IR", orb.Point{57.08, 30.28}}, {"IR", orb.Point{51.39, 35.69}}, {"IR", orb.Point{52.53, 29.61}},
	{"TR", orb.Point{28.98, 41.01}}, {"TR", orb.Point{32.85, 39.93}}, {"RU", orb.Point{37.62, 55.75}},
	{"RU", orb.Point{30.31, 59.94}}, {"DE", orb.Point{13.40, 52.52}}, {"DE", orb.Point{6.96, 50.94}},
	{"FR", orb.Point{2.35, 48.86}}, {"AT", orb.Point{16.37, 48.21}}, {"BE", orb.Point{4.35, 50.85}},
	{"NL", orb.Point{4.90, 52.37}}, {"SE", orb.Point{18.07, 59.33}}, {"GB", orb.Point{-0.13, 51.51}},
}

// SyntheticSources is the one source synthetic events cite.
func SyntheticSources() []geo.Source {
	return []geo.Source{{ID: "synthetic", Publication: "Westward synthetic data", Title: "Generated for benchmarks",
		Authors: []string{}, Published: geo.MustParseDate("2024")}}
}

// Synthetic yields n made-up events, the same for the same seed: points scattered up to about
// 50 km around real cities, dates from 2015 to 2024 with every precision, every kind. They are
// for measuring speed only and say nothing about the world.
func Synthetic(n int, seed int64) iter.Seq[*geo.Event] {
	return func(yield func(*geo.Event) bool) {
		r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
		for i := 0; i < n; i++ {
			if !yield(syntheticEvent(r, i)) {
				return
			}
		}
	}
}

func syntheticEvent(r *rand.Rand, i int) *geo.Event {
	pl := syntheticPlaces[r.IntN(len(syntheticPlaces))]
	// a normal scatter of about 0.2° (≈ 20 km), capped so points stay near their city
	dx := math.Max(-0.5, math.Min(0.5, r.NormFloat64()*0.2))
	dy := math.Max(-0.5, math.Min(0.5, r.NormFloat64()*0.2))
	year := 2015 + r.IntN(10)
	month := 1 + r.IntN(12)
	var date string
	switch p := r.IntN(10); {
	case p < 7:
		date = fmt.Sprintf("%04d-%02d-%02d", year, month, 1+r.IntN(28))
	case p < 9:
		date = fmt.Sprintf("%04d-%02d", year, month)
	default:
		date = fmt.Sprintf("%04d", year)
	}
	kind := geo.Kinds[r.IntN(len(geo.Kinds))]
	e := &geo.Event{
		ID:                fmt.Sprintf("synthetic-%07d", i),
		Title:             fmt.Sprintf("Synthetic %s %d", kind, i),
		Summary:           "A made-up event for benchmarks.",
		Date:              geo.MustParseDate(date),
		Kind:              kind,
		Actor:             geo.Actors[r.IntN(len(geo.Actors))],
		Attribution:       geo.Attributions[r.IntN(len(geo.Attributions))],
		Place:             "Synthetic place",
		Country:           pl.country,
		Point:             orb.Point{round(pl.point[0]+dx, 4), round(pl.point[1]+dy, 4)},
		LocationPrecision: geo.LocationCity,
		LocationRole:      syntheticRole(kind),
		Tags:              []string{"synthetic"},
		Citations: []geo.Citation{{SourceID: "synthetic", Quotes: []string{"Synthetic."},
			Figures: []geo.Figure{{Measure: geo.MeasureKilled, Value: r.IntN(50), Qualifier: geo.QualifierExact}}}},
	}
	for _, f := range geo.EventEnums { // a field added since: any of its values
		if f.Get(e) == "" {
			f.Set(e, f.Terms[r.IntN(len(f.Terms))].Value)
		}
	}
	return e
}

// syntheticRole is the role a curator would give a point of kind k.
func syntheticRole(k geo.Kind) geo.LocationRole {
	switch k {
	case geo.KindThreat, geo.KindFoiledPlot:
		return geo.RoleTarget
	case geo.KindPropaganda:
		return geo.RoleAudience
	}
	return geo.RoleOccurrence
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
