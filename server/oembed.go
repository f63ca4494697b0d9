package server

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/preview"
)

// Default and largest sizes of an oEmbed iframe, in CSS pixels.
const (
	oembedWidth     = 800
	oembedHeight    = 600
	oembedMinWidth  = 200
	oembedMinHeight = 200
)

var oembedHTML = template.Must(template.New("oembed").Parse(
	`<iframe src="{{.Src}}" title="{{.Title}}" width="{{.Width}}" height="{{.Height}}" style="width:100%;max-width:{{.Width}}px;border:0" loading="lazy" referrerpolicy="no-referrer" allow="fullscreen"></iframe>` +
		`<p><a href="{{.Full}}">View the full map</a></p>`))

// oembed answers /oembed (oEmbed 1.0): for a URL of this site's map, embed or story page, a
// "rich" response whose html frames the embeddable form of the same view.
func (s *Server) oembed(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		switch k {
		case "url", "maxwidth", "maxheight", "format":
		default:
			return geo.UnknownParam(k)
		}
	}
	if f := q.Get("format"); f != "" && f != "json" {
		// oEmbed: an unsupported format is 501
		return &echo.HTTPError{Code: http.StatusNotImplemented, Message: "format " + f + " is not supported; use json"}
	}
	if !q.Has("url") {
		return geo.ParamError("url", "is required")
	}
	width, height := oembedWidth, oembedHeight
	for _, p := range []struct {
		name string
		v    *int
		min  int
	}{{"maxwidth", &width, oembedMinWidth}, {"maxheight", &height, oembedMinHeight}} {
		if !q.Has(p.name) {
			continue
		}
		n, err := strconv.Atoi(q.Get(p.name))
		if err != nil || n < p.min {
			return geo.ParamError(p.name, "want a whole number of pixels ≥ %d, got %q", p.min, q.Get(p.name))
		}
		*p.v = min(*p.v, n)
	}
	target, err := url.Parse(q.Get("url"))
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") {
		return geo.ParamError("url", "%q is not an http(s) URL", q.Get("url"))
	}
	base, _ := url.Parse(s.baseURL(c))
	if !strings.EqualFold(target.Host, base.Host) {
		return &geo.Error{Code: geo.ENOTFOUND, Param: "url", Message: "not a page of this site: " + target.Host}
	}
	kind := ""
	switch target.Path {
	case "", "/", "/index.html", "/embed", "/embed.html":
		kind = "embed"
	case "/story", "/story.html":
		kind = "story"
	default:
		return &geo.Error{Code: geo.ENOTFOUND, Param: "url", Message: "no embeddable page at " + target.Path}
	}
	src := s.baseURL(c) + "/" + kind
	full := s.baseURL(c) + "/"
	if kind == "story" {
		full = src
	}
	if target.RawQuery != "" {
		src += "?" + target.RawQuery
		full += "?" + target.RawQuery
	}
	fallback := mapDescription
	if kind == "story" {
		fallback = storyDescription
	}
	m, err := s.describeView(c.Request().Context(), target.Query(), kind == "story", fallback)
	if err != nil {
		return err
	}
	title := m.title
	var html bytes.Buffer
	if err := oembedHTML.Execute(&html, map[string]any{"Src": src, "Full": full, "Title": title, "Width": width, "Height": height}); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
	return c.JSON(http.StatusOK, map[string]any{
		"version":       "1.0",
		"type":          "rich",
		"provider_name": "Westward",
		"provider_url":  s.baseURL(c) + "/",
		"title":         title,
		"html":          html.String(),
		"width":         width,
		"height":        height,
		"cache_age":     3600,
		// A thumbnail is optional in oEmbed 1.0; a link preview needs one, of the view itself.
		"thumbnail_url":    s.baseURL(c) + m.image,
		"thumbnail_width":  preview.Width,
		"thumbnail_height": preview.Height,
		"description":      m.description,
	})
}
