package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/paulmach/orb/geojson"
	"github.com/westward/westward/geo"
)

// readGeoJSON reads a FeatureCollection in the seed's format. Features are decoded one by
// one, so that a malformed feature is a rejected row rather than a failed file.
func (im *Importer) readGeoJSON(r io.Reader) ([]Row, error) {
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.NewDecoder(r).Decode(&fc); err != nil {
		return nil, fmt.Errorf("importer: not GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("importer: not a GeoJSON FeatureCollection (type %q)", fc.Type)
	}
	loc := newLocator(im)
	rows := make([]Row, 0, len(fc.Features))
	seen := map[string]int{}
	for i, raw := range fc.Features {
		n := i + 1
		row := Row{Line: n}
		if k := invalidUTF8At(raw); k >= 0 {
			// encoding/json would quietly turn these bytes into U+FFFD; the CSV path refuses
			// them, and so does this one.
			row.Reason = fmt.Sprintf("feature %d: not valid UTF-8 at byte %d of the feature", n, k)
			rows = append(rows, row)
			continue
		}
		e, err := featureEvent(loc, raw)
		if e != nil {
			row.ID = e.ID
		}
		switch {
		case err != nil:
			row.Reason = fmt.Sprintf("feature %d: %v", n, err)
		case seen[e.ID] > 0:
			row.Reason = fmt.Sprintf("feature %d: id %q repeats feature %d", n, e.ID, seen[e.ID])
		default:
			seen[e.ID] = n
			row.Event = e
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// featureEvent decodes and checks one feature; the event is returned with the error when it
// was decoded, so the row can name its id.
func featureEvent(loc *locator, raw json.RawMessage) (*geo.Event, error) {
	f, err := geojson.UnmarshalFeature(raw)
	if err != nil {
		return nil, fmt.Errorf("not a GeoJSON feature: %v", err)
	}
	e, err := geo.EventFromFeature(f)
	if err != nil {
		return nil, err
	}
	if err := loc.finish(e); err != nil {
		return e, err
	}
	for i, l := range e.Links {
		if err := loc.checkPoint(l.Country, l.Point); err != nil {
			return e, fmt.Errorf("links[%d]: %v", i, err)
		}
	}
	return e, nil
}

// invalidUTF8At is the offset of the first byte of b that is not valid UTF-8, or -1.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}
