package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/auth"
)

// changePassword answers PUT /api/me/password: {"current_password", "new_password"}. The
// current password is checked under the sign-in limits (a stolen session must not be able to
// take the account over, nor to guess); the change ends every other session of the user, so
// whoever else knew the old password is signed out. API tokens stay (see GET /api/tokens).
func (s *Server) changePassword(c echo.Context) error {
	var req struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want current_password and new_password")
	}
	ctx := c.Request().Context()
	me := userOf(c)
	if _, err := s.checkPassword(c, me.Username, req.Current, func(string) (*geo.User, string, error) {
		return s.db.UserPasswordByID(ctx, me.ID)
	}); err != nil {
		if he, ok := err.(*echo.HTTPError); ok && he.Code == http.StatusUnauthorized {
			// 401 would tell the page the session ended; it has not, the password was wrong.
			return geo.ParamError("current_password", "wrong password")
		}
		return err
	}
	hash, err := s.hasher.Hash(req.New)
	if err != nil {
		return geo.ParamError("new_password", "%v", err)
	}
	var keep []byte
	if ck, err := c.Cookie(sessionCookie); err == nil && c.Get(ctxCSRF) != nil {
		keep = auth.HashToken(ck.Value)
	}
	if err := s.db.SetPassword(ctx, me.ID, hash, keep); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// logoutEverywhere answers POST /api/logout/everywhere: it ends every session of the user,
// this one included, and revokes every API token of theirs (a stolen session can mint
// tokens, so ending sessions alone would not lock a thief out). It says how many of each.
func (s *Server) logoutEverywhere(c echo.Context) error {
	sessions, tokens, err := s.db.SignOutEverywhere(c.Request().Context(), userOf(c).ID)
	if err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, "", -1))
	return c.JSON(http.StatusOK, map[string]int64{"sessions_ended": sessions, "tokens_revoked": tokens})
}
