package server

import (
	"github.com/labstack/echo/v4"
)

// stories answers /api/stories: every story with its chapters.
func (s *Server) stories(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		st, err := s.db.Stories(c.Request().Context())
		if err != nil {
			return nil, err
		}
		return map[string]any{"stories": st}, nil
	})
}

// story answers /api/stories/{id}.
func (s *Server) story(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		return s.db.Story(c.Request().Context(), c.Param("id"))
	})
}
