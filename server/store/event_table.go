package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/westward/westward/geo"
)

// eventColumn is one column of the events table as Go writes and reads it: its name, its value
// for an event about to be stored with updatedAt, and where a read puts it (nil for the
// columns derived from others, written for the indexes but never read back).
type eventColumn struct {
	name  string
	value func(e *geo.Event, updatedAt string) any
	into  func(e *geo.Event) any
}

// eventTable is the one list of the events table's columns (but pk, the rendered feature and
// changed_version, the store's bookkeeping):
// the read query (eventColumns), the insert (insertEventSQL) and the update (updateEventSQL)
// are all built from it, so a new column is one line here and a migration.
var eventTable = []eventColumn{
	text("id", func(e *geo.Event) *string { return &e.ID }),
	text("title", func(e *geo.Event) *string { return &e.Title }),
	text("summary", func(e *geo.Event) *string { return &e.Summary }),
	{"date", func(e *geo.Event, _ string) any { return e.Date.String() }, func(e *geo.Event) any { return dateInto{e, false} }},
	{"date_precision", func(e *geo.Event, _ string) any { return string(e.Date.Precision()) }, nil},
	{"end_date", func(e *geo.Event, _ string) any {
		if e.EndDate == nil {
			return nil
		}
		return e.EndDate.String()
	}, func(e *geo.Event) any { return dateInto{e, true} }},
	{"start_day", func(e *geo.Event, _ string) any { return e.Start().Format(time.DateOnly) }, nil},
	{"end_day", func(e *geo.Event, _ string) any { return e.End().Format(time.DateOnly) }, nil},
	text("kind", func(e *geo.Event) *geo.Kind { return &e.Kind }),
	text("actor", func(e *geo.Event) *geo.Actor { return &e.Actor }),
	text("attribution", func(e *geo.Event) *geo.Attribution { return &e.Attribution }),
	text("place", func(e *geo.Event) *string { return &e.Place }),
	text("country", func(e *geo.Event) *string { return &e.Country }),
	{"lon", func(e *geo.Event, _ string) any { return e.Point[0] }, func(e *geo.Event) any { return &e.Point[0] }},
	{"lat", func(e *geo.Event, _ string) any { return e.Point[1] }, func(e *geo.Event) any { return &e.Point[1] }},
	text("location_precision", func(e *geo.Event) *geo.LocationPrecision { return &e.LocationPrecision }),
	text("location_role", func(e *geo.Event) *geo.LocationRole { return &e.LocationRole }),
	text("notes", func(e *geo.Event) *string { return &e.Notes }),
	{"updated_at", func(_ *geo.Event, updatedAt string) any { return updatedAt }, func(e *geo.Event) any { return &e.UpdatedAt }},
}

// text is the column of a string field (or one of geo's string enumerations).
func text[T ~string](name string, field func(e *geo.Event) *T) eventColumn {
	return eventColumn{name,
		func(e *geo.Event, _ string) any { return string(*field(e)) },
		func(e *geo.Event) any { return field(e) }}
}

// dateInto scans an EDTF date column into the event's date, or its end date (NULL: none).
type dateInto struct {
	e   *geo.Event
	end bool
}

// Scan implements sql.Scanner: it parses the text, naming the event on a bad date.
func (d dateInto) Scan(src any) error {
	if src == nil && d.end {
		d.e.EndDate = nil
		return nil
	}
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("store: event %s: date %v is not text", d.e.ID, src)
	}
	date, err := geo.ParseDate(s)
	if err != nil {
		return fmt.Errorf("store: event %s: %w", d.e.ID, err)
	}
	if d.end {
		d.e.EndDate = &date
	} else {
		d.e.Date = date
	}
	return nil
}

// The statements built from eventTable: eventColumns is what findEvents reads (pk first).
var (
	eventColumns   = readColumns()
	insertEventSQL = insertSQL()
	updateEventSQL = updateSQL()
)

// readColumns lists the columns findEvents reads: pk, then every column that is read back.
func readColumns() string {
	cols := []string{"e.pk"}
	for _, c := range eventTable {
		if c.into != nil {
			cols = append(cols, "e."+c.name)
		}
	}
	return strings.Join(cols, ", ")
}

// insertSQL inserts every column and the feature, returning the new pk.
func insertSQL() string {
	var names []string
	for _, c := range eventTable {
		names = append(names, c.name)
	}
	return `INSERT INTO events (` + strings.Join(names, ", ") + `, feature) VALUES (?` +
		strings.Repeat(", ?", len(names)) + `) RETURNING pk`
}

// updateSQL sets every column but the id, then the feature, of the row whose pk is the last
// argument.
func updateSQL() string {
	var sets []string
	for _, c := range eventTable[1:] {
		sets = append(sets, c.name+" = ?")
	}
	return `UPDATE events SET ` + strings.Join(sets, ", ") + `, feature = ? WHERE pk = ?`
}

// eventValues are e's values for eventTable's columns, from the first'th on (1 skips the id).
func eventValues(e *geo.Event, updatedAt string, first int) []any {
	out := make([]any, 0, len(eventTable)+2)
	for _, c := range eventTable[first:] {
		out = append(out, c.value(e, updatedAt))
	}
	return out
}

// readTargets are the scan targets of eventColumns for e, pk first.
func readTargets(e *geo.Event, pk *int64) []any {
	out := []any{pk}
	for _, c := range eventTable {
		if c.into != nil {
			out = append(out, c.into(e))
		}
	}
	return out
}
