package server

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// csvHeader names the export's columns: the dates, the event's enumerated fields (geo.EventEnums),
// the place and point, the fields that qualify the point, the figures and the text.
var csvHeader = slices.Concat([]string{"id", "title", "date", "date_precision", "end_date", "start", "end"},
	enumHeader(false), []string{"place", "country", "longitude", "latitude"}, enumHeader(true),
	[]string{"killed", "killed_min", "killed_max", "injured", "injured_min", "injured_max", "detained", "detained_min", "detained_max",
		"sources", "tags", "summary", "notes"})

// enumHeader names the columns of the enumerated fields that qualify the point, or the others.
func enumHeader(point bool) []string {
	var out []string
	for _, f := range geo.EventEnums {
		if f.Point == point {
			out = append(out, f.Property)
		}
	}
	return out
}

// enumCells are e's values for enumHeader(point). Values are geo's terms, never a formula.
func enumCells(e *geo.Event, point bool) []string {
	var out []string
	for _, f := range geo.EventEnums {
		if f.Point == point {
			out = append(out, f.Get(e))
		}
	}
	return out
}

// itemsCSV answers /api/collections/events/items.csv.
func (s *Server) itemsCSV(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	f, err := geo.ParseEventFilter(q)
	if err != nil {
		return err
	}
	return s.writeCSV(c, f, q.Has("limit") || q.Has("offset"))
}

// writeCSV streams the filtered events as CSV, every match unless paged is set. It streams
// rather than caching, so that an export of a large database never sits whole in memory.
func (s *Server) writeCSV(c echo.Context, f geo.EventFilter, paged bool) error {
	// f is already validated (ParseEventFilter refuses every bad parameter with a 400), so
	// the status line can go out before the first row is read.
	ctx := c.Request().Context()
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, mimeCSV)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="westward-events.csv"`)
	h.Set(echo.HeaderCacheControl, cacheAPI)
	h.Set(echo.HeaderVary, echo.HeaderAcceptEncoding)
	var w io.Writer = c.Response()
	if acceptsGzip(c.Request()) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(c.Response())
		defer func() {
			zw.Close()
			gzipWriters.Put(zw)
		}()
		w = zw
	}
	c.Response().WriteHeader(http.StatusOK)
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	row := func(e *geo.Event) error {
		cw.Write(csvRow(e))
		return cw.Error()
	}
	var err error
	if paged {
		var events []*geo.Event
		if events, _, err = s.db.FindEvents(ctx, f); err == nil {
			for _, e := range events {
				if err = row(e); err != nil {
					break
				}
			}
		}
	} else {
		err = s.db.AllEvents(ctx, f, row)
	}
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}

func csvRow(e *geo.Event) []string {
	cas := e.Casualties()
	// Each measure: the wording every view shows, then the bare bounds for sorting.
	rng := func(r *geo.Range) []string {
		if r == nil {
			return []string{"", "", ""}
		}
		return []string{r.Label, strconv.Itoa(r.Min), strconv.Itoa(r.Max)}
	}
	figures := append(append(rng(cas.Killed), rng(cas.Injured)...), rng(cas.Detained)...)
	var srcs []string
	for _, ci := range e.Citations {
		srcs = append(srcs, ci.SourceID)
	}
	end := ""
	if e.EndDate != nil {
		end = e.EndDate.String()
	}
	t := safeCell
	return slices.Concat([]string{t(e.ID), t(e.Title), e.Date.String(), string(e.Date.Precision()), end,
		e.Start().Format("2006-01-02"), e.End().Format("2006-01-02")},
		enumCells(e, false), []string{t(e.Place), e.Country,
			strconv.FormatFloat(e.Point[0], 'f', -1, 64), strconv.FormatFloat(e.Point[1], 'f', -1, 64)},
		enumCells(e, true), figures,
		[]string{t(strings.Join(srcs, ";")), t(strings.Join(e.Tags, ";")), t(e.Summary), t(e.Notes)})
}

// safeCell keeps a spreadsheet from reading text as a formula (CSV injection): a cell that
// starts with = + - @ or a tab or carriage return gets a leading apostrophe. Numeric columns
// are written without it, so negative longitudes stay numbers.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
