package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/gazetteer"
	"github.com/westward/westward/server/auth"
)

// users answers GET /api/users (admins).
func (s *Server) users(c echo.Context) error {
	us, err := s.db.Users(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, map[string]any{"users": us})
}

// createUser answers POST /api/users (admins): {"username", "role", "password"}.
func (s *Server) createUser(c echo.Context) error {
	var req struct {
		Username string   `json:"username"`
		Role     geo.Role `json:"role"`
		Password string   `json:"password"`
	}
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want username, role and password")
	}
	hash, err := s.hasher.Hash(req.Password)
	if err != nil {
		return geo.ParamError("password", "%v", err)
	}
	u, err := s.db.CreateUser(c.Request().Context(), req.Username, req.Role, hash)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

// createToken answers POST /api/tokens: {"name"} makes an API token for the signed-in user;
// an admin may name another "username". The token is shown once and stored only hashed.
func (s *Server) createToken(c echo.Context) error {
	var req struct {
		Name     string `json:"name"`
		Username string `json:"username"`
	}
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want a name")
	}
	owner := userOf(c)
	if req.Username != "" && !strings.EqualFold(req.Username, owner.Username) {
		if owner.Role != geo.RoleAdmin {
			return &echo.HTTPError{Code: http.StatusForbidden, Message: "only admins make tokens for others"}
		}
		u, _, err := s.db.UserPassword(c.Request().Context(), req.Username)
		if err != nil {
			return err
		}
		owner = u
	}
	token := auth.NewToken()
	if err := s.db.CreateAPIToken(c.Request().Context(), owner.ID, req.Name, auth.HashToken(token)); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusCreated, map[string]any{"token": token, "user": owner, "name": req.Name})
}

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
