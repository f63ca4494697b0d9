package server

import (
	"bytes"
	_ "embed"

	"github.com/labstack/echo/v4"
)

//go:embed openapi.json
var openAPIDoc []byte

// openAPI answers /api/openapi: the API definition the landing page links as service-desc.
func (s *Server) openAPI(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeOpenAPI, cacheAPI, func() (any, error) {
		return bytes.ReplaceAll(openAPIDoc, []byte("{{BASE}}"), []byte(s.baseURL(c))), nil
	})
}
