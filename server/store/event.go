package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// FindEvents returns one page of the events that pass f, ordered by first day then id, and the
// number of events that pass f in all.
func (db *DB) FindEvents(ctx context.Context, f geo.EventFilter) ([]*geo.Event, int, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	q, args, total, err := countPage(ctx, tx, f, eventColumns)
	if err != nil || q == "" {
		return []*geo.Event{}, total, err
	}
	events, err := findEvents(ctx, tx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	return events, total, nil
}

// countPage counts in tx the events that pass f and returns the query, with its arguments,
// for the requested page of cols; q is "" when that page is empty.
func countPage(ctx context.Context, tx *sql.Tx, f geo.EventFilter, cols string) (q string, args []any, total int, err error) {
	from, where, args := eventQuery(f)
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+from+where, args...).Scan(&total); err != nil {
		return "", nil, 0, fmt.Errorf("store: count events: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return "", nil, total, nil
	}
	limit := f.Limit
	if limit <= 0 {
		limit = geo.DefaultLimit
	}
	return pageQuery(cols, from, where), append(args, limit, f.Offset), total, nil
}

// FindEventByID returns one event, or an ENOTFOUND error.
func (db *DB) FindEventByID(ctx context.Context, id string) (*geo.Event, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	events, err := findEvents(ctx, tx, `SELECT `+eventColumns+` FROM events e WHERE e.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: fmt.Sprintf("no event %q", id)}
	}
	return events[0], nil
}

// pageQuery selects cols from one page of the events that from and where choose, in date
// order; its last two arguments are the limit and the offset.
func pageQuery(cols, from, where string) string {
	return `SELECT ` + cols + ` FROM ` + from + where + ` ORDER BY e.start_day, e.id LIMIT ? OFFSET ?`
}

// eventQuery builds the FROM and WHERE clauses for f, with ? arguments only. With a box or a
// time range the R*Tree drives the query (CROSS JOIN keeps SQLite from choosing otherwise);
// its float32 bounds are rounded outward, so the exact columns are checked again.
func eventQuery(f geo.EventFilter) (from, where string, args []any) {
	from = `events e`
	var conds []string
	if f.BBox != nil || f.Datetime != nil {
		from = `events_rtree r CROSS JOIN events e ON e.pk = r.pk`
		if b := f.BBox; b != nil {
			conds = append(conds, `r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?`,
				`e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?`)
			args = append(args, b.Min[0], b.Max[0], b.Min[1], b.Max[1], b.Min[0], b.Max[0], b.Min[1], b.Max[1])
		}
		if iv := f.Datetime; iv != nil {
			if !iv.Start.IsZero() {
				conds = append(conds, `r.max_day >= ?`, `e.end_day >= ?`)
				args = append(args, epochDay(iv.Start), iv.Start.Format(time.DateOnly))
			}
			if !iv.End.IsZero() {
				conds = append(conds, `r.min_day <= ?`, `e.start_day <= ?`)
				args = append(args, epochDay(iv.End), iv.End.Format(time.DateOnly))
			}
		}
	}
	for _, e := range geo.FilterEnums() {
		// the column's name comes from geo's table, never from the query
		conds, args = appendIn(conds, args, "e."+e.Property, f.Enum(e.Property))
	}
	conds, args = appendIn(conds, args, "e.country", f.Countries)
	if f.Query != "" {
		conds = append(conds, `e.pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)`)
		args = append(args, ftsQuery(f.Query))
	}
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return from, where, args
}

func appendIn[T ~string](conds []string, args []any, col string, vals []T) ([]string, []any) {
	if len(vals) == 0 {
		return conds, args
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")
	for _, v := range vals {
		args = append(args, string(v))
	}
	return append(conds, col+` IN (`+marks+`)`), args
}

// ftsQuery turns what a person types into an FTS5 query that cannot be read as FTS syntax:
// each word becomes a quoted prefix term, all of which must match. Text with no words
// becomes a query that matches nothing.
func ftsQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '\'' || r == '-' || isWordRune(r))
	})
	var terms []string
	for _, w := range words {
		w = strings.Trim(w, "'-")
		if w == "" {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	if len(terms) == 0 {
		return `""`
	}
	return strings.Join(terms, " ")
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func epochDay(t time.Time) int64 { return int64(t.Sub(epoch).Hours() / 24) }

// findEvents runs q (which selects eventColumns) and loads each event's tags, citations and
// links in one query per table for the whole page.
func findEvents(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]*geo.Event, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find events: %w", err)
	}
	defer rows.Close()
	var events []*geo.Event
	byPK := map[int64]*geo.Event{}
	var pks []int64
	for rows.Next() {
		var (
			e  geo.Event
			pk int64
		)
		if err := rows.Scan(readTargets(&e, &pk)...); err != nil {
			return nil, err
		}
		e.Tags, e.Citations, e.Links = []string{}, []geo.Citation{}, []geo.Link{}
		events = append(events, &e)
		byPK[pk] = &e
		pks = append(pks, pk)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return []*geo.Event{}, nil
	}
	if err := loadChildren(ctx, tx, pks, byPK); err != nil {
		return nil, err
	}
	return events, nil
}

func loadChildren(ctx context.Context, tx *sql.Tx, pks []int64, byPK map[int64]*geo.Event) error {
	ids, _ := json.Marshal(pks)
	in := ` IN (SELECT value FROM json_each(?))`
	if err := eachRow(ctx, tx, `SELECT event_pk, tag FROM event_tags WHERE event_pk`+in+` ORDER BY event_pk, tag`, ids,
		func(s scanner) error {
			var pk int64
			var tag string
			if err := s.Scan(&pk, &tag); err != nil {
				return err
			}
			byPK[pk].Tags = append(byPK[pk].Tags, tag)
			return nil
		}); err != nil {
		return err
	}
	// citation index per event and source, to attach quotes and figures
	cite := map[int64]map[string]int{}
	if err := eachRow(ctx, tx, `SELECT event_pk, source_id FROM citations WHERE event_pk`+in+` ORDER BY event_pk, position`, ids,
		func(s scanner) error {
			var pk int64
			var src string
			if err := s.Scan(&pk, &src); err != nil {
				return err
			}
			e := byPK[pk]
			if cite[pk] == nil {
				cite[pk] = map[string]int{}
			}
			cite[pk][src] = len(e.Citations)
			e.Citations = append(e.Citations, geo.Citation{SourceID: src, Quotes: []string{}})
			return nil
		}); err != nil {
		return err
	}
	if err := eachRow(ctx, tx, `SELECT event_pk, source_id, text FROM quotes WHERE event_pk`+in+` ORDER BY event_pk, source_id, position`, ids,
		func(s scanner) error {
			var pk int64
			var src, text string
			if err := s.Scan(&pk, &src, &text); err != nil {
				return err
			}
			c := &byPK[pk].Citations[cite[pk][src]]
			c.Quotes = append(c.Quotes, text)
			return nil
		}); err != nil {
		return err
	}
	if err := eachRow(ctx, tx, `SELECT event_pk, source_id, measure, value, qualifier, subject FROM figures WHERE event_pk`+in+`
		ORDER BY event_pk, source_id, position`, ids,
		func(s scanner) error {
			var pk int64
			var src, measure, qual, subject string
			var v int
			if err := s.Scan(&pk, &src, &measure, &v, &qual, &subject); err != nil {
				return err
			}
			c := &byPK[pk].Citations[cite[pk][src]]
			c.Figures = append(c.Figures, geo.Figure{Measure: geo.Measure(measure), Value: v, Qualifier: geo.Qualifier(qual), Subject: subject})
			return nil
		}); err != nil {
		return err
	}
	return eachRow(ctx, tx, `SELECT event_pk, role, place, country, lon, lat, location_precision, source_id, quote
		FROM links WHERE event_pk`+in+` ORDER BY event_pk, position`, ids,
		func(s scanner) error {
			var pk int64
			var l geo.Link
			var role, prec string
			var lon, lat float64
			if err := s.Scan(&pk, &role, &l.Place, &l.Country, &lon, &lat, &prec, &l.SourceID, &l.Quote); err != nil {
				return err
			}
			l.Role, l.LocationPrecision, l.Point = geo.LinkRole(role), geo.LocationPrecision(prec), orb.Point{lon, lat}
			byPK[pk].Links = append(byPK[pk].Links, l)
			return nil
		})
}

type scanner interface{ Scan(dest ...any) error }

// querier is a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs q with arg as its arguments (nil for none, a []any for several, else the one
// argument) and calls fn per row.
func eachRow(ctx context.Context, db querier, q string, arg any, fn func(scanner) error) error {
	var args []any
	switch a := arg.(type) {
	case nil:
	case []any:
		args = a
	default:
		args = []any{a}
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
