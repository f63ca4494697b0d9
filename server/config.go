package server

import (
	"github.com/labstack/echo/v4"
)

// config answers /api/config: what the operator configured for the map.
func (s *Server) config(c echo.Context) error {
	if err := onlyFormat(c); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		return map[string]any{
			"tile_url":         s.cfg.TileURL,
			"tile_attribution": s.cfg.TileAttribution,
			"version":          s.cfg.Version,
		}, nil
	})
}
