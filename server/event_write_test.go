package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
)

func eventJSON(t *testing.T, e *geo.Event) string {
	b, err := e.Feature(nil).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWrite_everyRouteRefusesAnonymousAndWrongRole(t *testing.T) {
	ed := newEditing(t)
	id := fixtureEvents()[0].ID
	routes := []struct {
		method, target string
		role           geo.Role
	}{
		{http.MethodPost, "/api/collections/events/items", geo.RoleEditor},
		{http.MethodPut, "/api/collections/events/items/" + id, geo.RoleEditor},
		{http.MethodPatch, "/api/collections/events/items/" + id, geo.RoleEditor},
		{http.MethodDelete, "/api/collections/events/items/" + id, geo.RoleEditor},
		{http.MethodPost, "/api/collections/events/items/" + id + "/history/1/restore", geo.RoleEditor},
		{http.MethodPut, "/api/sources/new-source", geo.RoleEditor},
		{http.MethodPost, "/api/import?dry_run=true", geo.RoleEditor},
		{http.MethodGet, "/api/geocode?q=Kerman", geo.RoleEditor},
		{http.MethodPost, "/api/tokens", geo.RoleEditor},
		{http.MethodGet, "/api/users", geo.RoleAdmin},
		{http.MethodPost, "/api/users", geo.RoleAdmin},
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.target, func(t *testing.T) {
			if rec := ed.do(r.method, r.target, `{}`, nil); rec.Code != http.StatusUnauthorized ||
				rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("anonymous: %d %s, want 401 problem", rec.Code, rec.Body)
			}
			if rec := ed.do(r.method, r.target, `{}`, map[string]string{"Authorization": "Bearer not-a-token"}); rec.Code != http.StatusUnauthorized {
				t.Errorf("unknown token: %d, want 401", rec.Code)
			}
			noCSRF := map[string]string{"Cookie": sessionCookie + "=" + ed.editorCookie}
			crossSite := ed.asEditor()
			crossSite["Origin"] = "https://evil.example"
			if r.method == http.MethodGet {
				// reads change nothing: a cookie alone will do
				if r.role == geo.RoleEditor {
					if rec := ed.do(r.method, r.target, ``, noCSRF); rec.Code != http.StatusOK {
						t.Errorf("a read with the session cookie alone: %d, want 200", rec.Code)
					}
				}
			} else {
				if rec := ed.do(r.method, r.target, `{}`, noCSRF); rec.Code != http.StatusForbidden {
					t.Errorf("cookie without CSRF token: %d, want 403", rec.Code)
				}
				if rec := ed.do(r.method, r.target, `{}`, crossSite); rec.Code != http.StatusForbidden {
					t.Errorf("cross-origin with cookie: %d, want 403", rec.Code)
				}
			}
			if r.role == geo.RoleAdmin {
				if rec := ed.do(r.method, r.target, `{}`, ed.asEditor()); rec.Code != http.StatusForbidden {
					t.Errorf("editor on an admin route: %d, want 403", rec.Code)
				}
			}
		})
	}
}

func TestWrite_createEditDeleteRestore(t *testing.T) {
	ed := newEditing(t)
	ev := fixtureEvents()[0]
	e := *ev
	e.ID = "new-event-2024"
	e.Title = `Robert'); DROP TABLE events;-- <script>alert(1)</script>`
	e.Summary = `"; DELETE FROM sources; --`
	e.Tags = []string{"test-tag"}
	etagBefore := get(t, ed.srv, "/api/collections/events/items").Header().Get("ETag")

	rec := ed.do(http.MethodPost, "/api/collections/events/items", eventJSON(t, &e), ed.asEditor())
	if rec.Code != http.StatusCreated || rec.Header().Get("Location") != "http://example.com/api/collections/events/items/new-event-2024" {
		t.Fatalf("create: %d %s Location %q", rec.Code, rec.Body, rec.Header().Get("Location"))
	}
	var f struct {
		Properties map[string]any `json:"properties"`
	}
	decode(t, get(t, ed.srv, "/api/collections/events/items/new-event-2024"), &f)
	if f.Properties["title"] != e.Title || f.Properties["summary"] != e.Summary {
		t.Errorf("metacharacters did not come back as plain data: %q %q", f.Properties["title"], f.Properties["summary"])
	}
	if get(t, ed.srv, "/api/collections/events/items").Header().Get("ETag") == etagBefore {
		t.Error("the list's ETag did not change after a write")
	}
	if rec := ed.do(http.MethodPost, "/api/collections/events/items", eventJSON(t, &e), ed.asEditor()); rec.Code != http.StatusConflict {
		t.Errorf("creating it twice: %d, want 409", rec.Code)
	}

	bad := e
	bad.Citations = []geo.Citation{{SourceID: e.Citations[0].SourceID, Quotes: []string{""}}}
	wantProblem(t, ed.do(http.MethodPut, "/api/collections/events/items/new-event-2024", eventJSON(t, &bad), ed.asEditor()),
		http.StatusBadRequest, "sources[0].quotes[0]")
	away := e
	away.Point[0], away.Point[1] = 2.35, 48.86 // Paris, but the event says its country is elsewhere
	wantProblem(t, ed.do(http.MethodPut, "/api/collections/events/items/new-event-2024", eventJSON(t, &away), ed.asEditor()),
		http.StatusBadRequest, "geometry")
	if rec := ed.do(http.MethodPut, "/api/collections/events/items/new-event-2024?confirm=outside_country", eventJSON(t, &away), ed.asEditor()); rec.Code != http.StatusOK {
		t.Errorf("a confirmed point outside the country: %d %s", rec.Code, rec.Body)
	}

	// a script with a token needs no CSRF token
	patch := `{"properties": {"title": "Patched title", "notes": null}}`
	rec = ed.do(http.MethodPatch, "/api/collections/events/items/new-event-2024", patch,
		map[string]string{"Authorization": "Bearer " + ed.editorToken, "Content-Type": "application/merge-patch+json"})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"title":"Patched title"`) || !strings.Contains(rec.Body.String(), `"test-tag"`) {
		t.Fatalf("patch: %d %s", rec.Code, rec.Body)
	}
	if rec := ed.do(http.MethodDelete, "/api/collections/events/items/new-event-2024", "", ed.asEditor()); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", rec.Code)
	}
	if rec := get(t, ed.srv, "/api/collections/events/items/new-event-2024"); rec.Code != http.StatusNotFound {
		t.Errorf("after delete: %d", rec.Code)
	}
	var hist struct {
		Revisions []geo.Revision `json:"revisions"`
	}
	histRec := get(t, ed.srv, "/api/collections/events/items/new-event-2024/history")
	if strings.Contains(histRec.Body.String(), "edith") {
		t.Errorf("the public history names the login name: %s", histRec.Body)
	}
	decode(t, histRec, &hist)
	var actions []string
	for _, r := range hist.Revisions {
		actions = append(actions, string(r.Action)+":"+r.By)
	}
	// edith has no display name: the history shows her role
	if got := strings.Join(actions, " "); got != "delete:editor update:editor update:editor create:editor" {
		t.Errorf("history = %s", got)
	}
	if rec := ed.do(http.MethodPost, "/api/collections/events/items/new-event-2024/history/1/restore", "", ed.asEditor()); rec.Code != http.StatusOK {
		t.Fatalf("restore: %d %s", rec.Code, rec.Body)
	}
	decode(t, get(t, ed.srv, "/api/collections/events/items/new-event-2024"), &f)
	if f.Properties["title"] != e.Title {
		t.Errorf("restored title %q", f.Properties["title"])
	}
	if n, _ := ed.db.CountEvents(context.Background()); n != len(fixtureEvents())+1 {
		t.Errorf("%d events; the SQL in the text must not have run", n)
	}
}
