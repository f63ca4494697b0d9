package server

import (
	"bytes"
	"container/list"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// body is a rendered response kept in memory with its gzip form, so a repeated request costs a
// map lookup and a write, not a query and an encoding.
type body struct {
	key         string
	contentType string
	plain       []byte
	gz          []byte // nil when gzip would not help
	etag        string

	// For serveFromCache: every header its answers carry but the request id and the body's
	// own, ready to go into a header map.
	headers           http.Header
	contentTypeHeader []string
}

// responseCache is a byte-bounded LRU of rendered responses, keyed by the dataset version, the
// route and the canonical query. Entries of an older version are never hit again and age out.
type responseCache struct {
	mu       sync.Mutex
	max      int
	maxEntry int
	size     int
	ll       *list.List
	items    map[string]*list.Element

	// hits and misses count lookups, for the metrics: an atomic add each, under no lock.
	hits, misses atomic.Uint64
}

func newResponseCache(maxBytes int) *responseCache {
	return &responseCache{max: maxBytes, maxEntry: maxBytes / 8, ll: list.New(), items: map[string]*list.Element{}}
}

func (rc *responseCache) get(key string) *body {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.items[key]; ok {
		rc.ll.MoveToFront(el)
		rc.hits.Add(1)
		return el.Value.(*body)
	}
	rc.misses.Add(1)
	return nil
}

func (rc *responseCache) put(b *body) {
	n := len(b.plain) + len(b.gz)
	if n > rc.maxEntry {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if _, ok := rc.items[b.key]; ok {
		return
	}
	rc.items[b.key] = rc.ll.PushFront(b)
	rc.size += n
	for rc.size > rc.max {
		el := rc.ll.Back()
		old := el.Value.(*body)
		rc.ll.Remove(el)
		delete(rc.items, old.key)
		rc.size -= len(old.plain) + len(old.gz)
	}
}

// etagFor derives an ETag from the dataset version and the request, never from the body.
func etagFor(version int64, key string) string {
	return fmt.Sprintf(`W/"%d-%s"`, version, hashKey(key))
}

// hashKey is a short hash of a cache key: 16 hex digits of FNV-1a.
func hashKey(key string) string {
	h := fnv.New64a()
	io.WriteString(h, key)
	return fmt.Sprintf("%016x", h.Sum64())
}

// cacheKey is the key of a GET's rendered response: the dataset version, the route, the
// canonical query and the base URL its links carry. The ETag is derived from it.
func (s *Server) cacheKey(c echo.Context) (key, etag string) {
	v := s.db.Version()
	key = s.versionedKey(c, v)
	return key, etagFor(v, key)
}

// versionedKey is cacheKey's key for a given dataset version.
func (s *Server) versionedKey(c echo.Context, version int64) string {
	r := c.Request()
	return keyOf(version, r.URL.Path, canonicalQuery(r), s.baseURL(c))
}

// keyOf is the one spelling of a cache key: version, path, canonical query and base URL.
func keyOf(version int64, path, query, base string) string {
	var sb strings.Builder
	sb.WriteString(strconv.FormatInt(version, 10))
	sb.WriteByte('|')
	sb.WriteString(path)
	sb.WriteByte('|')
	sb.WriteString(query)
	sb.WriteByte('|')
	sb.WriteString(base)
	return sb.String()
}

// notModified answers a revalidation whose ETag matches before any parsing or rendering: a
// named ETag was issued for this version and query, so the answer is still the same. "*" is
// left to cached, which must find out whether the resource exists.
func (s *Server) notModified(c echo.Context) bool {
	match := c.Request().Header.Get(headerIfNoneMatch)
	if match == "" || strings.TrimSpace(match) == "*" {
		return false
	}
	_, etag := s.cacheKey(c)
	if !etagMatch(match, etag) {
		return false
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cacheAPI)
	h.Set(echo.HeaderVary, echo.HeaderAcceptEncoding)
	h.Set(headerETag, etag)
	c.Response().WriteHeader(http.StatusNotModified)
	return true
}

// cached answers a GET from the response cache, or renders it with render (which returns the
// value to encode as JSON, or raw bytes) and keeps it. It handles If-None-Match and gzip.
func (s *Server) cached(c echo.Context, contentType, cacheControl string, render func() (any, error)) error {
	r := c.Request()
	key, etag := s.cacheKey(c)
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cacheControl)
	h.Set(echo.HeaderVary, echo.HeaderAcceptEncoding)
	h.Set(headerETag, etag)
	// A named ETag was issued for this version and query, so the resource exists; "*" matches
	// only if it does (RFC 9110 13.1.2), which rendering finds out.
	match := r.Header.Get(headerIfNoneMatch)
	if match != "" && strings.TrimSpace(match) != "*" && etagMatch(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	b := s.cache.get(key)
	if b == nil {
		var err error
		if b, err = s.render(c, key, etag, contentType, cacheControl, render); err != nil {
			h.Del(headerETag)
			return err
		}
	}
	if strings.TrimSpace(match) == "*" {
		return c.NoContent(http.StatusNotModified)
	}
	return writeBody(c, b)
}

// render makes and keeps the body for key, once admission lets it: the query, its encoding
// and gzip are the work admission bounds. A request that waited for its turn first looks
// again, since one ahead of it may have rendered the same key.
func (s *Server) render(c echo.Context, key, etag, contentType, cacheControl string, render func() (any, error)) (*body, error) {
	leave, err := s.reads.enter(c.Request().Context())
	if err != nil {
		return nil, err
	}
	defer leave()
	if b := s.cache.get(key); b != nil {
		return b, nil
	}
	val, err := render()
	if err != nil {
		return nil, err
	}
	plain, ok := val.([]byte)
	if !ok {
		var buf bytes.Buffer
		if err := jsonEncode(&buf, val); err != nil {
			return nil, err
		}
		plain = buf.Bytes()
	}
	b := &body{key: key, contentType: contentType, plain: plain, gz: gzipBytes(plain), etag: etag,
		headers:           s.cachedHeaders(cacheControl, etag),
		contentTypeHeader: []string{contentType}}
	s.cache.put(b)
	return b, nil
}

// cachedHeaders are the headers every answer from the cache carries: those of the security and
// CORS middleware (every cached route is on the read API) and cached's own.
func (s *Server) cachedHeaders(cacheControl, etag string) http.Header {
	h := http.Header{
		echo.HeaderCacheControl: {cacheControl},
		echo.HeaderVary:         {echo.HeaderAcceptEncoding},
		etagKey:                 {etag},
	}
	copyHeader(h, s.headers.security)
	copyHeader(h, s.headers.cors)
	return h
}

// writeBody sends a rendered body, gzipped when the client takes it, with its length so that
// it goes out in one piece rather than chunked.
func writeBody(c echo.Context, b *body) error {
	h := c.Response().Header()
	out := b.plain
	if b.gz != nil && acceptsGzip(c.Request()) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		out = b.gz
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(out)))
	return c.Blob(http.StatusOK, b.contentType, out)
}

func etagMatch(header, etag string) bool {
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

const (
	headerETag        = "ETag"
	headerIfNoneMatch = "If-None-Match"
)

// etagKey is the ETag header's key as a header map holds it.
var etagKey = http.CanonicalHeaderKey(headerETag)

// ServeHTTP answers a public read whose response is already rendered straight from the
// response cache, and everything else through echo (HEAD as a GET without its body: see
// headAsGet). A map page revalidating its data or many
// readers opening the same embed are mostly such requests, and for them routing, the
// middleware chain and parameter parsing were most of the cost. The answer is the one echo's
// path would give (TestFastPathMatchesEcho holds them to the same status, headers and body):
// an entry exists only for a request that echo's path rendered, under the same key, with the
// dataset version in it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveFromCache(w, r) || s.refuseEarly(w, r) {
		return
	}
	if r.Method == http.MethodHead {
		w, r = headAsGet(w, r)
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
	if s.metrics != nil {
		s.metrics.fromCache.Observe(time.Since(start).Seconds())
	}
	return true
}

var gzipEncoding = []string{"gzip"}
