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
		if _, err := db.CreateUser(ctx, geo.User{Username: u.name, Role: u.role}, hash); err != nil {
			t.Fatal(err)
		}
	}
	ed.editorCookie, ed.editorCSRF = ed.login("edith", testPassword)
	ed.adminCookie, ed.adminCSRF = ed.login("ada", testPassword)
	u, _, _ := db.UserPassword(ctx, "edith")
	ed.editorToken = auth.NewToken()
	if _, err := db.CreateAPIToken(ctx, u.ID, "script", auth.HashToken(ed.editorToken), db.Now().AddDate(0, 0, 30), auth.MaxTokensPerUser); err != nil {
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
	return ed.doFrom("192.0.2.1", method, target, body, header)
}

// doFrom is do from the address addr (the connection's, which the sign-in limits count by).
func (ed *editing) doFrom(addr, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = addr + ":40000"
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

func TestLogin_sessionsRenewRateLimitAndLogout(t *testing.T) {
	ed := newEditing(t)
	first := ed.editorCookie
	second, secondCSRF := ed.login("edith", testPassword)
	if second == first {
		t.Error("a new login must issue a new session token")
	}
	if rec := ed.do(http.MethodGet, "/api/me", "", map[string]string{"Cookie": sessionCookie + "=" + second}); rec.Code != http.StatusOK ||
		!strings.Contains(rec.Body.String(), `"username":"edith"`) {
		t.Errorf("me: %d %s", rec.Code, rec.Body)
	}
	wantProblem(t, ed.do(http.MethodPost, "/api/logout", "", map[string]string{"Cookie": sessionCookie + "=" + second}), http.StatusForbidden, "")
	if rec := ed.do(http.MethodGet, "/api/me", "", map[string]string{"Cookie": sessionCookie + "=" + second}); rec.Code != http.StatusOK {
		t.Errorf("a logout without the CSRF token ended the session: %d", rec.Code)
	}
	if rec := ed.do(http.MethodPost, "/api/logout", "", map[string]string{"Cookie": sessionCookie + "=" + second, csrfHeader: secondCSRF}); rec.Code != http.StatusNoContent {
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
