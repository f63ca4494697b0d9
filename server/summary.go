package server

import (
	"github.com/labstack/echo/v4"
)

// summary answers /api/summary: extent, counts and the dataset version for the front end.
func (s *Server) summary(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		return s.db.Summary(c.Request().Context())
	})
}
