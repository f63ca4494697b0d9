package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/auth"
)

// createToken answers POST /api/tokens: {"name", "expires_in_days"} makes an API token for the
// signed-in user (auth.DefaultTokenDays unless asked, at most auth.MaxTokenDays; at most
// auth.MaxTokensPerUser live at once); an admin may name another "username". The token is
// shown once and stored only hashed.
func (s *Server) createToken(c echo.Context) error {
	var req struct {
		Name     string `json:"name"`
		Username string `json:"username"`
		Days     int    `json:"expires_in_days"`
	}
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want a name and, optionally, expires_in_days")
	}
	ctx := c.Request().Context()
	owner := userOf(c)
	if req.Username != "" && !strings.EqualFold(req.Username, owner.Username) {
		if owner.Role != geo.RoleAdmin {
			return &echo.HTTPError{Code: http.StatusForbidden, Message: "only admins make tokens for others"}
		}
		u, _, err := s.db.UserPassword(ctx, req.Username)
		if err != nil {
			return err
		}
		owner = u
	}
	expires, err := auth.TokenExpiry(s.db.Now(), req.Days)
	if err != nil {
		return err
	}
	token := auth.NewToken()
	t, err := s.db.CreateAPIToken(ctx, owner.ID, req.Name, auth.HashToken(token), expires, auth.MaxTokensPerUser)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusCreated, map[string]any{"token": token, "user": owner, "name": t.Name, "id": t.ID,
		"created_at": t.CreatedAt, "expires_at": t.ExpiresAt})
}

// tokens answers GET /api/tokens: the signed-in user's unexpired tokens, or everyone's for
// an admin, without their secrets.
func (s *Server) tokens(c echo.Context) error {
	u := userOf(c)
	var owner int64
	if u.Role != geo.RoleAdmin {
		owner = u.ID
	}
	ts, err := s.db.APITokens(c.Request().Context(), owner)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, map[string]any{"tokens": ts, "max_per_user": auth.MaxTokensPerUser})
}

// revokeToken answers DELETE /api/tokens/{id}: the token stops working at once. Editors revoke
// their own tokens, admins anyone's; another's token is not found.
func (s *Server) revokeToken(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return geo.ParamError("id", "%q is not a token id", c.Param("id"))
	}
	u := userOf(c)
	var owner int64
	if u.Role != geo.RoleAdmin {
		owner = u.ID
	}
	if err := s.db.RevokeAPIToken(c.Request().Context(), id, owner); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
