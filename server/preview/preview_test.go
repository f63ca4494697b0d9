package preview

import (
	"image/color"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

func TestRender_markersByStyle(t *testing.T) {
	ev := func(id string, kind geo.Kind, date string, lon float64) *geo.Event {
		return &geo.Event{ID: id, Kind: kind, Date: geo.MustParseDate(date), Attribution: geo.AttributionClaimed,
			LocationRole: geo.RoleOccurrence, Point: orb.Point{lon, 0}}
	}
	scene := Scene{Frame: geo.MapPosition{Zoom: 5, Lat: 0, Lng: 0}, Title: "t", Date: "d", Credit: "c",
		Events: []*geo.Event{ev("day", geo.KindArrest, "2024-03-22", 0), ev("year", geo.KindArrest, "2024", 2)}}
	// Rendered at once by several requests, as the server does (the band's font is shared).
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { Render(scene) })
	}
	wg.Wait()
	img := Render(scene)
	mix := func(c color.RGBA, a float64) color.RGBA {
		m := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
		return color.RGBA{m(c.R, Sea.R), m(c.G, Sea.G), m(c.B, Sea.B), 255}
	}
	near := func(got color.Color, want color.RGBA) bool {
		r, g, b, _ := got.RGBA()
		d := func(x uint32, y uint8) bool { v := int(x>>8) - int(y); return v >= -2 && v <= 2 }
		return d(r, want.R) && d(g, want.G) && d(b, want.B)
	}
	arrest := KindColor[geo.KindArrest]
	// An exact day is filled at 0.88, a year at 0.18 (no atlas: over the sea).
	if got, want := img.At(Width/2, mapHeight/2), mix(arrest, 0.88); !near(got, want) {
		t.Errorf("exact day: %v, want %v", got, want)
	}
	m := newMercator(scene.Frame, Width, mapHeight)
	x, y := m.pixel(orb.Point{2, 0})
	if got, want := img.At(int(x), int(y)), mix(arrest, 0.18); !near(got, want) {
		t.Errorf("year: %v, want %v", got, want)
	}
	if got := img.At(5, mapHeight+5); !near(got, bandColor) {
		t.Errorf("band: %v", got)
	}
}
