package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// ServeHTTP answers a public read whose response is already rendered straight from the
// response cache, and everything else through echo. A map page revalidating its data or many
// readers opening the same embed are mostly such requests, and for them routing, the
// middleware chain and parameter parsing were most of the cost. The answer is the one echo's
// path would give (TestFastPathMatchesEcho holds them to the same status, headers and body):
// an entry exists only for a request that echo's path rendered, under the same key, with the
// dataset version in it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveFromCache(w, r) {
		return
	}
	s.echo.ServeHTTP(w, r)
}

// serveFromCache writes the cached answer to r and reports whether there was one.
func (s *Server) serveFromCache(w http.ResponseWriter, r *http.Request) bool {
	// A body (which echo's limit would refuse) or an escaped path (which echo routes by its
	// raw form) is left to echo, as are other methods, credentials and pages.
	if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/api/") || r.URL.RawPath != "" ||
		r.ContentLength != 0 || r.Header.Get(echo.HeaderAuthorization) != "" {
		return false
	}
	match := r.Header.Get(headerIfNoneMatch)
	if strings.TrimSpace(match) == "*" {
		return false
	}
	c := s.echo.AcquireContext()
	c.Reset(r, w)
	key := s.versionedKey(c, s.db.Version())
	s.echo.ReleaseContext(c)
	b := s.cache.get(key)
	if b == nil {
		return false
	}
	start := time.Now()
	h := w.Header()
	copyHeader(h, b.headers)
	rid := r.Header.Get(echo.HeaderXRequestID)
	if rid == "" {
		rid = s.requestIDs.next()
	}
	h[echo.HeaderXRequestID] = []string{rid}
	status, n := http.StatusNotModified, 0
	if match != "" && etagMatch(match, b.etag) {
		w.WriteHeader(status)
	} else {
		status = http.StatusOK
		out := b.plain
		if b.gz != nil && acceptsGzip(r) {
			h[echo.HeaderContentEncoding] = gzipEncoding
			out = b.gz
		}
		h[echo.HeaderContentType] = b.contentTypeHeader
		h[echo.HeaderContentLength] = []string{strconv.Itoa(len(out))}
		w.WriteHeader(status)
		n, _ = w.Write(out)
	}
	if s.log.Enabled(r.Context(), slog.LevelInfo) {
		s.logRequest(r, status, int64(n), time.Since(start), rid)
	}
	return true
}

var gzipEncoding = []string{"gzip"}

// requestIDs numbers requests: a random prefix per process and a counter, unique in the logs
// at the cost of one atomic add (echo's default reads 32 random characters per request).
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func (g *requestIDs) next() string {
	return g.prefix + strconv.FormatUint(g.n.Add(1), 36)
}
