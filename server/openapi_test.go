package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
)

// TestOpenAPI checks that the definition is valid JSON naming this server, that each path it
// documents answers, and that its enums are the domain's.
func TestOpenAPI(t *testing.T) {
	srv, _ := newTestServer(t)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Servers []struct{ URL string }    `json:"servers"`
		Paths   map[string]map[string]any `json:"paths"`
		Comp    struct {
			Parameters map[string]struct {
				Schema struct {
					Items struct {
						Enum []string `json:"enum"`
					} `json:"items"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"components"`
	}
	rec := getJSON(t, srv, "/api/openapi", "application/vnd.oai.openapi+json;version=3.0", &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.0") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != base+"/api" {
		t.Errorf("servers %+v, want %s/api", doc.Servers, base)
	}
	if strings.Contains(rec.Body.String(), "{{BASE}}") {
		t.Error("the {{BASE}} placeholder is left in")
	}
	if len(doc.Paths) < 10 {
		t.Errorf("%d paths", len(doc.Paths))
	}
	for p := range doc.Paths {
		target := "/api" + strings.ReplaceAll(p, "{featureId}", idKabul)
		t.Run("ok, documented path "+p, func(t *testing.T) {
			if rec := get(t, srv, target); rec.Code != http.StatusOK {
				t.Errorf("GET %s: %d", target, rec.Code)
			}
		})
	}
	enums := map[string][]string{
		"kind":        toStrings(geo.Kinds),
		"actor":       toStrings(geo.Actors),
		"attribution": toStrings(geo.Attributions),
	}
	for name, want := range enums {
		if got := doc.Comp.Parameters[name].Schema.Items.Enum; !slices.Equal(got, want) {
			t.Errorf("openapi %s enum %v, want %v", name, got, want)
		}
	}
}
