package geo

import (
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Base is where distances are measured from: eastern Afghanistan, which the sources name as
// the group's main stronghold ("the eastern and north-eastern parts of the country", OSW;
// "safe havens in eastern Afghanistan", CNN). The point stands for that region, at region
// precision, as the founding event does; it is a reference for distances, not an event.
var Base = Place{Name: "Eastern Afghanistan", Country: "AF", Point: orb.Point{70.6, 34.6}}

// Place is a named point.
type Place struct {
	Name    string    `json:"name"`
	Country string    `json:"country"`
	Point   orb.Point `json:"coordinates"`
}

// FirstReached is the first event in a country.
type FirstReached struct {
	Country   string `json:"country"`
	Name      string `json:"name,omitempty"`
	FirstDate string `json:"first_date"`
	EventID   string `json:"event"`
}

// FrontierStep is a moment the frontier moved out: the event that, by its date, lies farther
// from Base than any before it.
type FrontierStep struct {
	Date       string  `json:"date"`
	DistanceKm float64 `json:"distance_km"`
	EventID    string  `json:"event"`
	Place      string  `json:"place"`
	Country    string  `json:"country"`
}

// Spread is how far, and into which countries, a set of events had reached over time.
type Spread struct {
	Base      Place          `json:"base"`
	Countries []FirstReached `json:"countries"`
	Frontier  []FrontierStep `json:"frontier"`
}

// DistanceKm is the great-circle distance from Base to p, in kilometres (haversine on a sphere
// of the WGS 84 mean radius; an ellipsoidal geodesic differs by under 0.5%, well below the
// precision of a city-level point).
func DistanceKm(p orb.Point) float64 {
	return orbgeo.DistanceHaversine(Base.Point, p) / 1000
}

// ComputeSpread works out, from events in any order, the first event per country and the steps
// of the frontier. Events are taken by the first day they cover, ties broken by id, so the
// result does not depend on the input order. countryName may be nil.
func ComputeSpread(events []*Event, countryName func(string) string) Spread {
	sorted := make([]*Event, len(events))
	copy(sorted, events)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if !a.Start().Equal(b.Start()) {
			return a.Start().Before(b.Start())
		}
		return a.ID < b.ID
	})
	s := Spread{Base: Base, Countries: []FirstReached{}, Frontier: []FrontierStep{}}
	seen := map[string]bool{}
	farthest := -1.0
	for _, e := range sorted {
		day := e.Start().Format(time.DateOnly)
		if !seen[e.Country] {
			seen[e.Country] = true
			fr := FirstReached{Country: e.Country, FirstDate: day, EventID: e.ID}
			if countryName != nil {
				fr.Name = countryName(e.Country)
			}
			s.Countries = append(s.Countries, fr)
		}
		if d := DistanceKm(e.Point); d > farthest {
			farthest = d
			s.Frontier = append(s.Frontier, FrontierStep{
				Date: day, DistanceKm: math.Round(d*10) / 10, EventID: e.ID, Place: e.Place, Country: e.Country,
			})
		}
	}
	return s
}
