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

// Feature shapes e as a GeoJSON feature with everything the map needs to draw and explain it:
// the stored fields plus the derived date span and label, the country's name (countryName
// may be nil) and the casualty ranges.
func (e *Event) Feature(countryName func(string) string) *geojson.Feature {
	f := geojson.NewFeature(e.Point)
	f.ID = e.ID
	p := f.Properties
	p["title"] = e.Title
	p["summary"] = e.Summary
	p["date"] = e.Date.String()
	p["date_precision"] = e.Date.Precision()
	p["date_label"] = e.DateLabel()
	if e.EndDate != nil {
		p["end_date"] = e.EndDate.String()
	}
	p["start"] = e.Start().Format(time.DateOnly)
	p["end"] = e.End().Format(time.DateOnly)
	p["kind"] = e.Kind
	p["actor"] = e.Actor
	p["attribution"] = e.Attribution
	p["place"] = e.Place
	p["country"] = e.Country
	if countryName != nil {
		p["country_name"] = countryName(e.Country)
	}
	p["location_precision"] = e.LocationPrecision
	p["tags"] = nonNil(e.Tags)
	p["notes"] = e.Notes
	p["sources"] = nonNil(e.Citations)
	p["links"] = nonNil(e.Links)
	p["casualties"] = e.Casualties()
	if e.UpdatedAt != "" {
		p["updated_at"] = e.UpdatedAt
	}
	return f
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
