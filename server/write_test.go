package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/auth"
	"github.com/westward/westward/server/store"
	"golang.org/x/crypto/bcrypt"
)

const testPassword = "a long enough password"

// editing is a test server with an admin and an editor, each signed in by cookie and by token.
type editing struct {
	t                        *testing.T
	srv                      *Server
	db                       *store.DB
	editorCookie, editorCSRF string
	adminCookie, adminCSRF   string
	editorToken              string
}

func newEditing(t *testing.T) *editing {
	t.Helper()
	srv, db := newTestServer(t)
	srv.hasher = auth.Hasher{Cost: bcrypt.MinCost}
	ed := &editing{t: t, srv: srv, db: db}
	ctx := context.Background()
	for _, u := range []struct {
		name string
		role geo.Role
	}{{"edith", geo.RoleEditor}, {"ada", geo.RoleAdmin}} {
		hash, _ := srv.hasher.Hash(testPassword)
		if _, err := db.CreateUser(ctx, u.name, u.role, hash); err != nil {
			t.Fatal(err)
		}
	}
	ed.editorCookie, ed.editorCSRF = ed.login("edith", testPassword)
	ed.adminCookie, ed.adminCSRF = ed.login("ada", testPassword)
	u, _, _ := db.UserPassword(ctx, "edith")
	ed.editorToken = auth.NewToken()
	if err := db.CreateAPIToken(ctx, u.ID, "script", auth.HashToken(ed.editorToken)); err != nil {
		t.Fatal(err)
	}
	return ed
}

func (ed *editing) login(user, password string) (cookie, csrf string) {
	ed.t.Helper()
	rec := ed.do(http.MethodPost, "/api/login", `{"username":"`+user+`","password":"`+password+`"}`, nil)
	if rec.Code != http.StatusOK {
		ed.t.Fatalf("login %s: %d %s", user, rec.Code, rec.Body)
	}
	var res struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal(rec.Body.Bytes(), &res)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie {
			if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" {
				ed.t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, Path=/", ck)
			}
			return ck.Value, res.CSRF
		}
	}
	ed.t.Fatal("login set no session cookie")
	return "", ""
}

func (ed *editing) do(method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ed.srv.ServeHTTP(rec, req)
	return rec
}

func (ed *editing) asEditor() map[string]string {
	return map[string]string{"Cookie": sessionCookie + "=" + ed.editorCookie, csrfHeader: ed.editorCSRF}
}

func (ed *editing) asAdmin() map[string]string {
	return map[string]string{"Cookie": sessionCookie + "=" + ed.adminCookie, csrfHeader: ed.adminCSRF}
}

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
	decode(t, get(t, ed.srv, "/api/collections/events/items/new-event-2024/history"), &hist)
	var actions []string
	for _, r := range hist.Revisions {
		actions = append(actions, string(r.Action)+":"+r.Username)
	}
	if got := strings.Join(actions, " "); got != "delete:edith update:edith update:edith create:edith" {
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

func TestLogin_sessionsRenewRateLimitAndLogout(t *testing.T) {
	ed := newEditing(t)
	first := ed.editorCookie
	second, _ := ed.login("edith", testPassword)
	if second == first {
		t.Error("a new login must issue a new session token")
	}
	if rec := ed.do(http.MethodGet, "/api/me", "", map[string]string{"Cookie": sessionCookie + "=" + second}); rec.Code != http.StatusOK ||
		!strings.Contains(rec.Body.String(), `"username":"edith"`) {
		t.Errorf("me: %d %s", rec.Code, rec.Body)
	}
	if rec := ed.do(http.MethodPost, "/api/logout", "", map[string]string{"Cookie": sessionCookie + "=" + second}); rec.Code != http.StatusNoContent {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := ed.do(http.MethodGet, "/api/me", "", map[string]string{"Cookie": sessionCookie + "=" + second}); rec.Code != http.StatusUnauthorized {
		t.Errorf("the session still works after logout: %d", rec.Code)
	}
	if rec := ed.do(http.MethodPost, "/api/login", `{"username":"edith","password":"wrong password!"}`, nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", rec.Code)
	}
	if rec := ed.do(http.MethodPost, "/api/login", `{"username":"nobody","password":"wrong password!"}`, nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("unknown user: %d", rec.Code)
	}
	var limited *httptest.ResponseRecorder
	for i := 0; i < 10; i++ {
		limited = ed.do(http.MethodPost, "/api/login", `{"username":"mallory","password":"guess number `+string(rune('a'+i))+`"}`, nil)
		if limited.Code == http.StatusTooManyRequests {
			break
		}
	}
	if limited.Code != http.StatusTooManyRequests || limited.Header().Get("Retry-After") == "" {
		t.Errorf("ten quick guesses: last status %d, want 429 with Retry-After", limited.Code)
	}
}

func TestAdmin_usersTokensAndGeocode(t *testing.T) {
	ed := newEditing(t)
	rec := ed.do(http.MethodPost, "/api/users", `{"username":"newbie","role":"editor","password":"`+testPassword+`"}`, ed.asAdmin())
	if rec.Code != http.StatusCreated {
		t.Fatalf("create user: %d %s", rec.Code, rec.Body)
	}
	wantProblem(t, ed.do(http.MethodPost, "/api/users", `{"username":"weak","role":"editor","password":"short"}`, ed.asAdmin()),
		http.StatusBadRequest, "password")
	wantProblem(t, ed.do(http.MethodPost, "/api/users", `{"username":"x","role":"owner","password":"`+testPassword+`"}`, ed.asAdmin()),
		http.StatusBadRequest, "role")
	rec = ed.do(http.MethodPost, "/api/tokens", `{"name":"cron"}`, ed.asEditor())
	var tok struct {
		Token string `json:"token"`
	}
	json.Unmarshal(rec.Body.Bytes(), &tok)
	if rec.Code != http.StatusCreated || len(tok.Token) != 43 {
		t.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	if rec := ed.do(http.MethodGet, "/api/me", "", map[string]string{"Authorization": "Bearer " + tok.Token}); rec.Code != http.StatusOK {
		t.Errorf("the new token does not sign in: %d", rec.Code)
	}
	if rec := ed.do(http.MethodPost, "/api/tokens", `{"name":"x","username":"ada"}`, ed.asEditor()); rec.Code != http.StatusForbidden {
		t.Errorf("an editor making a token for an admin: %d, want 403", rec.Code)
	}
	rec = ed.do(http.MethodGet, "/api/geocode?q=Kerman&country=IR", "", ed.asEditor())
	var g struct {
		Results []GeocodeResult `json:"results"`
	}
	json.Unmarshal(rec.Body.Bytes(), &g)
	if rec.Code != http.StatusOK || len(g.Results) == 0 || g.Results[0].Country != "IR" {
		t.Fatalf("geocode Kerman: %d %s", rec.Code, rec.Body)
	}
	rec = ed.do(http.MethodGet, "/api/geocode?q=Turkey", "", ed.asEditor())
	json.Unmarshal(rec.Body.Bytes(), &g)
	if len(g.Results) == 0 || g.Results[0].Precision != "country" || g.Results[0].Country != "TR" {
		t.Errorf("geocode Turkey: %s", rec.Body)
	}
}

func TestImport_overHTTP(t *testing.T) {
	ed := newEditing(t)
	src := fixtureSources()[0].ID
	csvFile := "id,title,summary,date,kind,actor,attribution,place,country,location_precision,source,quote,killed\n" +
		"csv-one,Imported one,A summary.,2024-02,attack,iskp,claimed,Kerman,IR,city," + src + ",a quote,3\n" +
		"csv-two,=HYPERLINK(x),Another.,2023,threat,unclear,alleged,Turkey,TR,country," + src + ",another quote,\n"
	header := ed.asEditor()
	header["Content-Type"] = "text/csv"
	rec := ed.do(http.MethodPost, "/api/import?format=csv&dry_run=true", csvFile, header)
	var rep ImportReport
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if rec.Code != http.StatusOK || !rep.DryRun || len(rep.Added) != 2 || len(rep.Rejected) != 0 {
		t.Fatalf("dry run: %d %s", rec.Code, rec.Body)
	}
	if get(t, ed.srv, "/api/collections/events/items/csv-one").Code != http.StatusNotFound {
		t.Fatal("the dry run wrote")
	}
	bad := csvFile + "csv-three,Bad,Bad.,2024-13,attack,iskp,claimed,Kerman,IR,city," + src + ",q,\n"
	rec = ed.do(http.MethodPost, "/api/import?format=csv", bad, header)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"line":4`) {
		t.Fatalf("import with a bad row: %d %s", rec.Code, rec.Body)
	}
	if get(t, ed.srv, "/api/collections/events/items/csv-one").Code != http.StatusNotFound {
		t.Fatal("a refused import wrote")
	}
	rec = ed.do(http.MethodPost, "/api/import?format=csv", csvFile, header)
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if rec.Code != http.StatusOK || len(rep.Added) != 2 {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	var f struct {
		Geometry   struct{ Coordinates []float64 }
		Properties map[string]any
	}
	decode(t, get(t, ed.srv, "/api/collections/events/items/csv-one"), &f)
	if lon := f.Geometry.Coordinates[0]; lon < 56.9 || lon > 57.2 || f.Properties["location_precision"] != "city" {
		t.Errorf("Kerman was geocoded to %v (%v)", f.Geometry.Coordinates, f.Properties["location_precision"])
	}
	csvOut := get(t, ed.srv, "/api/collections/events/items.csv?q=hyperlink").Body.String()
	if !strings.Contains(csvOut, "'=HYPERLINK") {
		t.Errorf("the CSV export does not neutralise a formula from an import:\n%s", csvOut)
	}
	rec = ed.do(http.MethodPost, "/api/import?format=csv", csvFile, header)
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if len(rep.Unchanged) != 2 || len(rep.Added)+len(rep.Updated) != 0 {
		t.Errorf("importing the same file again: %s", rec.Body)
	}
	wantProblem(t, ed.do(http.MethodPost, "/api/import?format=xls", csvFile, header), http.StatusBadRequest, "format")
}
