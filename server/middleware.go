package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// headAsGet answers HEAD as GET without the body (echo v4 routes HEAD only where registered;
// HTTP says every GET resource answers HEAD with the same headers).
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodHead {
			return next(c)
		}
		r.Method = http.MethodGet
		c.Response().Writer = headWriter{c.Response().Writer}
		return next(c)
	}
}

// headWriter keeps a response's status and headers and drops its body.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

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
		s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
			slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path),
			slog.Int("status", res.Status),
			slog.Int64("bytes", res.Size),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)))
		return nil
	}
}

func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.log.Error("panic", slog.String("error", err.Error()), slog.String("path", c.Request().URL.Path),
		slog.String("stack", string(stack)))
	return err
}

// securityHeaders sets a strict Content-Security-Policy and its companions on every response.
// Only the operator's tile host, if configured, is added to img-src.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	img := "'self' data:"
	if origin := tileOrigin(s.cfg.TileURL); origin != "" {
		img += " " + origin
	}
	csp := strings.Join([]string{
		"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src " + img,
		"connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
		"form-action 'self'", "frame-ancestors 'self'",
	}, "; ")
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		return next(c)
	}
}

// cors opens the read API to pages and tools on other origins: it is public, read-only and
// sets no cookies.
func (s *Server) cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set(echo.HeaderAccessControlAllowOrigin, "*")
		h.Set(echo.HeaderAccessControlExposeHeaders, "ETag")
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
