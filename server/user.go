package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/store"
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

// createUser answers POST /api/users (admins): {"username", "role", "password",
// "display_name"}. The display name, if any, is what the public history shows.
func (s *Server) createUser(c echo.Context) error {
	var req struct {
		Username    string   `json:"username"`
		Role        geo.Role `json:"role"`
		Password    string   `json:"password"`
		DisplayName string   `json:"display_name"`
	}
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want username, role and password")
	}
	// The names first, so a bad name is reported as such whatever the password.
	if err := geo.ValidateName("username", req.Username); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(req.Password)
	if err != nil {
		return geo.ParamError("password", "%v", err)
	}
	u, err := s.db.CreateUser(c.Request().Context(), geo.User{Username: req.Username, Role: req.Role, DisplayName: req.DisplayName}, hash)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

// updateUser answers PATCH /api/users/{id} (admins): {"display_name": "…"} renames a user in
// the public history; {"disabled": true} stops them signing in or using their tokens and ends
// their sessions at once, {"disabled": false} lets them back. Admins cannot disable
// themselves, so the last admin cannot lock everyone out.
func (s *Server) updateUser(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return geo.ParamError("id", "%q is not a user id", c.Param("id"))
	}
	var req struct {
		DisplayName *string `json:"display_name"`
		Disabled    *bool   `json:"disabled"`
	}
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want display_name or disabled")
	}
	if req.Disabled != nil && *req.Disabled && id == userOf(c).ID {
		return geo.ParamError("disabled", "you cannot disable yourself")
	}
	u, err := s.db.UpdateUser(c.Request().Context(), id, store.UserUpdate{DisplayName: req.DisplayName, Disabled: req.Disabled})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}
