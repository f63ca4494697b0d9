package country

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

// topology is the subset of a TopoJSON Topology that world-atlas uses.
type topology struct {
	Type      string                     `json:"type"`
	Transform *transform                 `json:"transform"`
	Arcs      [][][]float64              `json:"arcs"`
	Objects   map[string]json.RawMessage `json:"objects"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type collection struct {
	Type       string     `json:"type"`
	Geometries []geometry `json:"geometries"`
}

type geometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
	Arcs json.RawMessage `json:"arcs"`
}

// feature is one decoded geometry of the "countries" collection.
type feature struct {
	id   string // ISO 3166-1 numeric, "" when the feature has none
	name string
	mp   orb.MultiPolygon
}

// decodeCountries decodes objects.countries of a TopoJSON topology into
// features, resolving the shared, possibly quantised and delta-encoded arcs.
func decodeCountries(data []byte) ([]feature, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("country: decode topology: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("country: type %q, want Topology", t.Type)
	}
	raw, ok := t.Objects["countries"]
	if !ok {
		return nil, errors.New("country: topology has no objects.countries")
	}
	var c collection
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("country: decode objects.countries: %w", err)
	}
	if c.Type != "GeometryCollection" {
		return nil, fmt.Errorf("country: objects.countries is %q, want GeometryCollection", c.Type)
	}
	arcs, err := decodeArcs(t.Arcs, t.Transform)
	if err != nil {
		return nil, err
	}
	out := make([]feature, 0, len(c.Geometries))
	for i, g := range c.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, fmt.Errorf("country: geometry %d: %w", i, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("country: geometry %d: %w", i, err)
			}
		default:
			continue // null or non-areal geometry: nothing to test against
		}
		mp := make(orb.MultiPolygon, 0, len(polys))
		for _, p := range polys {
			poly := make(orb.Polygon, 0, len(p))
			for _, r := range p {
				ring, err := stitch(arcs, r)
				if err != nil {
					return nil, fmt.Errorf("country: geometry %d: %w", i, err)
				}
				if len(ring) >= 4 {
					poly = append(poly, ring)
				}
			}
			if len(poly) > 0 {
				mp = append(mp, poly)
			}
		}
		id, err := decodeID(g.ID)
		if err != nil {
			return nil, fmt.Errorf("country: geometry %d: %w", i, err)
		}
		out = append(out, feature{id: id, name: g.Properties.Name, mp: mp})
	}
	return out, nil
}

// decodeArcs turns every arc into absolute [lon,lat] positions, undoing the
// delta encoding and quantisation when the topology has a transform.
func decodeArcs(in [][][]float64, tr *transform) ([][]orb.Point, error) {
	out := make([][]orb.Point, len(in))
	for i, arc := range in {
		pts := make([]orb.Point, len(arc))
		var x, y float64
		for j, pos := range arc {
			if len(pos) < 2 {
				return nil, fmt.Errorf("country: arc %d position %d has %d coordinates", i, j, len(pos))
			}
			if tr == nil {
				pts[j] = orb.Point{pos[0], pos[1]}
				continue
			}
			x += pos[0]
			y += pos[1]
			pts[j] = orb.Point{x*tr.Scale[0] + tr.Translate[0], y*tr.Scale[1] + tr.Translate[1]}
		}
		out[i] = pts
	}
	return out, nil
}

// stitch joins the arcs of one ring; ~i (negative) means arc i reversed.
// Each arc after the first starts where the previous ended, so that shared
// point is dropped.
func stitch(arcs [][]orb.Point, idx []int) (orb.Ring, error) {
	var ring orb.Ring
	for k, a := range idx {
		rev := a < 0
		if rev {
			a = ^a
		}
		if a >= len(arcs) {
			return nil, fmt.Errorf("arc index %d out of range (%d arcs)", a, len(arcs))
		}
		arc := arcs[a]
		for j := range arc {
			if k > 0 && j == 0 {
				continue
			}
			if rev {
				ring = append(ring, arc[len(arc)-1-j])
			} else {
				ring = append(ring, arc[j])
			}
		}
	}
	if len(ring) > 0 && !ring.Closed() {
		ring = append(ring, ring[0])
	}
	return ring, nil
}

// decodeID accepts the string ids world-atlas uses and, defensively, numbers.
func decodeID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("id %s is neither string nor integer", raw)
	}
	return fmt.Sprintf("%03d", n), nil
}
