package server

import (
	"time"

	"github.com/labstack/echo/v4"
)

// Media types of the API.
const (
	mimeJSON    = "application/json"
	mimeGeoJSON = "application/geo+json"
	mimeCSV     = "text/csv; charset=utf-8"
	mimeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
)

// Cache policies. Browsers revalidate every public answer (max-age=0: the ETag makes that one
// cheap round trip); a shared cache or CDN in front (which alone reads s-maxage) may answer it
// for 30 s without asking, then revalidates it. An edit is therefore visible through any cache
// within cacheBound. No stale-while-revalidate: browsers honour it too, and would then show a
// stale answer and fetch it again (twice the requests, and the bound would grow by it).
// Whatever is private (the editor, /api/me, sign-in, tokens, health) is never shared.
const (
	cacheAPI = "public, max-age=0, s-maxage=30"
	// cacheBound is how long after an edit a shared cache may still answer the old version.
	cacheBound = 30 * time.Second
	// cachePrivate is for pages that must never be shared (the editor).
	cachePrivate = "private, no-cache"
)

// Link is an OGC API link.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// Conformance classes this service implements.
var conformsTo = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
}

const (
	crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	trs   = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
)

func (s *Server) landing(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		b := s.baseURL(c) + "/api"
		return map[string]any{
			"title":       "Westward",
			"description": "Events of Islamic State Khorasan Province's expansion from Afghanistan westward, 2015–2024, each traceable to the published sources that state it.",
			"links": []Link{
				{Href: b, Rel: "self", Type: mimeJSON, Title: "This document"},
				{Href: b + "/openapi", Rel: "service-desc", Type: mimeOpenAPI, Title: "The API definition"},
				{Href: s.baseURL(c) + "/", Rel: "service-doc", Type: "text/html", Title: "The map"},
				{Href: b + "/conformance", Rel: "conformance", Type: mimeJSON, Title: "Conformance classes"},
				{Href: b + "/collections", Rel: "data", Type: mimeJSON, Title: "Collections"},
			},
		}, nil
	})
}

func (s *Server) conformance(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		return map[string]any{"conformsTo": conformsTo}, nil
	})
}

// collection describes the events collection with its extent in space and time.
func (s *Server) collection(c echo.Context) (map[string]any, error) {
	sum, err := s.db.Summary(c.Request().Context())
	if err != nil {
		return nil, err
	}
	b := s.baseURL(c) + "/api/collections/events"
	bbox := []float64{-180, -90, 180, 90}
	if sum.BBox != nil {
		bbox = []float64{sum.BBox.Min[0], sum.BBox.Min[1], sum.BBox.Max[0], sum.BBox.Max[1]}
	}
	var interval [2]*string
	if sum.Extent.Start != "" {
		start, end := sum.Extent.Start+"T00:00:00Z", sum.Extent.End+"T23:59:59Z"
		interval = [2]*string{&start, &end}
	}
	return map[string]any{
		"id":          "events",
		"title":       "Events",
		"description": "Attacks, foiled plots, arrests, threats, cross-border strikes and network activity, each with its sources, quotes and every source's figures.",
		"itemType":    "feature",
		"crs":         []string{crs84},
		"extent": map[string]any{
			"spatial":  map[string]any{"bbox": [][]float64{bbox}, "crs": crs84},
			"temporal": map[string]any{"interval": [][2]*string{interval}, "trs": trs},
		},
		"links": []Link{
			{Href: b, Rel: "self", Type: mimeJSON, Title: "This collection"},
			{Href: b + "/items", Rel: "items", Type: mimeGeoJSON, Title: "The events as GeoJSON"},
			{Href: b + "/items.csv", Rel: "items", Type: "text/csv", Title: "The events as CSV"},
			{Href: b + "/queryables", Rel: relQueryables, Type: mimeSchema, Title: "The properties to filter on, with their values and labels"},
		},
	}, nil
}

func (s *Server) collections(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		col, err := s.collection(c)
		if err != nil {
			return nil, err
		}
		b := s.baseURL(c) + "/api/collections"
		return map[string]any{
			"links":       []Link{{Href: b, Rel: "self", Type: mimeJSON, Title: "Collections"}},
			"collections": []any{col},
		}, nil
	})
}

func (s *Server) eventsCollection(c echo.Context) error {
	if err := onlyFormat(c, "json"); err != nil {
		return err
	}
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) { return s.collection(c) })
}
