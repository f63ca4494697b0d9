package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/importer"
	"github.com/westward/westward/server/store"
)

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
	im := &importer.Importer{Atlas: s.atlas, Gazetteer: gz}
	var rep *importer.Report
	b, err := im.ReadBatch(http.MaxBytesReader(c.Response(), c.Request().Body, importMaxBytes), format, dry == "true")
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

// importMaxBytes bounds an uploaded import: large enough for tens of thousands of rows.
const importMaxBytes = 64 << 20
