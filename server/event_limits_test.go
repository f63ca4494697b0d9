package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/importer"
)

// TestWrite_textLimitsOnEveryPath holds every write path to geo's text limits: the API's
// create, replace and patch (the editor's form uses them), and both import formats, which
// agree on invalid UTF-8 and NUL and name the line or feature.
func TestWrite_textLimitsOnEveryPath(t *testing.T) {
	ed := newEditing(t)
	ev := fixtureEvents()[0]
	target := "/api/collections/events/items/" + ev.ID
	long := strings.Repeat("a", geo.LimitSummary.MaxRunes+1)
	t.Run("nok, create with a long title", func(t *testing.T) {
		e := *ev
		e.ID, e.Title = "too-long-title", strings.Repeat("t", geo.LimitTitle.MaxRunes+1)
		wantProblem(t, ed.do(http.MethodPost, "/api/collections/events/items", eventJSON(t, &e), ed.asEditor()), http.StatusBadRequest, "title")
	})
	t.Run("nok, replace with a long summary", func(t *testing.T) {
		e := *ev
		e.Summary = long
		wantProblem(t, ed.do(http.MethodPut, target, eventJSON(t, &e), ed.asEditor()), http.StatusBadRequest, "summary")
	})
	t.Run("nok, patch notes with NUL", func(t *testing.T) {
		wantProblem(t, ed.do(http.MethodPatch, target, `{"properties":{"notes":"a\u0000b"}}`, ed.asEditor()), http.StatusBadRequest, "notes")
	})
	t.Run("nok, patch with invalid UTF-8", func(t *testing.T) {
		wantProblem(t, ed.do(http.MethodPatch, target, "{\"properties\":{\"title\":\"Ker\xffman\"}}", ed.asEditor()), http.StatusBadRequest, "body")
	})
	t.Run("nok, patch a bidi override into the title", func(t *testing.T) {
		wantProblem(t, ed.do(http.MethodPatch, target, `{"properties":{"title":"a\u202eb"}}`, ed.asEditor()), http.StatusBadRequest, "title")
	})
	if got := get(t, ed.srv, target); !strings.Contains(got.Body.String(), ev.Title) {
		t.Fatalf("a refused write changed the event: %s", got.Body)
	}

	src := fixtureSources()[0].ID
	header := ed.asEditor()
	header["Content-Type"] = "text/csv"
	const csvHead = "id,title,summary,date,kind,actor,attribution,place,country,location_precision,source,quote\n"
	row := func(id, title string) string {
		return id + "," + title + ",A summary.,2024-02,attack,iskp,claimed,Kerman,IR,city," + src + ",a quote\n"
	}
	for _, tc := range []struct{ name, body, format, reason string }{
		{"nok, CSV title over the limit", csvHead + row("ok-one", "Fine") + row("long-one", strings.Repeat("t", 201)), "csv", "line 3: title"},
		{"nok, CSV invalid UTF-8", csvHead + row("bad-utf8", "Ker\xffman"), "csv", "line 2: title: is not valid UTF-8"},
		{"nok, CSV NUL", csvHead + row("nul", "a\x00b"), "csv", "line 2: title: holds the control character U+0000"},
		{"nok, GeoJSON invalid UTF-8", `{"type":"FeatureCollection","features":[` + strings.Replace(eventJSON(t, ev), ev.Title, "Ker\xffman", 1) + `]}`, "geojson", "feature 1: not valid UTF-8"},
		{"nok, GeoJSON NUL", `{"type":"FeatureCollection","features":[` + strings.Replace(eventJSON(t, ev), ev.Title, `a\u0000b`, 1) + `]}`, "geojson", "feature 1: title: holds the control character U+0000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := ed.do(http.MethodPost, "/api/import?format="+tc.format, tc.body, header)
			var problem struct {
				Report importer.Report `json:"report"`
			}
			json.Unmarshal(rec.Body.Bytes(), &problem)
			rep := problem.Report
			if rec.Code != http.StatusBadRequest || len(rep.Rejected) == 0 || !strings.HasPrefix(rep.Rejected[len(rep.Rejected)-1].Reason, tc.reason) {
				t.Fatalf("%d %s; want 400 with a rejected row starting %q", rec.Code, rec.Body, tc.reason)
			}
			if get(t, ed.srv, "/api/collections/events/items/ok-one").Code != http.StatusNotFound {
				t.Error("a refused import stored its valid rows")
			}
		})
	}
}
