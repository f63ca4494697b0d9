package server

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// staticFiles is the embedded front end, read once at start with each file's ETag (a hash of
// its content) and gzip form, so serving a file is a map lookup.
type staticFiles struct {
	files map[string]*body
}

// Files that are served. Everything else in the embedded folder (Go source, the vendoring
// script) is not.
var staticTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".ico":  "image/x-icon",
	".map":  "application/json",
	".txt":  "text/plain; charset=utf-8",
}

func loadStatic(fsys fs.FS) (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*body{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ct, ok := staticTypes[path.Ext(p)]
		if !ok {
			if ct = mime.TypeByExtension(path.Ext(p)); ct == "" || path.Base(p) == "LICENSE" {
				ct = "text/plain; charset=utf-8"
			}
			if !strings.HasSuffix(p, "LICENSE") && path.Base(p) != "VERSIONS" {
				return nil
			}
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.files["/"+p] = &body{key: p, contentType: ct, plain: b, gz: gzipBytes(b), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sf, composeMapPages(sf)
}

// serveStatic serves the front end: "/" is the map page. Our own files revalidate on every
// use in browsers and are shared by caches as the API is (cacheAPI: they have no content hash
// in their names, as plain ES modules import each other by name); vendored files, pinned by
// version, may be kept for a day.
func (s *Server) serveStatic(c echo.Context) error {
	p := c.Request().URL.Path
	if pg, ok := pages[p]; ok {
		return s.servePage(c, pg)
	}
	b, ok := s.static.files[p]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "no such page")
	}
	h := c.Response().Header()
	h.Set(headerETag, b.etag)
	h.Set(echo.HeaderVary, echo.HeaderAcceptEncoding)
	if strings.HasPrefix(p, "/vendor/") {
		h.Set(echo.HeaderCacheControl, "public, max-age=86400")
	} else {
		h.Set(echo.HeaderCacheControl, cacheAPI)
	}
	if etagMatch(c.Request().Header.Get(headerIfNoneMatch), b.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return writeBody(c, b)
}
