package geo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Range is the spread of one measure across the sources that give it.
type Range struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Casualties spans each measure across sources; a measure no source gives is nil.
type Casualties struct {
	Killed   *Range `json:"killed"`
	Injured  *Range `json:"injured"`
	Detained *Range `json:"detained"`
}

// Casualties returns the range of each figure across the event's sources. The sources are
// never averaged: a reader sees the lowest and the highest and, in the citations, who said what.
// A source's figure for a measure is its overall one or, where it gives only parts ("170
// Afghans and 13 US troops"), the sum of its parts.
func (e *Event) Casualties() Casualties {
	var c Casualties
	for _, ci := range e.Citations {
		for _, m := range Measures {
			v, ok := ci.total(m)
			if !ok {
				continue
			}
			r := map[Measure]**Range{MeasureKilled: &c.Killed, MeasureInjured: &c.Injured, MeasureDetained: &c.Detained}[m]
			if *r == nil {
				*r = &Range{Min: v, Max: v}
				continue
			}
			(*r).Min = min((*r).Min, v)
			(*r).Max = max((*r).Max, v)
		}
	}
	return c
}

// total is the citation's figure for m: its overall figure, else the sum of its parts.
func (c *Citation) total(m Measure) (int, bool) {
	sum, found := 0, false
	for _, f := range c.Figures {
		if f.Measure != m {
			continue
		}
		if f.Subject == "" {
			return f.Value, true
		}
		sum, found = sum+f.Value, true
	}
	return sum, found
}

// Properties are an event feature's properties: the stored fields plus the derived date span
// and label, the country's name and the casualty ranges. A struct rather than orb's map, so
// that encoding a page of features needs no map building, sorting or boxing.
type Properties struct {
	Title             string            `json:"title"`
	Summary           string            `json:"summary"`
	Date              string            `json:"date"`
	DatePrecision     DatePrecision     `json:"date_precision"`
	DateLabel         string            `json:"date_label"`
	EndDate           string            `json:"end_date,omitempty"`
	Start             string            `json:"start"`
	End               string            `json:"end"`
	Kind              Kind              `json:"kind"`
	Actor             Actor             `json:"actor"`
	Attribution       Attribution       `json:"attribution"`
	Place             string            `json:"place"`
	Country           string            `json:"country"`
	CountryName       string            `json:"country_name,omitempty"`
	LocationPrecision LocationPrecision `json:"location_precision"`
	Tags              []string          `json:"tags"`
	Notes             string            `json:"notes"`
	Sources           []Citation        `json:"sources"`
	Links             []Link            `json:"links"`
	Casualties        Casualties        `json:"casualties"`
	UpdatedAt         string            `json:"updated_at,omitempty"`
}

// Feature is an event as a GeoJSON feature.
type Feature = geojson.FeatureOf[Properties]

// FeatureCollection is a page of event features.
type FeatureCollection = geojson.FeatureCollectionOf[Properties]

// NewFeatureCollection returns an empty collection.
func NewFeatureCollection() *FeatureCollection {
	return &FeatureCollection{Type: "FeatureCollection", Features: []*Feature{}}
}

// Feature shapes e as a GeoJSON feature with everything the map needs to draw and explain it.
// countryName may be nil, and the feature then has no country_name.
func (e *Event) Feature(countryName func(string) string) *Feature {
	p := Properties{
		Title:             e.Title,
		Summary:           e.Summary,
		Date:              e.Date.String(),
		DatePrecision:     e.Date.Precision(),
		DateLabel:         e.DateLabel(),
		Start:             e.Start().Format(time.DateOnly),
		End:               e.End().Format(time.DateOnly),
		Kind:              e.Kind,
		Actor:             e.Actor,
		Attribution:       e.Attribution,
		Place:             e.Place,
		Country:           e.Country,
		LocationPrecision: e.LocationPrecision,
		Tags:              nonNil(e.Tags),
		Notes:             e.Notes,
		Sources:           nonNil(e.Citations),
		Links:             nonNil(e.Links),
		Casualties:        e.Casualties(),
		UpdatedAt:         e.UpdatedAt,
	}
	if e.EndDate != nil {
		p.EndDate = e.EndDate.String()
	}
	if countryName != nil {
		p.CountryName = countryName(e.Country)
	}
	return &Feature{ID: e.ID, Type: "Feature", Geometry: e.Point, Properties: p}
}

// DateLabel is the event's date for a reader, with its end where it has one.
func (e *Event) DateLabel() string {
	if e.EndDate == nil {
		return e.Date.Label()
	}
	return e.Date.Label() + " – " + e.EndDate.Label()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// EventFromFeature reads an event from a GeoJSON feature whose properties hold the Event
// fields; derived properties (date_label, casualties, …) are ignored.
func EventFromFeature(f *geojson.Feature) (*Event, error) {
	pt, ok := f.Geometry.(orb.Point)
	if !ok {
		return nil, ParamError("geometry", "want a Point, got %T", f.Geometry)
	}
	b, err := json.Marshal(f.Properties)
	if err != nil {
		return nil, err
	}
	var e Event
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, ParamError("properties", "%v", err)
	}
	id, ok := f.ID.(string)
	if !ok {
		return nil, ParamError("id", "want a string feature id, got %v", f.ID)
	}
	e.ID = id
	e.Point = pt
	return &e, nil
}

// MarshalJSON writes a link's point as GeoJSON-ordered [lon, lat] coordinates.
func (l Link) MarshalJSON() ([]byte, error) {
	type plain Link
	return json.Marshal(struct {
		plain
		Coordinates [2]float64 `json:"coordinates"`
	}{plain(l), [2]float64{l.Point[0], l.Point[1]}})
}

// UnmarshalJSON reads a link with [lon, lat] coordinates.
func (l *Link) UnmarshalJSON(b []byte) error {
	type plain Link
	var v struct {
		plain
		Coordinates []float64 `json:"coordinates"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if len(v.Coordinates) != 2 {
		return fmt.Errorf("link coordinates: want [lon, lat], got %v", v.Coordinates)
	}
	*l = Link(v.plain)
	l.Point = orb.Point{v.Coordinates[0], v.Coordinates[1]}
	return nil
}
