package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/server/preview"
)

// page is an HTML page of the front end. Embeddable pages may be framed by any site (their
// CSP says frame-ancestors *); the map page only by its own origin.
type page struct {
	file        string
	title       string
	description string
	embeddable  bool
	view        bool // it shows a view of the map: its metadata describe that view, with a preview image
}

var pages = map[string]page{
	"/":           {"index.html", "Westward: ISKP's spread westward, 2015–2024", mapDescription, false, true},
	"/index.html": {"index.html", "Westward: ISKP's spread westward, 2015–2024", mapDescription, false, true},
	"/embed":      {"embed.html", "Westward map", mapDescription, true, true},
	"/embed.html": {"embed.html", "Westward map", mapDescription, true, true},
	"/story":      {"story.html", "Westward story: the westward expansion", storyDescription, true, true},
	"/story.html": {"story.html", "Westward story: the westward expansion", storyDescription, true, true},
	"/editor":     {"editor.html", "Westward editor", "Sign in to add and correct events.", false, false},
}

const (
	mapDescription   = "An interactive map of Islamic State Khorasan Province's attacks, plots, arrests, threats and networks from Afghanistan westward, 2015–2024, each traced to its sources."
	storyDescription = "A chapter-by-chapter walk through ISKP's westward expansion, from its founding in Afghanistan to the 2024 attacks in Iran, Turkey and Russia."
)

// headTemplate is added to each page's head: oEmbed discovery, the canonical address and the
// Open Graph / Twitter card metadata, all escaped by html/template.
var headTemplate = template.Must(template.New("head").Parse(`
{{if .URL}}<link rel="canonical" href="{{.URL}}">
{{end}}{{if .OEmbed}}<link rel="alternate" type="application/json+oembed" href="{{.OEmbed}}" title="{{.Title}}">
{{end}}<meta name="description" content="{{.Description}}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="Westward">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Description}}">
{{if .URL}}<meta property="og:url" content="{{.URL}}">
{{end}}{{if .Image}}<meta property="og:image" content="{{.Image}}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="{{.ImageWidth}}">
<meta property="og:image:height" content="{{.ImageHeight}}">
<meta property="og:image:alt" content="{{.ImageAlt}}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="{{.Image}}">
<meta name="twitter:image:alt" content="{{.ImageAlt}}">
{{else}}<meta name="twitter:card" content="summary">
{{end}}<meta name="twitter:title" content="{{.Title}}">
<meta name="twitter:description" content="{{.Description}}">
{{if .Static}}<meta name="westward-data" content="static">
{{end}}`))

type headData struct {
	URL, OEmbed, Title, Description string
	// Image is the view's preview (absolute), with its size and a text alternative.
	Image, ImageAlt         string
	ImageWidth, ImageHeight int
	Static                  bool
}

// renderPage returns the page's HTML with the head metadata for the address it is served at.
func renderPage(html []byte, d headData) ([]byte, error) {
	var head bytes.Buffer
	if err := headTemplate.Execute(&head, d); err != nil {
		return nil, err
	}
	i := bytes.Index(html, []byte("</head>"))
	if i < 0 {
		return html, nil
	}
	out := make([]byte, 0, len(html)+head.Len())
	out = append(out, html[:i]...)
	out = append(out, head.Bytes()...)
	return append(out, html[i:]...), nil
}

// servePage serves an HTML page with metadata for the exact URL asked for, so that a shared
// or embedded view's preview and oEmbed link describe that view.
func (s *Server) servePage(c echo.Context, p page) error {
	raw, ok := s.static.files["/"+p.file]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "no such page")
	}
	self := s.baseURL(c) + c.Request().URL.RequestURI()
	h := c.Response().Header()
	if p.embeddable {
		csp := h.Get("Content-Security-Policy")
		h.Set("Content-Security-Policy", strings.Replace(csp, "frame-ancestors 'self'", "frame-ancestors *", 1))
	}
	h.Set(echo.HeaderCacheControl, "no-cache")
	h.Set(echo.HeaderVary, echo.HeaderAcceptEncoding)
	// The page differs by URL only in its head: its ETag is the file's and the URL's.
	// Its title and preview follow the data, so the dataset version is part of it too; a
	// revalidation is answered before the view is described.
	etag := strings.TrimSuffix(raw.etag, `"`) + "-" + hashKey(strconv.FormatInt(s.db.Version(), 10)+"|"+self) + `"`
	h.Set(headerETag, etag)
	if etagMatch(c.Request().Header.Get(headerIfNoneMatch), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	d := headData{
		URL:         self,
		OEmbed:      s.baseURL(c) + "/oembed?format=json&url=" + url.QueryEscape(self),
		Title:       p.title,
		Description: p.description,
	}
	if p.view {
		m, err := s.describeView(c.Request().Context(), c.QueryParams(), p.file == "story.html", p.description)
		if err != nil {
			h.Del(headerETag)
			return err
		}
		d.Title, d.Description = m.title, m.description
		d.Image, d.ImageAlt = s.baseURL(c)+m.image, m.imageAlt
		d.ImageWidth, d.ImageHeight = preview.Width, preview.Height
	}
	html, err := renderPage(raw.plain, d)
	if err != nil {
		h.Del(headerETag)
		return err
	}
	return writeBody(c, &body{contentType: raw.contentType, plain: html, gz: gzipBytes(html)})
}

// mapTemplate is the one body of the map page and the embed, which differ only in their
// chrome (the map page's top bar and dialogs, the embed's footer), their title and colour
// scheme and their page module. Its {{if .Embed}} blocks are composed at start into
// index.html and embed.html (composeMapPages), so the pages are plain files again from then
// on: served, exported and hashed like any other.
const mapTemplate = "/map.html"

// composeMapPages replaces the embedded map.html template with the two pages made from it. A
// front end without the template (the tests' small one) keeps its pages as they are.
func composeMapPages(sf *staticFiles) error {
	raw, ok := sf.files[mapTemplate]
	if !ok {
		return nil
	}
	tmpl, err := template.New("map").Parse(string(raw.plain))
	if err != nil {
		return err
	}
	for file, embed := range map[string]bool{"/index.html": false, "/embed.html": true} {
		var b bytes.Buffer
		if err := tmpl.Execute(&b, struct{ Embed bool }{embed}); err != nil {
			return err
		}
		sum := sha256.Sum256(b.Bytes())
		sf.files[file] = &body{key: file[1:], contentType: raw.contentType, plain: b.Bytes(), gz: gzipBytes(b.Bytes()),
			etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	}
	delete(sf.files, mapTemplate)
	return nil
}
