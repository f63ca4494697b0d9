package server

import (
	"net/http"
	"slices"
	"testing"
)

// TestConfig checks that the operator's map settings come through.
func TestConfig(t *testing.T) {
	_, db := newTestServer(t)
	cases := []struct {
		name string
		cfg  Config
	}{
		{"ok, offline map", Config{Version: "test"}},
		{"ok, tiles", Config{Version: "v1.2.3", TileURL: "https://{s}.tile.example.org/{z}/{x}/{y}.png", TileAttribution: "© Example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServerWith(t, db, tc.cfg)
			var body struct {
				TileURL         string `json:"tile_url"`
				TileAttribution string `json:"tile_attribution"`
				Version         string `json:"version"`
			}
			rec := getJSON(t, srv, "/api/config", "application/json", &body)
			if body.TileURL != tc.cfg.TileURL || body.TileAttribution != tc.cfg.TileAttribution || body.Version != tc.cfg.Version {
				t.Errorf("config %+v, want %+v", body, tc.cfg)
			}
			csp := rec.Header().Get("Content-Security-Policy")
			if tc.cfg.TileURL != "" && !slices.Contains(splitCSP(csp), "img-src 'self' data: https://*.tile.example.org") {
				t.Errorf("CSP %q does not allow the tile host", csp)
			}
			if tc.cfg.TileURL == "" && !slices.Contains(splitCSP(csp), "img-src 'self' data:") {
				t.Errorf("CSP %q allows more than our own images", csp)
			}
			if rec.Code != http.StatusOK {
				t.Errorf("status %d", rec.Code)
			}
		})
	}
}
