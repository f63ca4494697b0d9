package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// headAsGet answers HEAD as GET without the body (echo v4 routes HEAD only where registered;
// HTTP says every GET resource answers HEAD with the same headers). echo routes by the request
// it was handed, so the GET is a copy handed to it in place of the HEAD, which net/http keeps:
// changing the method on net/http's own request made it take the missing body for a short
// write and close the connection.
func headAsGet(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request) {
	get := *r
	get.Method = http.MethodGet
	return headWriter{w}, &get
}

// headWriter keeps a response's status and headers and drops its body.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

// Unwrap lets http.ResponseController reach the connection's writer (to flush a stream).
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one structured line per request, with its request id.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.log.Enabled(c.Request().Context(), slog.LevelInfo) {
			return next(c)
		}
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res := c.Response()
		s.logRequest(c.Request(), res.Status, res.Size, time.Since(start), res.Header().Get(echo.HeaderXRequestID))
		return nil
	}
}

func (s *Server) logRequest(r *http.Request, status int, size int64, d time.Duration, requestID string) {
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", size),
		slog.Duration("duration", d),
		slog.String("request_id", requestID))
}

func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.log.Error("panic", slog.String("error", err.Error()), slog.String("path", c.Request().URL.Path),
		slog.String("stack", string(stack)))
	return err
}

// securityHeaders sets a strict Content-Security-Policy and its companions on every response.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		copyHeader(c.Response().Header(), s.headers.security)
		return next(c)
	}
}

// fixedHeaders are the response headers that never change while the server runs, built once
// so the middleware and the cached-response path send the very same values.
type fixedHeaders struct {
	security http.Header // every response
	cors     http.Header // the read API
}

// newFixedHeaders builds the headers for cfg. Only the operator's tile host, if configured, is
// added to the CSP's img-src.
func newFixedHeaders(cfg Config) fixedHeaders {
	img := "'self' data:"
	if origin := tileOrigin(cfg.TileURL); origin != "" {
		img += " " + origin
	}
	csp := strings.Join([]string{
		"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src " + img,
		"connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
		"form-action 'self'", "frame-ancestors 'self'",
	}, "; ")
	return fixedHeaders{
		security: http.Header{
			"Content-Security-Policy":    {csp},
			"X-Content-Type-Options":     {"nosniff"},
			"Referrer-Policy":            {"no-referrer"},
			"Cross-Origin-Opener-Policy": {"same-origin"},
			"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
		},
		cors: http.Header{
			echo.HeaderAccessControlAllowOrigin:   {"*"},
			echo.HeaderAccessControlExposeHeaders: {"ETag"},
		},
	}
}

// copyHeader sets every header of src on dst. The values are shared, not copied: net/http
// only reads them, and nothing here changes a fixed header in place (Set replaces the slice).
func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}

// cors opens the read API to pages and tools on other origins: it is public, read-only and
// sets no cookies.
func (s *Server) cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		copyHeader(c.Response().Header(), s.headers.cors)
		return next(c)
	}
}

// tileOrigin returns the scheme and host of a tile URL template, for the CSP.
func tileOrigin(tmpl string) string {
	if tmpl == "" {
		return ""
	}
	u, err := url.Parse(strings.NewReplacer("{s}", "a", "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(tmpl))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	host := u.Host
	if strings.Contains(tmpl, "{s}") {
		// a subdomain template: allow the sibling hosts too
		if _, rest, ok := strings.Cut(host, "."); ok {
			host = "*." + rest
		}
	}
	return u.Scheme + "://" + host
}

// requestIDs numbers requests: a random prefix per process and a counter, unique in the logs
// at the cost of one atomic add (echo's default reads 32 random characters per request).
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func (g *requestIDs) next() string {
	return g.prefix + strconv.FormatUint(g.n.Add(1), 36)
}
