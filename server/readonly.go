package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
)

// errReadOnly refuses a write on a read-only replica (Config.ReadOnly).
var errReadOnly = errors.New("read-only replica")

// refuseWrites answers every request that could write (anything but GET, HEAD and OPTIONS)
// with 503 naming the primary: a read-only replica's database follows the primary's, and a
// write here would be lost at its next update.
func (s *Server) refuseWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		return errReadOnly
	}
}

// readOnlyDetail is the problem detail of errReadOnly.
func (s *Server) readOnlyDetail() string {
	if s.cfg.Primary == "" {
		return "this server is a read-only replica; send writes to the primary"
	}
	return "this server is a read-only replica; send writes to the primary at " + s.cfg.Primary
}
