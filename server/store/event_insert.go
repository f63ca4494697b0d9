package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/westward/westward/geo"
)

// inserter writes events with statements prepared once per transaction: a load of a million
// events then parses each statement once, not a million times.
type inserter struct {
	event, rtree, fts, tag, citation, quote, figure, link *sql.Stmt
	names                                                 countryNames // as stored, read in tx
}

func newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	names, err := readNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	ins := &inserter{names: names}
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&ins.event, insertEventSQL},
		{&ins.rtree, `INSERT INTO events_rtree (pk, min_lon, max_lon, min_lat, max_lat, min_day, max_day) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&ins.fts, `INSERT INTO events_fts (rowid, title, summary, place) VALUES (?, ?, ?, ?)`},
		{&ins.tag, `INSERT INTO event_tags (event_pk, tag) VALUES (?, ?)`},
		{&ins.citation, `INSERT INTO citations (event_pk, source_id, position) VALUES (?, ?, ?)`},
		{&ins.quote, `INSERT INTO quotes (event_pk, source_id, position, text) VALUES (?, ?, ?, ?)`},
		{&ins.figure, `INSERT INTO figures (event_pk, source_id, measure, value, qualifier, subject, position) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&ins.link, `INSERT INTO links (event_pk, position, role, place, country, lon, lat, location_precision, source_id, quote)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			ins.close()
			return nil, fmt.Errorf("store: prepare: %w", err)
		}
		*p.stmt = st
	}
	return ins, nil
}

func (ins *inserter) close() {
	for _, st := range []*sql.Stmt{ins.event, ins.rtree, ins.fts, ins.tag, ins.citation, ins.quote, ins.figure, ins.link} {
		if st != nil {
			st.Close()
		}
	}
}

// insert writes e, its feature and its children. The caller validated e.
func (ins *inserter) insert(ctx context.Context, e *geo.Event, updatedAt string) error {
	feature, err := renderFeature(e, updatedAt, ins.names)
	if err != nil {
		return err
	}
	var pk int64
	err = ins.event.QueryRowContext(ctx, append(eventValues(e, updatedAt, 0), feature)...).Scan(&pk)
	if err != nil {
		return fmt.Errorf("event %s: %w", e.ID, err)
	}
	return ins.insertChildren(ctx, pk, e)
}

// insertChildren writes the index rows, tags, citations and links of the event stored at pk.
func (ins *inserter) insertChildren(ctx context.Context, pk int64, e *geo.Event) error {
	var err error
	exec := func(st *sql.Stmt, args ...any) {
		if err == nil {
			_, err = st.ExecContext(ctx, args...)
		}
	}
	exec(ins.rtree, pk, e.Point[0], e.Point[0], e.Point[1], e.Point[1], epochDay(e.Start()), epochDay(e.End()))
	exec(ins.fts, pk, e.Title, e.Summary, e.Place)
	for _, t := range e.Tags {
		exec(ins.tag, pk, t)
	}
	for i, c := range e.Citations {
		exec(ins.citation, pk, c.SourceID, i)
		for j, q := range c.Quotes {
			exec(ins.quote, pk, c.SourceID, j, q)
		}
		for j, f := range c.Figures {
			exec(ins.figure, pk, c.SourceID, string(f.Measure), f.Value, string(f.Qualifier), f.Subject, j)
		}
	}
	for i, l := range e.Links {
		exec(ins.link, pk, i, string(l.Role), l.Place, l.Country, l.Point[0], l.Point[1], string(l.LocationPrecision), l.SourceID, l.Quote)
	}
	if err != nil {
		return fmt.Errorf("event %s: %w", e.ID, err)
	}
	return nil
}
