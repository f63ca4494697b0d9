package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/auth"
)

// bearer is the header of a request signed with an API token.
func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// session is the header of a request signed in by cookie, with its CSRF token.
func session(cookie, csrf string) map[string]string {
	return map[string]string{"Cookie": sessionCookie + "=" + cookie, csrfHeader: csrf}
}

type madeToken struct {
	Token     string `json:"token"`
	ID        int64  `json:"id"`
	ExpiresAt string `json:"expires_at"`
}

func (ed *editing) makeToken(body string, as map[string]string) madeToken {
	ed.t.Helper()
	rec := ed.do(http.MethodPost, "/api/tokens", body, as)
	if rec.Code != http.StatusCreated {
		ed.t.Fatalf("make token %s: %d %s", body, rec.Code, rec.Body)
	}
	var tok madeToken
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil {
		ed.t.Fatal(err)
	}
	return tok
}

func (ed *editing) tokenList(as map[string]string) []geo.APIToken {
	ed.t.Helper()
	rec := ed.do(http.MethodGet, "/api/tokens", "", as)
	var res struct {
		Tokens []geo.APIToken `json:"tokens"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil {
		ed.t.Fatalf("token list: %d %s", rec.Code, rec.Body)
	}
	return res.Tokens
}

func (ed *editing) status(method, target string, as map[string]string) int {
	return ed.do(method, target, "", as).Code
}

func TestTokens_expiryRevocationListAndLimit(t *testing.T) {
	ed := newEditing(t)
	now := fixedNow // 2024-06-01T12:00:00Z; sessions last 12 hours from it
	ed.db.Now = func() time.Time { return now }

	def := ed.makeToken(`{"name":"cron"}`, ed.asEditor())
	if def.ExpiresAt != "2024-08-30T12:00:00Z" {
		t.Errorf("default expiry %s, want 90 days on", def.ExpiresAt)
	}
	short := ed.makeToken(`{"name":"one day","expires_in_days":1}`, ed.asEditor())
	wantProblem(t, ed.do(http.MethodPost, "/api/tokens", `{"name":"forever","expires_in_days":366}`, ed.asEditor()), http.StatusBadRequest, "expires_in_days")
	wantProblem(t, ed.do(http.MethodPost, "/api/tokens", `{"name":"evil\u202Eexe"}`, ed.asEditor()), http.StatusBadRequest, "name")

	if got := ed.status(http.MethodGet, "/api/me", bearer(short.Token)); got != http.StatusOK {
		t.Fatalf("a new token: %d", got)
	}
	now = now.Add(24 * time.Hour)
	ed.editorCookie, ed.editorCSRF = ed.login("edith", testPassword) // a day on, the sessions have ended
	ed.adminCookie, ed.adminCSRF = ed.login("ada", testPassword)
	if got := ed.status(http.MethodGet, "/api/me", bearer(short.Token)); got != http.StatusUnauthorized {
		t.Errorf("an expired token on /api/me: %d, want 401", got)
	}
	if got := ed.status(http.MethodDelete, "/api/collections/events/items/x", bearer(short.Token)); got != http.StatusUnauthorized {
		t.Errorf("an expired token writing: %d, want 401", got)
	}

	list := ed.tokenList(ed.asEditor())
	var names []string
	for _, tk := range list {
		names = append(names, tk.Name)
		if tk.Username != "edith" {
			t.Errorf("edith's list holds %s's token", tk.Username)
		}
	}
	// newest first; the expired one is gone; "script" was made by newEditing, used by nobody
	if got := strings.Join(names, ","); got != "cron,script" {
		t.Errorf("edith's tokens %s, want cron,script", got)
	}
	if list[0].LastUsedAt != "" {
		t.Errorf("an unused token shows a last use %q", list[0].LastUsedAt)
	}
	ed.status(http.MethodGet, "/api/me", bearer(def.Token))
	if list := ed.tokenList(ed.asEditor()); list[0].LastUsedAt != "2024-06-02T12:00:00Z" {
		t.Errorf("last use %q after a use", list[0].LastUsedAt)
	}

	// Revocation: by its owner or an admin; another editor's try is not found.
	hash, _ := ed.srv.hasher.Hash(testPassword)
	if _, err := ed.db.CreateUser(context.Background(), geo.User{Username: "olga", Role: geo.RoleEditor}, hash); err != nil {
		t.Fatal(err)
	}
	olgaCookie, olgaCSRF := ed.login("olga", testPassword)
	if got := ed.status(http.MethodDelete, "/api/tokens/"+strconv.FormatInt(def.ID, 10), session(olgaCookie, olgaCSRF)); got != http.StatusNotFound {
		t.Errorf("olga revoking edith's token: %d, want 404", got)
	}
	if n := len(ed.tokenList(session(olgaCookie, olgaCSRF))); n != 0 {
		t.Errorf("olga sees %d tokens, want none of edith's", n)
	}
	if n := len(ed.tokenList(ed.asAdmin())); n != 2 {
		t.Errorf("the admin sees %d tokens, want edith's 2", n)
	}
	wantProblem(t, ed.do(http.MethodDelete, "/api/tokens/x", "", ed.asEditor()), http.StatusBadRequest, "id")
	if got := ed.status(http.MethodDelete, "/api/tokens/"+strconv.FormatInt(def.ID, 10), ed.asEditor()); got != http.StatusNoContent {
		t.Fatalf("revoke: %d", got)
	}
	if got := ed.status(http.MethodGet, "/api/me", bearer(def.Token)); got != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d, want 401", got)
	}

	// The limit: auth.MaxTokensPerUser live tokens (edith holds "script").
	for i := 1; i < auth.MaxTokensPerUser; i++ {
		ed.makeToken(`{"name":"t`+strconv.Itoa(i)+`"}`, ed.asEditor())
	}
	wantProblem(t, ed.do(http.MethodPost, "/api/tokens", `{"name":"one too many"}`, ed.asEditor()), http.StatusConflict, "name")
	admin := ed.tokenList(ed.asAdmin())
	if got := ed.status(http.MethodDelete, "/api/tokens/"+strconv.FormatInt(admin[0].ID, 10), ed.asAdmin()); got != http.StatusNoContent {
		t.Errorf("an admin revoking edith's token: %d", got)
	}
	ed.makeToken(`{"name":"room again"}`, ed.asEditor())
}

func TestLogin_failuresFromOneAddressDoNotLockOthersOut(t *testing.T) {
	ed := newEditing(t)
	ed.srv.logins.Delay = 300 * time.Millisecond
	wrong := `{"username":"edith","password":"not the password"}`
	right := `{"username":"edith","password":"` + testPassword + `"}`
	var last int
	for i := 0; i < 20; i++ {
		last = ed.doFrom("203.0.113.9", http.MethodPost, "/api/login", wrong, nil).Code
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("twenty wrong guesses from one address: last %d, want 429", last)
	}
	if rec := ed.doFrom("203.0.113.9", http.MethodPost, "/api/login", right, nil); rec.Code != http.StatusTooManyRequests {
		t.Errorf("the guessing address with the right password: %d, want 429 until it waits", rec.Code)
	}
	// Failures from a handful of addresses put the name under attack: slowed, not refused.
	for _, addr := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"} {
		if code := ed.doFrom(addr, http.MethodPost, "/api/login", wrong, nil).Code; code != http.StatusUnauthorized {
			t.Errorf("a first wrong guess from %s: %d, want 401", addr, code)
		}
	}
	start := time.Now()
	rec := ed.doFrom("192.0.2.77", http.MethodPost, "/api/login", right, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("edith from her own address after the guessing: %d %s, want 200", rec.Code, rec.Body)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("a name under attack answered in %v, want the 300 ms slow-down", took)
	}
}

func TestDisabledUser_cannotSignInOrUseTokens(t *testing.T) {
	ed := newEditing(t)
	edith, _, _ := ed.db.UserPassword(context.Background(), "edith")
	admin, _, _ := ed.db.UserPassword(context.Background(), "ada")
	path := "/api/users/" + strconv.FormatInt(edith.ID, 10)
	if got := ed.do(http.MethodPatch, path, `{"disabled":true}`, ed.asEditor()).Code; got != http.StatusForbidden {
		t.Errorf("an editor disabling: %d, want 403", got)
	}
	rec := ed.do(http.MethodPatch, path, `{"disabled":true}`, ed.asAdmin())
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"disabled":true`) {
		t.Fatalf("disable: %d %s", rec.Code, rec.Body)
	}
	if got := ed.status(http.MethodGet, "/api/me", ed.asEditor()); got != http.StatusUnauthorized {
		t.Errorf("a disabled user's session: %d, want 401", got)
	}
	if got := ed.status(http.MethodGet, "/api/me", bearer(ed.editorToken)); got != http.StatusUnauthorized {
		t.Errorf("a disabled user's token: %d, want 401", got)
	}
	wantProblem(t, ed.doFrom("192.0.2.50", http.MethodPost, "/api/login", `{"username":"edith","password":"`+testPassword+`"}`, nil), http.StatusForbidden, "")
	if got := ed.doFrom("192.0.2.50", http.MethodPost, "/api/login", `{"username":"edith","password":"wrong guess!!"}`, nil).Code; got != http.StatusUnauthorized {
		t.Errorf("a wrong password for a disabled user: %d, want 401 (nothing said about the account)", got)
	}
	wantProblem(t, ed.do(http.MethodPatch, "/api/users/"+strconv.FormatInt(admin.ID, 10), `{"disabled":true}`, ed.asAdmin()), http.StatusBadRequest, "disabled")
	wantProblem(t, ed.do(http.MethodPatch, "/api/users/0", `{"disabled":true}`, ed.asAdmin()), http.StatusBadRequest, "id")
	wantProblem(t, ed.do(http.MethodPatch, path, `{"display_name":"\u2066Edith"}`, ed.asAdmin()), http.StatusBadRequest, "display_name")

	if rec := ed.do(http.MethodPatch, path, `{"disabled":false}`, ed.asAdmin()); rec.Code != http.StatusOK {
		t.Fatalf("enable: %d %s", rec.Code, rec.Body)
	}
	if got := ed.status(http.MethodGet, "/api/me", bearer(ed.editorToken)); got != http.StatusOK {
		t.Errorf("re-enabled, the token: %d, want 200", got)
	}
	ed.login("edith", testPassword)
}

func TestPasswordChange_endsOtherSessions(t *testing.T) {
	ed := newEditing(t)
	otherCookie, otherCSRF := ed.login("edith", testPassword)
	wantProblem(t, ed.do(http.MethodPut, "/api/me/password", `{"current_password":"not it at all","new_password":"a brand new password"}`, ed.asEditor()),
		http.StatusBadRequest, "current_password")
	wantProblem(t, ed.do(http.MethodPut, "/api/me/password", `{"current_password":"`+testPassword+`","new_password":"short"}`, ed.asEditor()),
		http.StatusBadRequest, "new_password")
	if got := ed.do(http.MethodPut, "/api/me/password", `{"current_password":"`+testPassword+`","new_password":"a brand new password"}`,
		map[string]string{"Cookie": sessionCookie + "=" + ed.editorCookie}).Code; got != http.StatusForbidden {
		t.Errorf("a change without the CSRF token: %d, want 403", got)
	}
	if got := ed.status(http.MethodGet, "/api/me", session(otherCookie, otherCSRF)); got != http.StatusOK {
		t.Fatalf("refused changes ended a session: %d", got)
	}
	if rec := ed.do(http.MethodPut, "/api/me/password", `{"current_password":"`+testPassword+`","new_password":"a brand new password"}`, ed.asEditor()); rec.Code != http.StatusNoContent {
		t.Fatalf("change: %d %s", rec.Code, rec.Body)
	}
	if got := ed.status(http.MethodGet, "/api/me", ed.asEditor()); got != http.StatusOK {
		t.Errorf("the session that changed the password: %d, want 200", got)
	}
	if got := ed.status(http.MethodGet, "/api/me", session(otherCookie, otherCSRF)); got != http.StatusUnauthorized {
		t.Errorf("another session after the change: %d, want 401", got)
	}
	if got := ed.status(http.MethodGet, "/api/me", bearer(ed.editorToken)); got != http.StatusOK {
		t.Errorf("a token after the change: %d, want 200 (tokens are listed and revoked apart)", got)
	}
	if got := ed.doFrom("192.0.2.60", http.MethodPost, "/api/login", `{"username":"edith","password":"`+testPassword+`"}`, nil).Code; got != http.StatusUnauthorized {
		t.Errorf("the old password: %d, want 401", got)
	}
	ed.login("edith", "a brand new password")
}

func TestSignOutEverywhere_endsSessionsAndTokens(t *testing.T) {
	ed := newEditing(t)
	otherCookie, otherCSRF := ed.login("edith", testPassword)
	made := ed.makeToken(`{"name":"laptop"}`, ed.asEditor())
	if got := ed.status(http.MethodPost, "/api/logout/everywhere", map[string]string{"Cookie": sessionCookie + "=" + ed.editorCookie}); got != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d, want 403", got)
	}
	rec := ed.do(http.MethodPost, "/api/logout/everywhere", "", ed.asEditor())
	if rec.Code != http.StatusOK || rec.Body.String() != `{"sessions_ended":2,"tokens_revoked":2}`+"\n" {
		t.Fatalf("sign out everywhere: %d %s, want 2 sessions and 2 tokens", rec.Code, rec.Body)
	}
	for name, h := range map[string]map[string]string{"this session": ed.asEditor(), "the other session": session(otherCookie, otherCSRF),
		"the token from setup": bearer(ed.editorToken), "the token just made": bearer(made.Token)} {
		if got := ed.status(http.MethodGet, "/api/me", h); got != http.StatusUnauthorized {
			t.Errorf("%s after signing out everywhere: %d, want 401", name, got)
		}
	}
	if got := ed.status(http.MethodGet, "/api/me", ed.asAdmin()); got != http.StatusOK {
		t.Errorf("another user's session ended too: %d", got)
	}
}

func TestUserNames_printableWithoutBidi(t *testing.T) {
	ed := newEditing(t)
	for _, tc := range []struct {
		name, body, param string
	}{
		{"nok, right-to-left override", `{"username":"ad\u202Emin","role":"editor","password":"` + testPassword + `"}`, "username"},
		{"nok, left-to-right isolate", `{"username":"\u2066bob","role":"editor","password":"` + testPassword + `"}`, "username"},
		{"nok, control character", `{"username":"bo\u0007b","role":"editor","password":"` + testPassword + `"}`, "username"},
		{"nok, bidi mark in the display name", `{"username":"bob","display_name":"Bob\u200F","role":"editor","password":"` + testPassword + `"}`, "display_name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantProblem(t, ed.do(http.MethodPost, "/api/users", tc.body, ed.asAdmin()), http.StatusBadRequest, tc.param)
		})
	}
	rec := ed.do(http.MethodPost, "/api/users", `{"username":"bob","display_name":"Bob M.","role":"editor","password":"`+testPassword+`"}`, ed.asAdmin())
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"display_name":"Bob M."`) {
		t.Fatalf("ok, a plain name: %d %s", rec.Code, rec.Body)
	}
	rec = ed.do(http.MethodGet, "/api/users", "", ed.asAdmin())
	if strings.Contains(rec.Body.String(), "admin\u202E") || strings.Count(rec.Body.String(), `"username"`) != 3 {
		t.Errorf("users after the refusals: %s", rec.Body)
	}
}
