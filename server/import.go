package server

import (
	"context"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/geo/gazetteer"
	"github.com/westward/westward/server/importer"
	"github.com/westward/westward/server/store"
)

// ImportReport says what an import did (or, in a dry run, would do), row by row.
type ImportReport struct {
	DryRun    bool            `json:"dry_run"`
	Added     []string        `json:"added"`
	Updated   []string        `json:"updated"`
	Unchanged []string        `json:"unchanged"`
	Rejected  []RejectedRow   `json:"rejected"`
	Format    importer.Format `json:"format"`
	Rows      int             `json:"rows"`
}

// RejectedRow is a row an import could not use, and why.
type RejectedRow struct {
	Line   int    `json:"line"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// ErrRejectedRows refuses a real import that has rejected rows: imports are all or nothing,
// so the file must be fixed (a dry run lists what to fix).
var ErrRejectedRows = &geo.Error{Code: geo.EINVALID, Param: "body", Message: "some rows were rejected; nothing was imported (see rejected)"}

// ImportFile reads r in the given format, geocoding offline where rows lack coordinates, and
// imports the events in one transaction; a dry run reports and changes nothing. The CLI and
// the HTTP endpoint both use it.
func ImportFile(ctx context.Context, db *store.DB, atlas *country.Atlas, gz *gazetteer.Gazetteer, r io.Reader,
	format importer.Format, by *geo.User, dryRun bool) (*ImportReport, error) {
	im := &importer.Importer{Atlas: atlas, Gazetteer: gz}
	rows, err := im.Read(r, importer.Options{Format: format})
	if err != nil {
		return nil, geo.ParamError("body", "%v", err)
	}
	rep := &ImportReport{DryRun: dryRun, Added: []string{}, Updated: []string{}, Unchanged: []string{},
		Rejected: []RejectedRow{}, Format: format, Rows: len(rows)}
	var events []*geo.Event
	sources := []geo.Source{}
	acled := false
	for _, row := range rows {
		if row.Event == nil {
			rep.Rejected = append(rep.Rejected, RejectedRow{Line: row.Line, ID: row.ID, Reason: row.Reason})
			continue
		}
		events = append(events, row.Event)
		for _, c := range row.Event.Citations {
			if c.SourceID == importer.ACLEDSource().ID {
				acled = true
			}
		}
	}
	if acled {
		sources = append(sources, importer.ACLEDSource())
	}
	if len(rep.Rejected) > 0 && !dryRun {
		return rep, ErrRejectedRows
	}
	res, err := db.ImportEvents(ctx, sources, events, by, dryRun)
	if err != nil {
		return rep, err
	}
	rep.Added, rep.Updated, rep.Unchanged = res.Added, res.Updated, res.Unchanged
	return rep, nil
}

// importItems answers POST /api/import?format=csv|geojson|acled&dry_run=true with the file
// as the body. A failed real run changes nothing and answers 400 with the report.
func (s *Server) importItems(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		if k != "format" && k != "dry_run" {
			return geo.UnknownParam(k)
		}
	}
	format := importer.Format(q.Get("format"))
	switch format {
	case "", importer.FormatCSV, importer.FormatGeoJSON, importer.FormatACLED:
	default:
		return geo.ParamError("format", "want csv, geojson or acled, got %q", format)
	}
	dry := q.Get("dry_run")
	if dry != "" && dry != "true" && dry != "false" {
		return geo.ParamError("dry_run", "want true or false")
	}
	gz, err := s.gazetteer()
	if err != nil {
		return err
	}
	rep, err := ImportFile(c.Request().Context(), s.db, s.atlas, gz, http.MaxBytesReader(c.Response(), c.Request().Body, importMaxBytes),
		format, userOf(c), dry == "true")
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if err != nil {
		if rep == nil || geo.ErrorCode(err) != geo.EINVALID {
			return err
		}
		// a problem that carries the report, so the editor can show every rejected row
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(http.StatusBadRequest)
		return jsonEncode(c.Response(), map[string]any{"type": "about:blank", "title": "Bad Request", "status": 400,
			"detail": err.Error(), "parameter": "body", "report": rep})
	}
	return c.JSON(http.StatusOK, rep)
}

// importMaxBytes bounds an uploaded import: large enough for tens of thousands of rows.
const importMaxBytes = 64 << 20
