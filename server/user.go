package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
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
