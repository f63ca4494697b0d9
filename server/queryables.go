package server

import (
	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// relQueryables is the link relation of a collection's queryables (OGC API – Features – Part 3).
const relQueryables = "http://www.opengis.net/def/rel/ogc/1.0/queryables"

// mimeSchema is the media type of a JSON Schema.
const mimeSchema = "application/schema+json"

// queryables answers /api/collections/events/queryables: a JSON Schema (2020-12) of the
// properties the items route filters on, generated from geo.Vocabulary. Each enumeration lists
// its values under enum and, with their labels, under oneOf (const and title); the enumerations
// that are not filters (precisions, roles, measures, qualifiers) are under $defs, so that clients
// read the whole vocabulary from this one document.
func (s *Server) queryables(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeSchema, cacheAPI, func() (any, error) {
		return queryablesSchema(s.baseURL(c) + "/api/collections/events/queryables"), nil
	})
}

// queryablesSchema is the queryables document whose $id is id.
func queryablesSchema(id string) map[string]any {
	props := map[string]any{
		"geometry": map[string]any{"title": "Point", "format": "geometry-point",
			"description": "The event's point in CRS84, filtered with bbox."},
		"datetime": map[string]any{"title": "Date", "type": "string", "format": "date",
			"description": "The event's date or period, filtered with datetime (an instant or an interval)."},
		"country": map[string]any{"title": "Country", "type": "string", "pattern": "^[A-Z]{2}$",
			"description": "ISO 3166-1 alpha-2 code; the country parameter takes a comma list."},
	}
	defs := map[string]any{}
	for _, e := range geo.Vocabulary() {
		if e.Param != "" {
			props[e.Property] = enumSchema(e, "; the "+e.Param+" parameter takes a comma list")
		} else {
			defs[e.Property] = enumSchema(e, "")
		}
	}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  id,
		"type":                 "object",
		"title":                "Events",
		"description":          "The properties events can be filtered on, as query parameters of the items route. The rest of the vocabulary is under $defs.",
		"properties":           props,
		"additionalProperties": false,
		"$defs":                defs,
	}
}

// enumSchema is the schema of one enumeration: its values, and each value with its label.
func enumSchema(e geo.Enum, filterNote string) map[string]any {
	values := make([]string, len(e.Terms))
	labelled := make([]map[string]string, len(e.Terms))
	for i, t := range e.Terms {
		values[i] = t.Value
		labelled[i] = map[string]string{"const": t.Value}
		if t.Label != "" {
			labelled[i]["title"] = t.Label
		}
	}
	description := e.Description
	if filterNote != "" {
		description = description[:len(description)-1] + filterNote + "."
	}
	return map[string]any{"title": e.Title, "description": description, "type": "string", "enum": values, "oneOf": labelled}
}
