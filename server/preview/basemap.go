package preview

import (
	"image"
	"image/color"

	"github.com/paulmach/orb"
)

// drawBasemap paints every country of the atlas as the page's basemap does (static/js/map/basemap.js):
// land, reached countries tinted, alleged hatched, named outlined with a dashed accent line,
// and the borders over them.
func drawBasemap(dst *image.RGBA, m mercator, s Scene) {
	if s.Atlas == nil {
		return
	}
	p := &painter{dst: dst}
	land, reached, alleged := image.NewUniform(Land), image.NewUniform(Reached), hatch{}
	var outlines, named [][]pt
	for _, code := range s.Atlas.Codes() {
		rings := project(m, s.Atlas.Polygons(code), dst.Bounds())
		if len(rings) == 0 {
			continue
		}
		var src image.Image = land
		switch {
		case s.Reached[code]:
			src = reached
		case s.Alleged[code]:
			src = alleged
		case s.Named[code]:
			named = append(named, rings...)
		}
		p.fill(rings, src)
		outlines = append(outlines, rings...)
	}
	p.stroke(outlines, true, 0.8, nil, Borders)
	p.stroke(named, true, 1.2, []float32{3, 3}, withAlpha(Accent, 0.8))
}

// project turns polygons into rings of pixels, leaving out those wholly off the map and
// points closer than half a pixel to the last kept one.
func project(m mercator, polys []orb.Polygon, view image.Rectangle) [][]pt {
	var out [][]pt
	for _, poly := range polys {
		b := poly.Bound()
		x0, y0 := m.pixel(orb.Point{b.Min[0], b.Max[1]})
		x1, y1 := m.pixel(orb.Point{b.Max[0], b.Min[1]})
		if x1 < float32(view.Min.X) || y1 < float32(view.Min.Y) || x0 > float32(view.Max.X) || y0 > float32(view.Max.Y) {
			continue
		}
		for _, ring := range poly {
			r := make([]pt, 0, len(ring))
			for _, q := range ring {
				x, y := m.pixel(q)
				if n := len(r); n > 0 && abs32(x-r[n-1].x) < 0.5 && abs32(y-r[n-1].y) < 0.5 {
					continue
				}
				r = append(r, pt{x, y})
			}
			if len(r) >= 3 {
				out = append(out, r)
			}
		}
	}
	return out
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// hatch is the page's pattern for alleged presence: diagonal stripes of the reached tint,
// edged faintly with the accent, over land, every 8 pixels.
type hatch struct{}

func (hatch) ColorModel() color.Model { return color.RGBAModel }
func (hatch) Bounds() image.Rectangle {
	return image.Rect(-1e9, -1e9, 1e9, 1e9)
}
func (hatch) At(x, y int) color.Color {
	switch d := ((x+y)%8 + 8) % 8; {
	case d == 7:
		return blend(Reached, Accent, 0.35)
	case d >= 6 || d == 0:
		return Reached
	}
	return Land
}

// blend paints b over a at opacity t.
func blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
