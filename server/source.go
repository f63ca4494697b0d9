package server

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// sources answers /api/sources: the publications the events cite.
func (s *Server) sources(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		src, err := s.db.Sources(c.Request().Context())
		if err != nil {
			return nil, err
		}
		return map[string]any{"sources": src}, nil
	})
}

// putSource answers PUT /api/sources/{id}: add or change a publication events may cite.
func (s *Server) putSource(c echo.Context) error {
	var src geo.Source
	if err := json.NewDecoder(c.Request().Body).Decode(&src); err != nil {
		return geo.ParamError("body", "is not a source: %v", err)
	}
	if src.ID == "" {
		src.ID = c.Param("id")
	}
	if src.ID != c.Param("id") {
		return geo.ParamError("id", "the body's id %q is not the URL's %q", src.ID, c.Param("id"))
	}
	if src.Authors == nil {
		src.Authors = []string{}
	}
	if err := s.db.PutSource(c.Request().Context(), src); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, src)
}
