package country

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// scanSteps are the grid spacings of the country scan, in degrees: coarse first, because a
// large country is found at once and a point test against Russia's coastline is costly; the
// last, about 11 m, is finer than the smallest country in the atlas (Vatican City).
var scanSteps = []float64{5, 1, 0.1, 0.01, 0.001, 0.0001}

// enoughCells is how many grid cells inside a country make a grid fine enough to choose from.
const enoughCells = 12

// Representative returns a point well inside the country, for facts known only to the
// country: in its main body and away from its borders, as a centroid would be if it always
// fell inside. It is not the capital, on purpose. It is worked out once per country and
// remembered.
func (a *Atlas) Representative(alpha2 string) (orb.Point, bool) {
	code := strings.ToUpper(alpha2)
	if p, ok := a.centres.Load(code); ok {
		return p.(orb.Point), true
	}
	if _, ok := a.byCode[code]; !ok {
		return orb.Point{}, false
	}
	p, ok := a.scanCountry(code)
	if ok {
		a.centres.Store(code, p)
	}
	return p, ok
}

// cell is one cell of a scan grid, by column (from -180°) and row (from -90°).
type cell struct{ x, y int }

// scanCountry finds a representative point using nothing but the atlas's point tests, so it
// is right for any shape, however the polygons are split. It tests the centres of a 5° grid over the globe;
// while fewer than enoughCells lie in the country, it keeps the cells whose centre is within
// half a diagonal of the country, which are the only cells the country can touch, and tests
// the next, finer grid inside them. Of the cells found inside, it takes the largest
// connected group, by area, and in it the cell farthest from the group's edge, so the point
// is in the country's main body and away from its borders, as a centroid would be if it
// always fell inside.
func (a *Atlas) scanCountry(code string) (orb.Point, bool) {
	var parents []cell // nil: the whole globe
	for level, step := range scanSteps {
		nx := int(math.Round(360 / step))
		centre := func(c cell) orb.Point {
			return orb.Point{round6(-180 + (float64(c.x)+0.5)*step), round6(-90 + (float64(c.y)+0.5)*step)}
		}
		var cells []cell
		if level == 0 {
			for y := range int(math.Round(180 / step)) {
				for x := range nx {
					cells = append(cells, cell{x, y})
				}
			}
		} else {
			f := int(math.Round(scanSteps[level-1] / step))
			for _, p := range parents {
				for dy := range f {
					for dx := range f {
						cells = append(cells, cell{p.x*f + dx, p.y*f + dy})
					}
				}
			}
		}
		inside := map[cell]bool{}
		for _, c := range cells {
			if a.Contains(code, centre(c), 0) {
				inside[c] = true
			}
		}
		last := level == len(scanSteps)-1
		if len(inside) >= enoughCells || len(inside) > 0 && last {
			return centre(innermost(inside, nx, step)), true
		}
		// Any cell the country touches has its centre inside the country or within half a
		// diagonal of its boundary; a little more allows for the projection behind Contains.
		tol := 0.5*math.Sqrt2*step*kmPerDegree*1.01 + 0.01
		parents = parents[:0:0]
		for _, c := range cells {
			if inside[c] || a.Contains(code, centre(c), tol) {
				parents = append(parents, c)
			}
		}
		if len(parents) == 0 {
			break
		}
	}
	return orb.Point{}, false
}

// innermost picks, from the cells inside a country, the cell of the largest 4-connected group
// (weighted by the cosine of latitude, so polar cells count for their real area) that is
// farthest, in cell steps, from the group's edge; ties go to the cell nearest the group's mean,
// then to the first in scan order, so the answer is deterministic. Columns wrap at ±180°.
func innermost(inside map[cell]bool, nx int, step float64) cell {
	neighbours := func(c cell) [4]cell {
		return [4]cell{{(c.x + 1) % nx, c.y}, {(c.x - 1 + nx) % nx, c.y}, {c.x, c.y + 1}, {c.x, c.y - 1}}
	}
	weight := func(c cell) float64 { return math.Cos((-90 + (float64(c.y)+0.5)*step) * math.Pi / 180) }

	seen := map[cell]bool{}
	var best []cell
	bestArea := -1.0
	for _, start := range sortedCells(inside) {
		if seen[start] {
			continue
		}
		group := []cell{start}
		seen[start] = true
		area := 0.0
		for i := 0; i < len(group); i++ {
			area += weight(group[i])
			for _, n := range neighbours(group[i]) {
				if inside[n] && !seen[n] {
					seen[n] = true
					group = append(group, n)
				}
			}
		}
		if area > bestArea {
			best, bestArea = group, area
		}
	}

	// Breadth-first distance from the group's edge cells.
	member := map[cell]bool{}
	for _, c := range best {
		member[c] = true
	}
	dist := map[cell]int{}
	var queue []cell
	for _, c := range best {
		for _, n := range neighbours(c) {
			if !member[n] {
				dist[c] = 0
				queue = append(queue, c)
				break
			}
		}
	}
	for i := 0; i < len(queue); i++ {
		c := queue[i]
		for _, n := range neighbours(c) {
			if _, done := dist[n]; member[n] && !done {
				dist[n] = dist[c] + 1
				queue = append(queue, n)
			}
		}
	}

	var mx, my float64
	for _, c := range best {
		mx += float64(c.x)
		my += float64(c.y)
	}
	mx /= float64(len(best))
	my /= float64(len(best))
	pick, pickDist, pickD2 := best[0], -1, math.Inf(1)
	for _, c := range sortedCells(member) {
		d, ok := dist[c]
		if !ok {
			d = len(best) // a group with no edge (cannot happen on a finite globe)
		}
		d2 := (float64(c.x)-mx)*(float64(c.x)-mx) + (float64(c.y)-my)*(float64(c.y)-my)
		if d > pickDist || d == pickDist && d2 < pickD2 {
			pick, pickDist, pickD2 = c, d, d2
		}
	}
	return pick
}

// sortedCells returns the cells of set in scan order, row by row, so that map iteration
// order never shows in the result.
func sortedCells(set map[cell]bool) []cell {
	out := make([]cell, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b cell) int { return cmp.Or(cmp.Compare(a.y, b.y), cmp.Compare(a.x, b.x)) })
	return out
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
