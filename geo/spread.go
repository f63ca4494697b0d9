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

// FirstReached is the first event of a reach class in a country: the one that makes the
// country count earliest, that is, whose date span ends first. An event known only to a
// year, season or month could have happened on any day of its span, so the country counts
// from FirstDateLatest, the span's last day, never from its first.
type FirstReached struct {
	Country         string        `json:"country"`
	Name            string        `json:"name,omitempty"`
	FirstDate       string        `json:"first_date"`
	FirstDateLatest string        `json:"first_date_latest"`
	DatePrecision   DatePrecision `json:"date_precision"`
	EventID         string        `json:"event"`
}

// FrontierStep is a moment the frontier moved out: the counted event that, by the last day
// its date could be, lies farther from Base than any counted before it.
type FrontierStep struct {
	Date          string        `json:"date"`
	DateEarliest  string        `json:"date_earliest"`
	DatePrecision DatePrecision `json:"date_precision"`
	DistanceKm    float64       `json:"distance_km"`
	EventID       string        `json:"event"`
	Place         string        `json:"place"`
	Country       string        `json:"country"`
}

// RuleDoc is a reach rule as the API states it.
type RuleDoc struct {
	Actors         []Actor `json:"actors"`
	IncludeAlleged bool    `json:"include_alleged"`
	Text           string  `json:"text"`
}

// Spread is how far, and into which countries, a set of events had reached over time under a
// reach rule. Countries and Frontier hold what the rule counts; Alleged lists the countries
// with presence the sources only allege or dispute (empty when the rule counts it), and Named
// the countries threats and propaganda name, each by its first such event: they are shown and
// counted apart, never as reached.
type Spread struct {
	Base      Place          `json:"base"`
	Rule      RuleDoc        `json:"rule"`
	Countries []FirstReached `json:"countries"`
	Frontier  []FrontierStep `json:"frontier"`
	Alleged   []FirstReached `json:"alleged"`
	Named     []FirstReached `json:"named"`
}

// DistanceKm is the great-circle distance from Base to p, in kilometres (orb's haversine, on a
// sphere of WGS 84's equatorial radius, 6,378.137 km; an ellipsoidal geodesic differs by under
// 0.5%, well below the precision of a city-level point). The page measures with the same
// radius (static/js/map/reach.js).
func DistanceKm(p orb.Point) float64 {
	return orbgeo.DistanceHaversine(Base.Point, p) / 1000
}

// ComputeSpread works out, from events in any order that already pass the reader's filters
// (the rule's actors among them), the first counted event per country, the frontier's steps
// and the countries alleged and named apart. Events are taken by the last day their date
// could be, then the first, then id, so the result does not depend on the input order.
// countryName may be nil.
func ComputeSpread(events []*Event, rule ReachRule, countryName func(string) string) Spread {
	sorted := make([]*Event, len(events))
	copy(sorted, events)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if !a.End().Equal(b.End()) {
			return a.End().Before(b.End())
		}
		if !a.Start().Equal(b.Start()) {
			return a.Start().Before(b.Start())
		}
		return a.ID < b.ID
	})
	s := Spread{Base: Base, Rule: RuleDoc{Actors: nonNilActors(rule.Actors), IncludeAlleged: rule.IncludeAlleged, Text: rule.Text()},
		Countries: []FirstReached{}, Frontier: []FrontierStep{}, Alleged: []FirstReached{}, Named: []FirstReached{}}
	first := func(list *[]FirstReached, seen map[string]bool, e *Event, code string) {
		if seen[code] {
			return
		}
		seen[code] = true
		fr := FirstReached{Country: code, FirstDate: e.Start().Format(time.DateOnly),
			FirstDateLatest: e.End().Format(time.DateOnly), DatePrecision: e.Date.Precision(), EventID: e.ID}
		if countryName != nil {
			fr.Name = countryName(code)
		}
		*list = append(*list, fr)
	}
	reached, alleged, named := map[string]bool{}, map[string]bool{}, map[string]bool{}
	farthest := -1.0
	for _, e := range sorted {
		class := e.Reach()
		switch {
		case rule.Counts(class):
			first(&s.Countries, reached, e, e.Country)
			if d := DistanceKm(e.Point); d > farthest {
				farthest = d
				s.Frontier = append(s.Frontier, FrontierStep{
					Date: e.End().Format(time.DateOnly), DateEarliest: e.Start().Format(time.DateOnly),
					DatePrecision: e.Date.Precision(), DistanceKm: math.Round(d*10) / 10, EventID: e.ID,
					Place: e.Place, Country: e.Country,
				})
			}
		case class == ReachAlleged:
			first(&s.Alleged, alleged, e, e.Country)
		default:
			first(&s.Named, named, e, e.Country)
		}
		for _, l := range e.Links {
			if l.Role == LinkTarget {
				first(&s.Named, named, e, l.Country)
			}
		}
	}
	return s
}

func nonNilActors(a []Actor) []Actor {
	if a == nil {
		return []Actor{}
	}
	return a
}
