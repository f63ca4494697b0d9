package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

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
}

func newResponseCache(maxBytes int) *responseCache {
	return &responseCache{max: maxBytes, maxEntry: maxBytes / 8, ll: list.New(), items: map[string]*list.Element{}}
}

func (rc *responseCache) get(key string) *body {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.items[key]; ok {
		rc.ll.MoveToFront(el)
		return el.Value.(*body)
	}
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

// canonicalQuery sorts the query so that the same request spelled in another order shares
// its ETag and cache entry. Keys and values are written with '%', '&' and '=' escaped, so no
// two different queries share a form ("kind=attack%26limit%3D1" is one parameter, not two).
func canonicalQuery(r *http.Request) string {
	if s, ok := sortedPlainQuery(r.URL.RawQuery); ok {
		return s
	}
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			sb.WriteString(keyEscaper.Replace(k))
			sb.WriteByte('=')
			sb.WriteString(keyEscaper.Replace(v))
			sb.WriteByte('&')
		}
	}
	return sb.String()
}

var keyEscaper = strings.NewReplacer("%", "%25", "&", "%26", "=", "%3D")

// sortedPlainQuery is the canonical form of a raw query that is already canonical, read
// without parsing it: every pair is one key, "=" and a value with nothing escaped and no
// further "=", and the keys are in order (what the front end and repeated requests send).
// ok is false for anything else.
func sortedPlainQuery(raw string) (canonical string, ok bool) {
	if raw == "" {
		return "", true
	}
	if strings.ContainsAny(raw, "%+;") || strings.HasSuffix(raw, "&") {
		return "", false
	}
	prev := ""
	for rest := raw; rest != ""; {
		pair, next, _ := strings.Cut(rest, "&")
		key, value, hasValue := strings.Cut(pair, "=")
		if !hasValue || key == "" || key < prev || strings.Contains(value, "=") {
			return "", false
		}
		prev, rest = key, next
	}
	return raw + "&", true
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
	var sb strings.Builder
	sb.WriteString(strconv.FormatInt(version, 10))
	sb.WriteByte('|')
	sb.WriteString(r.URL.Path)
	sb.WriteByte('|')
	sb.WriteString(canonicalQuery(r))
	sb.WriteByte('|')
	sb.WriteString(s.baseURL(c))
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
		val, err := render()
		if err != nil {
			h.Del(headerETag)
			return err
		}
		plain, ok := val.([]byte)
		if !ok {
			var buf bytes.Buffer
			if err := jsonEncode(&buf, val); err != nil {
				return err
			}
			plain = buf.Bytes()
		}
		b = &body{key: key, contentType: contentType, plain: plain, gz: gzipBytes(plain), etag: etag,
			headers:           s.cachedHeaders(cacheControl, etag),
			contentTypeHeader: []string{contentType}}
		s.cache.put(b)
	}
	if strings.TrimSpace(match) == "*" {
		return c.NoContent(http.StatusNotModified)
	}
	return writeBody(c, b)
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

// acceptsGzip reports whether the client takes gzip: named (or "*") with a weight above 0.
func acceptsGzip(r *http.Request) bool {
	star := false
	for _, part := range strings.Split(r.Header.Get(echo.HeaderAcceptEncoding), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.TrimSpace(name)
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					weight = q
				} else {
					weight = 0
				}
			}
		}
		switch {
		case strings.EqualFold(name, "gzip"):
			return weight > 0
		case name == "*":
			star = weight > 0
		}
	}
	return star
}

// gzipWriters reuses compressors: each holds about a megabyte of state, too much to
// allocate per response.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return zw
}}

// gzipBytes compresses b, or returns nil when that would not save at least a tenth. The
// default level compresses GeoJSON within a few percent of the best at a third of the time.
func gzipBytes(b []byte) []byte {
	if len(b) < 512 {
		return nil
	}
	var buf bytes.Buffer
	buf.Grow(len(b) / 4)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(b)
	zw.Close()
	gzipWriters.Put(zw)
	if buf.Len() > len(b)*9/10 {
		return nil
	}
	return buf.Bytes()
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
