package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// openAPITemplate is the API definition with its server URL ("{{BASE}}") and the enums of the
// filter parameters ("{{enum kind}}") left to fill: the vocabulary is written once, in geo.
//
//go:embed openapi.json
var openAPITemplate []byte

// openAPIDoc is openAPITemplate with the domain's enums filled in; only the base URL is left.
var openAPIDoc = mustFillEnums(openAPITemplate)

// enumPlaceholder is where openapi.json wants an enum: a JSON string naming the enumeration,
// so that the template stays valid JSON.
var enumPlaceholder = regexp.MustCompile(`"\{\{enum ([a-z_]+)\}\}"`)

// mustFillEnums replaces each enum placeholder with the values of the geo.Vocabulary
// enumeration it names, as a JSON array; it panics on a name geo does not have, which the
// tests catch at once.
func mustFillEnums(tmpl []byte) []byte {
	enums := map[string][]string{}
	for _, e := range geo.Vocabulary() {
		for _, t := range e.Terms {
			enums[e.Property] = append(enums[e.Property], t.Value)
		}
	}
	return enumPlaceholder.ReplaceAllFunc(tmpl, func(m []byte) []byte {
		name := string(enumPlaceholder.FindSubmatch(m)[1])
		values, ok := enums[name]
		if !ok {
			panic(fmt.Sprintf("openapi.json: no enumeration %q in geo.Vocabulary", name))
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i, v := range values {
			if i > 0 {
				b.WriteString(", ")
			}
			q, _ := json.Marshal(v)
			b.Write(q)
		}
		b.WriteByte(']')
		return b.Bytes()
	})
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
