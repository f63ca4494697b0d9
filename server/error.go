package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// codes maps domain error codes to HTTP statuses.
var codes = map[string]int{
	geo.EINVALID:  http.StatusBadRequest,
	geo.ENOTFOUND: http.StatusNotFound,
	geo.ECONFLICT: http.StatusConflict,
	geo.ESTALE:    http.StatusPreconditionFailed,
	geo.EINTERNAL: http.StatusInternalServerError,
}

// Problem is an RFC 9457 problem details body. Parameter names the request parameter at fault.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Parameter string `json:"parameter,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// errorHandler writes every error as application/problem+json. Domain errors keep their
// message; echo's own (unknown route, wrong method) keep theirs; anything else is logged and
// shown only as "internal error", so no internal detail leaks.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := Problem{Type: "about:blank", Instance: c.Request().URL.Path, RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	var de *geo.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de) && de.Code != geo.EINTERNAL:
		p.Status = codes[de.Code]
		p.Detail = de.Message
		p.Parameter = de.Param
	case errors.As(err, &he):
		p.Status = he.Code
		if m, ok := he.Message.(string); ok {
			p.Detail = m
		}
	default:
		p.Status = http.StatusInternalServerError
		p.Detail = "internal error"
		s.log.ErrorContext(c.Request().Context(), "request failed", slog.String("error", err.Error()),
			slog.String("path", c.Request().URL.Path), slog.String("request_id", p.RequestID))
	}
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	p.Title = http.StatusText(p.Status)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/problem+json")
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Del(headerETag)
	c.Response().WriteHeader(p.Status)
	if err := jsonEncode(c.Response(), p); err != nil {
		s.log.Warn("write problem", slog.String("error", err.Error()))
	}
}
