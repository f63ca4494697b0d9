package preview

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/vector"
)

// pt is a point in the map's pixels.
type pt struct{ x, y float32 }

// painter fills paths on an image with one reusable rasteriser, sized to each path's box so
// that a small shape costs little on a large image.
type painter struct {
	dst *image.RGBA
	r   vector.Rasterizer
}

// fill paints the closed rings with src (non-zero winding: holes wound the other way stay
// empty, as the atlas's are).
func (p *painter) fill(rings [][]pt, src image.Image) {
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, ring := range rings {
		for _, q := range ring {
			minX, minY = min(minX, q.x), min(minY, q.y)
			maxX, maxY = max(maxX, q.x), max(maxY, q.y)
		}
	}
	box := image.Rect(int(math.Floor(float64(minX))), int(math.Floor(float64(minY))),
		int(math.Ceil(float64(maxX)))+1, int(math.Ceil(float64(maxY)))+1).Intersect(p.dst.Bounds())
	if box.Empty() {
		return
	}
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	p.r.Reset(box.Dx(), box.Dy())
	for _, ring := range rings {
		if len(ring) < 3 {
			continue
		}
		p.r.MoveTo(ring[0].x-ox, ring[0].y-oy)
		for _, q := range ring[1:] {
			p.r.LineTo(q.x-ox, q.y-oy)
		}
		p.r.ClosePath()
	}
	p.r.Draw(p.dst, box, src, box.Min)
}

// stroke paints a line of width w along each polyline (closed when close is set), dashed by
// dash (on, off lengths in pixels) when it is given. Each segment is a quadrilateral wound the
// same way, so overlaps add up rather than cancel.
func (p *painter) stroke(lines [][]pt, close bool, w float32, dash []float32, c color.Color) {
	var quads [][]pt
	hw := w / 2
	seg := func(a, b pt) {
		dx, dy := b.x-a.x, b.y-a.y
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l == 0 {
			return
		}
		// Extend each end by half the width: square caps that close the joins.
		ux, uy := dx/l*hw, dy/l*hw
		nx, ny := -uy, ux
		a = pt{a.x - ux, a.y - uy}
		b = pt{b.x + ux, b.y + uy}
		quads = append(quads, []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}})
	}
	for _, line := range lines {
		if close && len(line) > 1 {
			line = append(line[:len(line):len(line)], line[0])
		}
		if len(dash) == 0 {
			for i := 1; i < len(line); i++ {
				seg(line[i-1], line[i])
			}
			continue
		}
		dashed(line, dash, seg)
	}
	if len(quads) > 0 {
		p.fill(quads, image.NewUniform(c))
	}
}

// dashed calls seg for each dash of the polyline.
func dashed(line []pt, dash []float32, seg func(a, b pt)) {
	i, left, on := 0, dash[0], true
	for k := 1; k < len(line); k++ {
		a, b := line[k-1], line[k]
		l := float32(math.Hypot(float64(b.x-a.x), float64(b.y-a.y)))
		for pos := float32(0); pos < l; {
			step := min(left, l-pos)
			if on {
				f0, f1 := pos/l, (pos+step)/l
				seg(pt{a.x + (b.x-a.x)*f0, a.y + (b.y-a.y)*f0}, pt{a.x + (b.x-a.x)*f1, a.y + (b.y-a.y)*f1})
			}
			pos += step
			left -= step
			if left <= 0 {
				i = (i + 1) % len(dash)
				left, on = dash[i], !on
			}
		}
	}
}

// circle is a ring of points around (x, y).
func circle(x, y, r float32) []pt {
	n := max(16, int(r*4))
	out := make([]pt, n)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(n)
		out[i] = pt{x + r*float32(math.Cos(a)), y + r*float32(math.Sin(a))}
	}
	return out
}

// withAlpha is c at opacity a, for drawing over what is there.
func withAlpha(c color.RGBA, a float64) color.NRGBA {
	return color.NRGBA{c.R, c.G, c.B, uint8(math.Round(a * 255))}
}
