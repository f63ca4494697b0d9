package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/store"
)

// statusClientClosed is the status the request log shows for a request whose client left
// before its answer (nginx's 499); no client ever receives it.
const statusClientClosed = 499

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
// message; echo's own (unknown route, wrong method, too large) keep theirs; a read refused by
// admission is 503 with Retry-After, a write that found the disk full 507; anything else is
// logged and shown only as "internal error", so no internal detail leaks. A request whose
// client has left is logged at debug level and answered to nobody.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	r := c.Request()
	p := Problem{Type: "about:blank", Instance: r.URL.Path, RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	h := c.Response().Header()
	var de *geo.Error
	var he *echo.HTTPError
	switch {
	case r.Context().Err() != nil:
		// The client left (or the server is shutting down) and the work stopped with it:
		// nobody reads the answer and nothing is wrong with the server. Under overload every
		// client that gives up ends here, so it must not read as an error.
		s.log.DebugContext(r.Context(), "client gone", slog.String("error", err.Error()),
			slog.String("path", r.URL.Path), slog.String("request_id", p.RequestID))
		c.Response().WriteHeader(statusClientClosed)
		return
	case errors.Is(err, errOverloaded):
		p.Status = http.StatusServiceUnavailable
		p.Detail = "the server is busy; retry in a moment"
		h.Set(echo.HeaderRetryAfter, retryAfter)
		h.Set(echo.HeaderConnection, "close")
	case errors.Is(err, errReadOnly):
		p.Status = http.StatusServiceUnavailable
		p.Detail = s.readOnlyDetail()
		if s.cfg.Primary != "" {
			h.Set("Link", "<"+s.cfg.Primary+">; rel=\"primary\"")
		}
	case store.OutOfStorage(err):
		// the write failed whole; the operator must free space, the client may retry later
		p.Status = http.StatusInsufficientStorage
		p.Detail = "the server is out of storage"
		s.log.ErrorContext(r.Context(), "out of storage", slog.String("error", err.Error()),
			slog.String("path", r.URL.Path), slog.String("request_id", p.RequestID))
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
		s.log.ErrorContext(r.Context(), "request failed", slog.String("error", err.Error()),
			slog.String("path", r.URL.Path), slog.String("request_id", p.RequestID))
	}
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	p.Title = http.StatusText(p.Status)
	h.Set(echo.HeaderContentType, "application/problem+json")
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Del(headerETag)
	h.Del(echo.HeaderVary) // set by cached before it failed; a problem is never stored
	c.Response().WriteHeader(p.Status)
	if err := jsonEncode(c.Response(), p); err != nil {
		s.log.Warn("write problem", slog.String("error", err.Error()))
	}
}
