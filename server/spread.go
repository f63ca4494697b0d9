package server

import (
	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// spread answers /api/spread: the first event per country and the frontier's steps, for the
// events passing the same filters as the items endpoint (paging aside).
func (s *Server) spread(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	f, err := geo.ParseEventFilter(q)
	if err != nil {
		return err
	}
	for _, p := range []string{"limit", "offset"} {
		if q.Has(p) {
			return geo.ParamError(p, "the spread covers every matching event; it takes no paging")
		}
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		events, err := s.db.SpreadEvents(c.Request().Context(), f)
		if err != nil {
			return nil, err
		}
		return geo.ComputeSpread(events, s.countryName), nil
	})
}
