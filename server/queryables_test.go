package server

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
)

// queryablesDoc is the part of the queryables document the tests read.
type queryablesDoc struct {
	Schema     string                   `json:"$schema"`
	ID         string                   `json:"$id"`
	Type       string                   `json:"type"`
	Additional bool                     `json:"additionalProperties"`
	Properties map[string]enumSchemaDoc `json:"properties"`
	Defs       map[string]enumSchemaDoc `json:"$defs"`
}

type enumSchemaDoc struct {
	Title string   `json:"title"`
	Type  string   `json:"type"`
	Enum  []string `json:"enum"`
	OneOf []struct {
		Const string `json:"const"`
		Title string `json:"title"`
	} `json:"oneOf"`
}

// labelled is e's values and labels as "value=label".
func (e enumSchemaDoc) labelled() []string {
	out := []string{}
	for _, o := range e.OneOf {
		out = append(out, o.Const+"="+o.Title)
	}
	return out
}

func termsOf[T ~string](terms []geo.Term[T]) []string {
	out := []string{}
	for _, t := range terms {
		out = append(out, string(t.Value)+"="+t.Label)
	}
	return out
}

// TestQueryables checks the OGC queryables document: a JSON Schema whose enumerations are the
// domain's, with their labels; each filterable value is accepted by the items route, and the
// collection links the document.
func TestQueryables(t *testing.T) {
	srv, _ := newTestServer(t)
	var doc queryablesDoc
	rec := getJSON(t, srv, "/api/collections/events/queryables", "application/schema+json", &doc)
	golden(t, "queryables.json", rec.Body.Bytes())
	if doc.Schema != "https://json-schema.org/draft/2020-12/schema" || doc.ID != base+"/api/collections/events/queryables" ||
		doc.Type != "object" || doc.Additional {
		t.Errorf("$schema %q, $id %q, type %q, additionalProperties %v", doc.Schema, doc.ID, doc.Type, doc.Additional)
	}
	want := map[string]struct {
		param string
		terms []string
	}{
		"kind": {"kind", termsOf(geo.KindTerms)}, "actor": {"actor", termsOf(geo.ActorTerms)},
		"attribution": {"attribution", termsOf(geo.AttributionTerms)}, "location_role": {"role", termsOf(geo.LocationRoleTerms)},
	}
	for name, w := range want {
		terms := w.terms
		p, ok := doc.Properties[name]
		if !ok {
			t.Errorf("no queryable %s", name)
			continue
		}
		if got := p.labelled(); !slices.Equal(got, terms) || len(p.Enum) != len(terms) || p.Type != "string" {
			t.Errorf("%s: %v (enum %v), want %v", name, got, p.Enum, terms)
		}
		for _, v := range p.Enum {
			if rec := get(t, srv, itemsPath+"?"+w.param+"="+v); rec.Code != http.StatusOK {
				t.Errorf("the items route refuses %s=%s: %d", w.param, v, rec.Code)
			}
		}
	}
	for name, terms := range map[string][]string{
		"link_role":          termsOf(geo.LinkRoleTerms),
		"location_precision": termsOf(geo.LocationPrecisionTerms), "date_precision": termsOf(geo.DatePrecisionTerms),
	} {
		if got := doc.Defs[name].labelled(); !slices.Equal(got, terms) {
			t.Errorf("$defs %s: %v, want %v", name, got, terms)
		}
	}
	for _, p := range []string{"geometry", "datetime", "country"} {
		if _, ok := doc.Properties[p]; !ok {
			t.Errorf("no queryable %s", p)
		}
	}
	var col collectionDoc
	getJSON(t, srv, "/api/collections/events", "application/json", &col)
	i := slices.IndexFunc(col.Links, func(l Link) bool { return l.Rel == relQueryables })
	if i < 0 || col.Links[i].Href != doc.ID || col.Links[i].Type != "application/schema+json" {
		t.Errorf("the collection's links %+v lack the queryables", col.Links)
	}
}

// TestOpenAPITemplateSpellsNoVocabulary holds openapi.json to placeholders for the enums the
// server fills from geo: a kind spelled in the file would be a second copy to keep in step.
func TestOpenAPITemplateSpellsNoVocabulary(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range geo.Vocabulary() {
		if e.Param == "" {
			continue // the document does not describe these enumerations
		}
		for _, term := range e.Terms {
			if strings.Contains(string(b), `"`+term.Value+`"`) {
				t.Errorf("openapi.json spells the %s %q; use the enum placeholders", e.Property, term.Value)
			}
		}
	}
	if got := strings.Count(string(b), `"{{enum parameter refs}}"`); got != 3 {
		t.Errorf("%d parameter reference placeholders, want one for each filtering operation", got)
	}
	if got := strings.Count(string(b), `"{{enum parameters}}": null`); got != 1 {
		t.Errorf("%d parameter placeholders, want 1", got)
	}
}
