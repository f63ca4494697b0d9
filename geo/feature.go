package geo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Range is the spread of one measure across the sources that give it, as they state it: the
// lowest and highest overall figure with each one's hedge, and Label, the one wording every
// view shows ("at least 139–145 killed"). Only a source's own overall figure counts; where a
// source gives only parts ("170 Afghans and 13 US troops"), they are never summed into a
// total that no source states.
type Range struct {
	Min          int       `json:"min"`
	Max          int       `json:"max"`
	MinQualifier Qualifier `json:"min_qualifier"`
	MaxQualifier Qualifier `json:"max_qualifier"`
	Label        string    `json:"label"`
}

// Casualties spans each measure across sources; a measure no source gives is nil.
type Casualties struct {
	Killed   *Range `json:"killed"`
	Injured  *Range `json:"injured"`
	Detained *Range `json:"detained"`
}

// Casualties returns the range of each figure across the event's sources. The sources are
// never averaged or summed: a reader sees the lowest and the highest as stated and, in the
// citations, who said what.
func (e *Event) Casualties() Casualties {
	return Casualties{Killed: e.measureRange(MeasureKilled), Injured: e.measureRange(MeasureInjured),
		Detained: e.measureRange(MeasureDetained)}
}

// measureRange spans the sources' overall figures for m. Where no source gives one, the first
// source's parts stand instead: its label names them ("170 Afghans and 13 US troops killed")
// and Min and Max span the parts, none of which is a total.
func (e *Event) measureRange(m Measure) *Range {
	var r *Range
	var parts []Figure
	for _, ci := range e.Citations {
		var own []Figure
		overall := false
		for _, f := range ci.Figures {
			if f.Measure != m {
				continue
			}
			own = append(own, f)
			if f.Subject == "" {
				overall = true
				r = widen(r, f)
			}
		}
		if !overall && parts == nil && len(own) > 0 {
			parts = own
		}
	}
	if r != nil {
		r.Label = rangeLabel(r, m)
		return r
	}
	if len(parts) == 0 {
		return nil
	}
	words := make([]string, len(parts))
	for i, f := range parts {
		r = widen(r, f)
		words[i] = f.Qualifier.Words(f.Value) + " " + f.Subject
	}
	r.Label = strings.Join(words, " and ") + " " + string(m)
	return r
}

// widen extends r to take in f; a nil r starts at f.
func widen(r *Range, f Figure) *Range {
	if r == nil {
		return &Range{Min: f.Value, Max: f.Value, MinQualifier: f.Qualifier, MaxQualifier: f.Qualifier}
	}
	if f.Value < r.Min || f.Value == r.Min && qualifierRank(f.Qualifier) < qualifierRank(r.MinQualifier) {
		r.Min, r.MinQualifier = f.Value, f.Qualifier
	}
	if f.Value > r.Max || f.Value == r.Max && qualifierRank(f.Qualifier) > qualifierRank(r.MaxQualifier) {
		r.Max, r.MaxQualifier = f.Value, f.Qualifier
	}
	return r
}

// qualifierRank orders hedges on one value from lowest to highest meaning: "almost 5" < "5" <
// "at least 5" < "more than 5".
func qualifierRank(q Qualifier) int {
	switch q {
	case QualifierAlmost, QualifierUpTo:
		return 0
	case QualifierAtLeast:
		return 2
	case QualifierMoreThan:
		return 3
	}
	return 1
}

// Words writes v with its hedge as a reader reads it: "at least 145", "more than 500", "200".
func (q Qualifier) Words(v int) string {
	n := groupThousands(v)
	if w := labelOf(QualifierTerms, q); w != "" {
		return w + " " + n
	}
	return n
}

// rangeLabel words a range of stated figures: one figure as stated ("more than 500 injured");
// two with one shared hedge, the hedge once ("at least 139–145 killed"); else each with its
// own ("almost 200 to 210 killed").
func rangeLabel(r *Range, m Measure) string {
	switch {
	case r.Min == r.Max && r.MinQualifier == r.MaxQualifier:
		return r.MinQualifier.Words(r.Min) + " " + string(m)
	case r.MinQualifier == r.MaxQualifier:
		return r.MinQualifier.Words(r.Min) + "–" + groupThousands(r.Max) + " " + string(m)
	}
	return r.MinQualifier.Words(r.Min) + " to " + r.MaxQualifier.Words(r.Max) + " " + string(m)
}

// groupThousands writes v with comma thousands separators (1,234), as the pages do.
func groupThousands(v int) string {
	s := strconv.Itoa(v)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Properties are an event feature's properties: the event's own fields as Event writes them
// to JSON (embedded, so that a field added to Event is a property at once, and no twin is
// kept in step by hand), then what is derived from them: the date's precision, label and span,
// the country's name, the reach and the casualty ranges. A struct rather than orb's map, so
// that encoding a page of features needs no map building, sorting or boxing.
type Properties struct {
	*Event
	// ID hides the event's id from the properties: a feature carries it beside them. (A nil
	// pointer with omitempty is never written, and a field of the outer struct wins over the
	// embedded one of the same name.)
	ID *struct{} `json:"id,omitempty"`

	DatePrecision DatePrecision `json:"date_precision"`
	DateLabel     string        `json:"date_label"`
	Start         string        `json:"start"`
	End           string        `json:"end"`
	CountryName   string        `json:"country_name,omitempty"`
	Reach         Reach         `json:"reach"`
	Casualties    Casualties    `json:"casualties"`
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
	stored := *e
	stored.Tags, stored.Citations, stored.Links = nonNil(e.Tags), nonNil(e.Citations), nonNil(e.Links)
	p := Properties{
		Event:         &stored,
		DatePrecision: e.Date.Precision(),
		DateLabel:     e.DateLabel(),
		Start:         e.Start().Format(time.DateOnly),
		End:           e.End().Format(time.DateOnly),
		Reach:         e.Reach(),
		Casualties:    e.Casualties(),
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
	e.SetDefaults() // files from before location roles
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
