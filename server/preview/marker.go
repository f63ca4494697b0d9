package preview

import (
	"image"
	"image/color"
	"math"
	"sort"

	"github.com/westward/westward/geo"
)

// style is a marker's look, as the page's markerStyle (static/js/map/events-canvas.js) gives it.
type style struct {
	color       color.RGBA // kind colour: fill, and the ring unless edge says otherwise
	ring        color.RGBA
	ringOpacity float64
	weight      float32
	dash        []float32
	fillOpacity float64
	target      bool
}

// fillByPrecision fades a marker by how little is known of its date.
var fillByPrecision = map[geo.DatePrecision]float64{
	geo.PrecisionDay: 0.88, geo.PrecisionMonth: 0.5, geo.PrecisionSeason: 0.3, geo.PrecisionYear: 0.18,
}

// markerStyle draws what the sources support: the fill says how exactly the date is known,
// the ring how the reach rule counts the event (a plain edge for presence, dashed when alleged,
// hollow when only named), and a bull's-eye marks a point that stands for a target.
func markerStyle(e *geo.Event) style {
	c, ok := KindColor[e.Kind]
	if !ok {
		c = hex(0x6b7280)
	}
	fill, ok := fillByPrecision[e.Date.Precision()]
	if !ok {
		fill = fillByPrecision[geo.PrecisionYear]
	}
	s := style{color: c, ring: c, target: e.LocationRole == geo.RoleTarget}
	switch {
	case e.Reach() == geo.ReachNamed:
		s.weight, s.ringOpacity, s.fillOpacity = 2, 1, 0.06
	case e.Reach() == geo.ReachAlleged:
		s.weight, s.ringOpacity, s.dash, s.fillOpacity = 1.6, 1, []float32{3, 2}, fill*0.8
	case e.Date.Precision() == geo.PrecisionDay:
		s.ring, s.weight, s.ringOpacity, s.fillOpacity = edge, 1, 0.95, fill
	default:
		s.weight, s.ringOpacity, s.fillOpacity = 1.4, 0.9, fill
	}
	return s
}

// Radius sizes a marker by the highest killed figure, so area tracks the toll
// (static/js/map/events.js radiusFor), in the whole pixels Leaflet's canvas draws.
func Radius(e *geo.Event) float32 {
	r := 4.0
	if k := e.Casualties().Killed; k != nil && k.Max > 0 {
		r = math.Min(20, 4+1.25*math.Sqrt(float64(k.Max)))
	}
	return float32(math.Max(math.Round(r), 1))
}

// drawEvents draws the events as the page repaints them: big markers under small ones,
// equal sizes in time order, and the selected event on top inside the page's double ring.
func drawEvents(dst *image.RGBA, m mercator, events []*geo.Event, selected string) {
	type marker struct {
		e    *geo.Event
		r    float32
		x, y float32
	}
	ms := make([]marker, 0, len(events))
	var sel *marker
	view := dst.Bounds()
	for _, e := range events {
		x, y := m.pixel(e.Point)
		r := Radius(e)
		if x+r+4 < float32(view.Min.X) || y+r+4 < float32(view.Min.Y) || x-r-4 > float32(view.Max.X) || y-r-4 > float32(view.Max.Y) {
			continue
		}
		ms = append(ms, marker{e, r, x, y})
	}
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.r != b.r {
			return a.r > b.r
		}
		if !a.e.Start().Equal(b.e.Start()) {
			return a.e.Start().Before(b.e.Start())
		}
		return a.e.ID < b.e.ID
	})
	p := &painter{dst: dst}
	for i := range ms {
		if ms[i].e.ID == selected {
			sel = &ms[i]
			continue
		}
		drawMarker(p, ms[i].e, ms[i].x, ms[i].y, ms[i].r)
	}
	if sel != nil {
		drawMarker(p, sel.e, sel.x, sel.y, sel.r)
		ring := circle(sel.x, sel.y, sel.r+4)
		p.stroke([][]pt{ring}, true, 6, nil, edge)
		p.stroke([][]pt{ring}, true, 2.5, nil, hex(0x16181d))
	}
}

func drawMarker(p *painter, e *geo.Event, x, y, r float32) {
	s := markerStyle(e)
	ring := circle(x, y, r)
	p.fill([][]pt{ring}, image.NewUniform(withAlpha(s.color, s.fillOpacity)))
	p.stroke([][]pt{ring}, true, s.weight, s.dash, withAlpha(s.ring, s.ringOpacity))
	if s.target && r >= 4 {
		p.stroke([][]pt{circle(x, y, max(1.5, r*0.45))}, true, 1.2, nil, s.color)
	}
}
