package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// openAPITemplate is the API definition with its server URL ("{{BASE}}") and the filter
// parameters of geo's enumerated fields left to fill: "{{enum parameter refs}}" in an
// operation's parameter list, "{{enum parameters}}": null among the components. Both stand where
// JSON allows them, so the template stays valid JSON; the vocabulary is written once, in geo.
//
//go:embed openapi.json
var openAPITemplate []byte

// openAPIDoc is openAPITemplate with the enum parameters filled in; only the base URL is left.
var openAPIDoc = fillEnums(openAPITemplate, geo.FilterEnums())

// fillEnums replaces the template's placeholders with a reference to, and a component for, the
// query parameter of each of fields: a comma list of its values.
func fillEnums(tmpl []byte, fields []geo.EnumField) []byte {
	refs := make([]string, len(fields))
	params := make([]string, len(fields))
	for i, f := range fields {
		values := make([]string, len(f.Terms))
		for j, t := range f.Terms {
			values[j] = quote(t.Value)
		}
		name := quote(f.Param)
		refs[i] = `{"$ref": "#/components/parameters/` + f.Param + `"}`
		params[i] = fmt.Sprintf(`%s: {"name": %s, "in": "query", "required": false, "schema": {"type": "array", "items": {"type": "string", "enum": %s}}, "style": "form", "explode": false}`,
			name, name, "["+strings.Join(values, ", ")+"]")
	}
	out := bytes.ReplaceAll(tmpl, []byte(`"{{enum parameter refs}}"`), []byte(strings.Join(refs, ", ")))
	return bytes.ReplaceAll(out, []byte(`"{{enum parameters}}": null`), []byte(strings.Join(params, ",\n      ")))
}

// quote is s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// openAPI answers /api/openapi: the API definition the landing page links as service-desc.
func (s *Server) openAPI(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeOpenAPI, cacheAPI, func() (any, error) {
		return bytes.ReplaceAll(openAPIDoc, []byte("{{BASE}}"), []byte(s.baseURL(c))), nil
	})
}
