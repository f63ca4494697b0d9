package preview

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// mercator is Leaflet's spherical Web Mercator at a zoom level: the world is 256·2^zoom
// pixels wide, and the frame's centre falls on the middle of the map.
type mercator struct {
	scale  float64 // world width in pixels
	dx, dy float64 // pixel offset of the map's top-left corner in world pixels
}

func newMercator(f geo.MapPosition, w, h int) mercator {
	m := mercator{scale: 256 * math.Exp2(f.Zoom)}
	cx, cy := m.world(orb.Point{f.Lng, f.Lat})
	m.dx, m.dy = cx-float64(w)/2, cy-float64(h)/2
	return m
}

// world is p's position in world pixels.
func (m mercator) world(p orb.Point) (float64, float64) {
	lat := math.Max(-85.0511287798, math.Min(85.0511287798, p[1])) * math.Pi / 180
	x := (p[0] + 180) / 360 * m.scale
	y := (1 - math.Log(math.Tan(lat)+1/math.Cos(lat))/math.Pi) / 2 * m.scale
	return x, y
}

// pixel is p's position on the map.
func (m mercator) pixel(p orb.Point) (float32, float32) {
	x, y := m.world(p)
	return float32(x - m.dx), float32(y - m.dy)
}

// Frame is the view the page opens on when its URL has no map view (static/js/map/viewer.js framing): the
// bounds of the events that pass the filters, trimmed of the outermost 2% on each side when
// there are 50 or more, padded by 5% (by 200% when smaller than 50 km across), fitted to the
// preview's map in Leaflet's quarter zoom steps.
func Frame(points []orb.Point) geo.MapPosition {
	b := orb.Bound{Min: orb.Point{-10, 25}, Max: orb.Point{75, 60}}
	if len(points) > 0 {
		lngs, lats := make([]float64, len(points)), make([]float64, len(points))
		for i, p := range points {
			lngs[i], lats[i] = p[0], p[1]
		}
		slices.Sort(lngs)
		slices.Sort(lats)
		cut := 0
		if len(points) >= 50 {
			cut = len(points) * 2 / 100
		}
		n := len(points) - 1 - cut
		b = orb.Bound{Min: orb.Point{lngs[cut], lats[cut]}, Max: orb.Point{lngs[n], lats[n]}}
		pad := 0.05
		if geoDistanceKm(b.Min, b.Max) < 50 {
			pad = 2
		}
		dLng, dLat := (b.Max[0]-b.Min[0])*pad, (b.Max[1]-b.Min[1])*pad
		b = orb.Bound{Min: orb.Point{b.Min[0] - dLng, b.Min[1] - dLat}, Max: orb.Point{b.Max[0] + dLng, b.Max[1] + dLat}}
	}
	unit := mercator{scale: 256}
	x0, y0 := unit.world(orb.Point{b.Min[0], b.Max[1]})
	x1, y1 := unit.world(orb.Point{b.Max[0], b.Min[1]})
	zoom := 18.0
	if w, h := x1-x0, y1-y0; w > 0 || h > 0 {
		zoom = math.Log2(math.Min(float64(Width)/math.Max(w, 1e-9), float64(mapHeight)/math.Max(h, 1e-9)))
	}
	zoom = math.Max(1, math.Min(18, math.Floor(zoom*4)/4))
	// The centre of the projected bounds, back to degrees.
	cx, cy := (x0+x1)/2, (y0+y1)/2
	lng := cx/256*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*cy/256))) * 180 / math.Pi
	return geo.MapPosition{Zoom: zoom, Lat: lat, Lng: lng}
}

// geoDistanceKm is the haversine distance Leaflet's distanceTo measures (Earth radius 6,371 km).
func geoDistanceKm(a, b orb.Point) float64 {
	rad := math.Pi / 180
	dLat, dLng := (b[1]-a[1])*rad, (b[0]-a[0])*rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(a[1]*rad)*math.Cos(b[1]*rad)*math.Pow(math.Sin(dLng/2), 2)
	return 2 * 6371 * math.Asin(math.Min(1, math.Sqrt(h)))
}
