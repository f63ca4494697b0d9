package server

import (
	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// spread answers /api/spread: under a reach rule (geo.Reach), the first counted event per
// country, the frontier's steps and the countries alleged and named apart, for the events
// passing the same filters as the items endpoint (paging aside). With no actor chosen the rule
// counts ISKP; include_alleged=true counts alleged and disputed presence as reached too.
func (s *Server) spread(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	f, err := geo.ParseEventFilter(q, "include_alleged")
	if err != nil {
		return err
	}
	for _, p := range []string{"limit", "offset"} {
		if q.Has(p) {
			return geo.ParamError(p, "the spread covers every matching event; it takes no paging")
		}
	}
	rule, err := geo.ParseReachRule(q, f)
	if err != nil {
		return err
	}
	f = rule.Narrow(f)
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		events, err := s.db.SpreadEvents(c.Request().Context(), f)
		if err != nil {
			return nil, err
		}
		return geo.ComputeSpread(events, rule, s.countryName), nil
	})
}
