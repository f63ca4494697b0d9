package country

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Representative returns a point well inside the country, for facts known only to the
// country: the centroid of its largest polygon when that lies inside it, else the inside
// point of a grid over that polygon nearest to the centroid. It is not the capital, on purpose.
func (a *Atlas) Representative(alpha2 string) (orb.Point, bool) {
	e, ok := a.byCode[strings.ToUpper(alpha2)]
	if !ok || len(e.polygons) == 0 {
		return orb.Point{}, false
	}
	largest, area := 0, -1.0
	for i, p := range e.polygons {
		if ar := math.Abs(planar.Area(p)); ar > area {
			largest, area = i, ar
		}
	}
	poly := e.polygons[largest]
	c, _ := planar.CentroidArea(poly)
	if planar.PolygonContains(poly, c) {
		return round2(c), true
	}
	b := e.polBounds[largest]
	best, bestD := orb.Point{}, math.Inf(1)
	const steps = 40
	for i := 1; i < steps; i++ {
		for j := 1; j < steps; j++ {
			p := orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/steps, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/steps}
			if d := math.Hypot(p[0]-c[0], p[1]-c[1]); d < bestD && planar.PolygonContains(poly, p) {
				best, bestD = p, d
			}
		}
	}
	return round2(best), !math.IsInf(bestD, 1)
}

func round2(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*100) / 100, math.Round(p[1]*100) / 100}
}

// Find returns the code of the country whose Natural Earth name is name, ignoring case.
func (a *Atlas) Find(name string) (string, bool) {
	name = strings.TrimSpace(name)
	for _, code := range a.codes {
		if strings.EqualFold(a.byCode[code].name, name) {
			return code, true
		}
	}
	return "", false
}
