package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/importer"
	"github.com/westward/westward/server/store"
)

// importItems answers POST /api/import?format=csv|geojson|acled&dry_run=true with the file
// as the body. A failed real run changes nothing and answers 400 with the report. With
// skip_invalid=true the valid rows are imported (in one transaction) and the rejected ones
// only reported; without it an import is all or nothing.
func (s *Server) importItems(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		if k != "format" && k != "dry_run" && k != "skip_invalid" {
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
	skip := q.Get("skip_invalid")
	if skip != "" && skip != "true" && skip != "false" {
		return geo.ParamError("skip_invalid", "want true or false")
	}
	gz, err := s.gazetteer()
	if err != nil {
		return err
	}
	im := &importer.Importer{Atlas: s.atlas, Gazetteer: gz}
	var rep *importer.Report
	limit := s.cfg.ImportMaxBytes
	if c.Request().ContentLength > limit {
		return importTooLarge(limit)
	}
	body := &limitedBody{r: http.MaxBytesReader(c.Response(), c.Request().Body, limit)}
	b, err := im.ReadBatch(body, format, dry == "true", skip == "true")
	if body.tooLarge {
		// whatever the importer made of the cut-off file, the answer is that it was too large
		return importTooLarge(limit)
	}
	if b != nil {
		rep = b.Report
	}
	if err == nil {
		var res *store.ImportResult
		if res, err = s.db.ImportEvents(c.Request().Context(), b.Sources, b.Events, userOf(c), dry == "true"); err == nil {
			rep.Record(res.Added, res.Updated, res.Unchanged)
		}
	}
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

// importColumns answers GET /api/import/columns: the CSV's columns, from importer.Columns.
func (s *Server) importColumns(c echo.Context) error {
	return c.JSON(http.StatusOK, importer.Columns)
}

// importTemplate answers GET /api/import/template.csv: the header and an example row, from
// importer.Columns, as a download.
func (s *Server) importTemplate(c echo.Context) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="westward-template.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	return importer.WriteTemplate(c.Response())
}

// importID answers GET /api/import/id?date=&place=&kind= with {"id": …}: the id the importer
// derives for such a row, which the editor's form proposes for a new event.
func (s *Server) importID(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		if k != "date" && k != "place" && k != "kind" {
			return geo.UnknownParam(k)
		}
	}
	id, err := importer.DerivedID(q.Get("date"), q.Get("place"), q.Get("kind"))
	if err != nil {
		return geo.ParamError("date", "%v", err)
	}
	return c.JSON(http.StatusOK, map[string]string{"id": id})
}

// importMaxBytes bounds an uploaded import unless Config says otherwise: large enough for tens
// of thousands of rows.
const importMaxBytes = 64 << 20

// importTooLarge answers an import over the limit: 413, not a complaint about the file's
// format, which is all the importer can say of a file cut off at the limit.
func importTooLarge(limit int64) error {
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
		fmt.Sprintf("the file is larger than the import limit of %d bytes", limit))
}

// limitedBody reads an import through http.MaxBytesReader and remembers whether the limit
// was reached, which the importer's own error would hide.
type limitedBody struct {
	r        io.Reader
	tooLarge bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		b.tooLarge = true
	}
	return n, err
}
