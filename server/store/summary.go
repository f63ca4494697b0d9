package store

import (
	"context"
	"database/sql"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// MonthCount counts the events whose first day falls in one month, in all and by kind. An
// event known only to a year or a season counts in the month its span begins.
type MonthCount struct {
	Month  string         `json:"month"`
	Count  int            `json:"count"`
	ByKind map[string]int `json:"by_kind"`
}

// Summary is what the front end needs before it draws: the time and space the data covers
// and counts by kind, country and month.
type Summary struct {
	Version   int64          `json:"version"`
	Count     int            `json:"count"`
	Extent    TimeExtent     `json:"extent"`
	BBox      *orb.Bound     `json:"-"`
	ByKind    map[string]int `json:"by_kind"`
	ByCountry map[string]int `json:"by_country"`
	ByMonth   []MonthCount   `json:"by_month"`
}

// TimeExtent is the first and last day any event covers; empty when there are no events.
type TimeExtent struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Summary counts the whole dataset in one read transaction.
func (db *DB) Summary(ctx context.Context) (*Summary, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	s := &Summary{Version: db.Version(), ByKind: map[string]int{}, ByCountry: map[string]int{}, ByMonth: []MonthCount{}}
	var start, end sql.NullString
	var minLon, minLat, maxLon, maxLat sql.NullFloat64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), min(start_day), max(end_day), min(lon), min(lat), max(lon), max(lat) FROM events`).
		Scan(&s.Count, &start, &end, &minLon, &minLat, &maxLon, &maxLat); err != nil {
		return nil, err
	}
	s.Extent = TimeExtent{Start: start.String, End: end.String}
	if s.Count > 0 {
		s.BBox = &orb.Bound{Min: orb.Point{minLon.Float64, minLat.Float64}, Max: orb.Point{maxLon.Float64, maxLat.Float64}}
	}
	for col, m := range map[string]map[string]int{"kind": s.ByKind, "country": s.ByCountry} {
		if err := eachRow(ctx, tx, `SELECT `+col+`, count(*) FROM events GROUP BY 1`, nil, func(r scanner) error {
			var k string
			var n int
			if err := r.Scan(&k, &n); err != nil {
				return err
			}
			m[k] = n
			return nil
		}); err != nil {
			return nil, err
		}
	}
	err = eachRow(ctx, tx, `SELECT substr(start_day, 1, 7), kind, count(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2`, nil,
		func(r scanner) error {
			var month, kind string
			var n int
			if err := r.Scan(&month, &kind, &n); err != nil {
				return err
			}
			if len(s.ByMonth) == 0 || s.ByMonth[len(s.ByMonth)-1].Month != month {
				s.ByMonth = append(s.ByMonth, MonthCount{Month: month, ByKind: map[string]int{}})
			}
			mc := &s.ByMonth[len(s.ByMonth)-1]
			mc.Count += n
			mc.ByKind[kind] = n
			return nil
		})
	return s, err
}

// AllEvents streams every event passing f (ignoring its paging) to fn, a page at a time, so
// that an export of a large database never holds it all in memory.
func (db *DB) AllEvents(ctx context.Context, f geo.EventFilter, fn func(*geo.Event) error) error {
	f.Limit, f.Offset = 1000, 0
	for {
		page, total, err := db.FindEvents(ctx, f)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return nil
		}
	}
}

// SpreadEvents returns every event passing f (paging aside) with only what the spread needs:
// id, date, kind, attribution, location role, place, country, point and the places it names
// as targets. It reads no citations, so the spread of a large database costs one indexed
// scan and one look-up of target links, not a full load of every event.
func (db *DB) SpreadEvents(ctx context.Context, f geo.EventFilter) ([]*geo.Event, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	from, where, args := eventQuery(f)
	rows, err := tx.QueryContext(ctx, `SELECT e.pk, e.id, e.date, e.end_date, e.kind, e.attribution, e.location_role,
		e.place, e.country, e.lon, e.lat FROM `+from+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*geo.Event
	byPK := map[int64]*geo.Event{}
	for rows.Next() {
		var e geo.Event
		var pk int64
		var date, kind, attrib, role string
		var end sql.NullString
		if err := rows.Scan(&pk, &e.ID, &date, &end, &kind, &attrib, &role, &e.Place, &e.Country, &e.Point[0], &e.Point[1]); err != nil {
			return nil, err
		}
		if e.Date, err = geo.ParseDate(date); err != nil {
			return nil, err
		}
		if end.Valid {
			d, err := geo.ParseDate(end.String)
			if err != nil {
				return nil, err
			}
			e.EndDate = &d
		}
		e.Kind, e.Attribution, e.LocationRole = geo.Kind(kind), geo.Attribution(attrib), geo.LocationRole(role)
		out = append(out, &e)
		byPK[pk] = &e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	links, err := tx.QueryContext(ctx, `SELECT l.event_pk, l.place, l.country FROM links l
		WHERE l.role = 'target' AND l.event_pk IN (SELECT e.pk FROM `+from+where+`) ORDER BY l.event_pk, l.position`, args...)
	if err != nil {
		return nil, err
	}
	defer links.Close()
	for links.Next() {
		var pk int64
		l := geo.Link{Role: geo.LinkTarget}
		if err := links.Scan(&pk, &l.Place, &l.Country); err != nil {
			return nil, err
		}
		if e := byPK[pk]; e != nil {
			e.Links = append(e.Links, l)
		}
	}
	return out, links.Err()
}
