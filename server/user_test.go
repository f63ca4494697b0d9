package server

import (
	"encoding/json"
	"net/http"
	"testing"
)

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
