package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/gazetteer"
)

// GeocodeResult is one candidate place for a typed name.
type GeocodeResult struct {
	Name        string    `json:"name"`
	Country     string    `json:"country"`
	CountryName string    `json:"country_name"`
	Coordinates []float64 `json:"coordinates"`
	Precision   string    `json:"precision"`
	Population  int       `json:"population,omitempty"`
}

// geocode answers GET /api/geocode?q=…&country=…: ranked candidates from the embedded
// gazetteer (GeoNames, CC BY 4.0) and, for a country's name, the country itself at country
// precision. Nothing is asked of any outside service.
func (s *Server) geocode(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		if k != "q" && k != "country" && k != "limit" {
			return geo.UnknownParam(k)
		}
	}
	text := strings.TrimSpace(q.Get("q"))
	if text == "" || len(text) > 200 {
		return geo.ParamError("q", "want a place name of 1–200 bytes")
	}
	hint := strings.ToUpper(q.Get("country"))
	if hint != "" && len(hint) != 2 {
		return geo.ParamError("country", "%q is not an ISO 3166-1 alpha-2 code", hint)
	}
	limit := 8
	if q.Has("limit") {
		if limit, err = strconv.Atoi(q.Get("limit")); err != nil || limit < 1 || limit > gazetteer.MaxLimit {
			return geo.ParamError("limit", "want 1–%d", gazetteer.MaxLimit)
		}
	}
	out := []GeocodeResult{}
	if code, ok := s.atlas.Find(text); ok {
		if p, ok := s.atlas.Representative(code); ok {
			out = append(out, GeocodeResult{Name: s.countryName(code), Country: code, CountryName: s.countryName(code),
				Coordinates: []float64{p[0], p[1]}, Precision: string(geo.LocationCountry)})
		}
	}
	gz, err := s.gazetteer()
	if err != nil {
		return err
	}
	for _, cand := range gz.Search(text, hint, limit) {
		if len(out) >= limit {
			break
		}
		out = append(out, GeocodeResult{Name: cand.Name, Country: cand.Country, CountryName: s.countryName(cand.Country),
			Coordinates: []float64{cand.Point[0], cand.Point[1]}, Precision: cand.Precision, Population: cand.Population})
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "private, max-age=3600")
	return c.JSON(http.StatusOK, map[string]any{"query": text, "results": out,
		"attribution": "Place names: GeoNames (geonames.org), CC BY 4.0"})
}
