package server

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/preview"
)

// getPreview fetches /preview.png?query and decodes it as a 1200×630 PNG.
func getPreview(t *testing.T, h http.Handler, query string) image.Image {
	t.Helper()
	rec := get(t, h, "/preview.png?"+query)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != mimePNG {
		t.Fatalf("%s: status %d, %s: %s", query, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes())
	}
	img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", query, err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
		t.Fatalf("%s: %v, want 1200×630", query, b)
	}
	return img
}

// near reports whether two colours differ by at most tol in each channel.
func near(got color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := got.RGBA()
	d := func(x uint32, y uint8) bool { v := int(x>>8) - int(y); return v >= -tol && v <= tol }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// over is c at opacity a over ground, as a canvas paints it.
func over(c, ground color.RGBA, a float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.RGBA{mix(c.R, ground.R), mix(c.G, ground.G), mix(c.B, ground.B), 255}
}

func TestPreview_drawsTheView(t *testing.T) {
	srv, _ := newTestServer(t)
	// The map's centre: (600, 259) in the 1200×518 map above the title band.
	const cx, cy = 600, 259
	// Central Iran, away from any event: Kerman (2024-01-03) makes Iran reached under the rule.
	iran := "map=6/32/55"
	if got := getPreview(t, srv, iran+"&t=2024-02-01").At(cx, cy); !near(got, preview.Reached, 2) {
		t.Errorf("Iran after Kerman: %v, want the reached tint %v", got, preview.Reached)
	}
	if got := getPreview(t, srv, iran+"&t=2023-12-01").At(cx, cy); !near(got, preview.Land, 2) {
		t.Errorf("Iran before Kerman: %v, want land %v", got, preview.Land)
	}
	// The alleged arrest in Mashhad is the Islamic State's core's: with that actor alone it is
	// hatched, never tinted as reached.
	hatched := getPreview(t, srv, iran+"&t=2020-02-01&actor=is")
	if got := hatched.At(cx, cy); near(got, preview.Reached, 2) && near(hatched.At(cx+3, cy), preview.Reached, 2) {
		t.Errorf("alleged presence only: Iran tinted as reached")
	}
	// The selected Kerman bombing, centred: its marker has the attack colour, faded as an
	// exact date's fill (0.88) over the reached tint.
	attack := preview.KindColor["attack"]
	sel := getPreview(t, srv, "map=6/30.28/57.08&t=2024-02-01&event="+idKerman)
	if got, want := sel.At(cx, cy), over(attack, preview.Reached, 0.88); !near(got, want, 3) {
		t.Errorf("selected marker: %v, want %v", got, want)
	}
	// Before it happened, it is not drawn.
	if got := getPreview(t, srv, "map=6/30.28/57.08&t=2023-12-01&event="+idKerman).At(cx, cy); !near(got, preview.Land, 2) {
		t.Errorf("Kerman before its date: %v, want land", got)
	}
	// Filtered out (arrests only), it is not drawn either, and Iran is not reached.
	if got := getPreview(t, srv, "map=6/30.28/57.08&t=2024-02-01&kind=arrest").At(cx, cy); !near(got, preview.Land, 2) {
		t.Errorf("Kerman filtered out: %v, want land", got)
	}
}

func TestPreview_parameters(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tt := range []struct {
		name, query string
		status      int
		param       string
	}{
		{"ok, bare", "", 200, ""},
		{"ok, malformed values fall back as on the page", "t=yesterday&map=a/b/c&kind=nonsense&w=-3&mode=window", 200, ""},
		{"nok, unknown parameter", "bbox=1,2,3,4", 400, "bbox"},
		{"nok, undecodable", "t=%zz", 400, "t"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, srv, "/preview.png?"+tt.query)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				var p Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Parameter != tt.param {
					t.Errorf("problem %s, want parameter %q", rec.Body, tt.param)
				}
			}
		})
	}
	// Cached by dataset version and view: the second answer is the first, and revalidates.
	a := get(t, srv, "/preview.png?t=2024-02-01")
	b := serve(t, srv, request{target: "/preview.png?t=2024-02-01", header: map[string]string{"If-None-Match": a.Header().Get("ETag")}})
	if a.Header().Get("ETag") == "" || b.Code != http.StatusNotModified {
		t.Errorf("revalidation: ETag %q, status %d", a.Header().Get("ETag"), b.Code)
	}
}

func TestOEmbed_thumbnail(t *testing.T) {
	srv, _ := newTestServer(t)
	host := map[string]string{"Host": "maps.example.org"}
	view := "http://maps.example.org/?t=2024-03-31&kind=attack&x=1"
	rec := serveWithHost(t, srv, request{target: "/oembed?url=" + url.QueryEscape(view), header: host})
	var v map[string]any
	decode(t, rec, &v)
	if v["title"] != "ISKP attacks to 31 March 2024" || v["thumbnail_width"] != 1200.0 || v["thumbnail_height"] != 630.0 ||
		v["thumbnail_url"] != "http://maps.example.org/preview.png?kind=attack&t=2024-03-31" {
		t.Fatalf("oEmbed for a view: %v", v)
	}
	thumb, _ := url.Parse(v["thumbnail_url"].(string))
	getPreview(t, srv, thumb.RawQuery)
}

func TestPage_titleFollowsTheData(t *testing.T) {
	srv, db := newTestServer(t)
	title := func() string {
		body := get(t, srv, "/embed").Body.String()
		m := regexp.MustCompile(`<meta property="og:title" content="([^"]*)">`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no og:title in %s", body)
		}
		return m[1]
	}
	if got := title(); got != "ISKP attacks, plots, arrests and networks to 31 July 2024" {
		t.Fatalf("before: %q", got)
	}
	// Without the Cologne network (to July 2024), the data ends with March 2024.
	events := slices.DeleteFunc(fixtureEvents(), func(e *geo.Event) bool { return e.ID == idCologne })
	reload(t, db, fixtureSources(), events)
	if got := title(); got != "ISKP attacks, plots, arrests and networks to 31 March 2024" {
		t.Errorf("after a change to the data: %q", got)
	}
}
