package server

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestPage_headMetadata(t *testing.T) {
	srv, _ := newTestServer(t)
	target := "/embed?t=2024-03&kind=attack&x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
	rec := serveWithHost(t, srv, request{target: target, header: map[string]string{"Host": "maps.example.org"}})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatal("the URL reached the page unescaped")
	}
	m := regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no oEmbed discovery link in:\n%s", body)
	}
	discovery, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	if discovery.Path != "/oembed" || discovery.Query().Get("url") != "http://maps.example.org"+target {
		t.Errorf("discovery link %s does not point at /oembed for this exact view", discovery)
	}
	for _, want := range []string{`<meta property="og:title" content="ISKP attacks to 31 July 2024">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<meta property="og:image" content="http://maps.example.org/preview.png?kind=attack&amp;t=2024-03">`,
		`<meta property="og:image:width" content="1200">`, `<meta property="og:image:height" content="630">`,
		`<meta property="og:image:alt" content="Map: ISKP attacks to 31 July 2024. To 31 July 2024.">`,
		`<link rel="canonical" href="http://maps.example.org/embed?`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("the embed page must be frameable anywhere, CSP %q", csp)
	}
	if xfo := rec.Header().Get("X-Frame-Options"); xfo != "" {
		t.Errorf("X-Frame-Options %q on an embeddable page", xfo)
	}
	if csp := get(t, srv, "/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("the map page keeps its own framing policy, CSP %q", csp)
	}
	if rec := get(t, srv, "/story"); rec.Code != http.StatusNotFound {
		t.Errorf("a page whose file is missing: status %d, want 404", rec.Code)
	}
}
