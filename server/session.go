package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/auth"
)

const (
	sessionCookie = "westward_session"
	sessionTTL    = 12 * time.Hour
	csrfHeader    = "X-CSRF-Token"
)

// Keys of what identify leaves in the echo context.
const (
	ctxUser = "westward.user"
	ctxCSRF = "westward.csrf" // set for cookie sessions only: token requests carry no ambient credentials
)

func userOf(c echo.Context) *geo.User {
	u, _ := c.Get(ctxUser).(*geo.User)
	return u
}

// identify finds who is asking, from the session cookie or an "Authorization: Bearer" API
// token. Readers send neither and stay anonymous; public routes never need either.
func (s *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return unauthorized("the Authorization header must be Bearer <token>")
			}
			u, err := s.db.TokenUser(ctx, auth.HashToken(strings.TrimSpace(token)))
			if err != nil {
				if geo.ErrorCode(err) == geo.ENOTFOUND {
					return unauthorized("unknown API token")
				}
				return err
			}
			c.Set(ctxUser, u)
		} else if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			u, csrf, err := s.db.SessionUser(ctx, auth.HashToken(ck.Value))
			if err == nil {
				c.Set(ctxUser, u)
				c.Set(ctxCSRF, csrf)
			} else if geo.ErrorCode(err) != geo.ENOTFOUND {
				return err
			}
		}
		return next(c)
	}
}

func unauthorized(msg string) error {
	return &echo.HTTPError{Code: http.StatusUnauthorized, Message: msg}
}

// require lets through users holding role; anonymous requests get 401 and others 403. A
// state-changing request signed in by cookie must also carry its session's CSRF token in
// X-CSRF-Token and, if it says where it comes from, come from this site.
func (s *Server) require(role geo.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := userOf(c)
			if u == nil {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="westward"`)
				return unauthorized("sign in, or send an API token, to change data")
			}
			if csrf, ok := c.Get(ctxCSRF).(string); ok && !safeMethod(c.Request().Method) {
				if !auth.Equal(c.Request().Header.Get(csrfHeader), csrf) {
					return &echo.HTTPError{Code: http.StatusForbidden, Message: "missing or wrong " + csrfHeader + " header"}
				}
				if o := c.Request().Header.Get("Origin"); o != "" && o != s.baseURL(c) {
					return &echo.HTTPError{Code: http.StatusForbidden, Message: "cross-origin request refused"}
				}
			}
			if !u.Can(role) {
				return &echo.HTTPError{Code: http.StatusForbidden, Message: "this needs the " + string(role) + " role"}
			}
			return next(c)
		}
	}
}

// safeMethod reports whether a method only reads: such requests need no CSRF token.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

type loginRequest struct {
	Username string `json:"username" form:"username"`
	Password string `json:"password" form:"password"`
}

// login checks a name and password and starts a new session (a new token at every login, so a
// session fixed before login is worthless). Attempts are limited per address and per name.
func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := c.Bind(&req); err != nil {
		return geo.ParamError("body", "want JSON or a form with username and password")
	}
	now := time.Now()
	if ok, wait := s.logins.Allow(now, "ip:"+c.RealIP(), "user:"+strings.ToLower(req.Username)); !ok {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return &echo.HTTPError{Code: http.StatusTooManyRequests, Message: "too many sign-in attempts; wait and try again"}
	}
	ctx := c.Request().Context()
	u, hash, err := s.db.UserPassword(ctx, req.Username)
	switch {
	case geo.ErrorCode(err) == geo.ENOTFOUND:
		auth.CheckNobody(req.Password)
		return unauthorized("wrong user name or password")
	case err != nil:
		return err
	case !auth.Check(hash, req.Password):
		return unauthorized("wrong user name or password")
	}
	if old, err := c.Cookie(sessionCookie); err == nil {
		s.db.DeleteSession(ctx, auth.HashToken(old.Value))
	}
	token, csrf := auth.NewToken(), auth.NewToken()
	if err := s.db.CreateSession(ctx, u.ID, auth.HashToken(token), csrf, now.Add(sessionTTL)); err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, token, sessionTTL))
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, map[string]any{"user": u, "csrf_token": csrf})
}

// logout ends the session on the server, so the cookie is worthless even if kept.
func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(c.Request().Context(), auth.HashToken(ck.Value)); err != nil {
			return err
		}
	}
	c.SetCookie(s.cookie(c, "", -1))
	return c.NoContent(http.StatusNoContent)
}

// me tells the editor page who is signed in and the CSRF token to send.
func (s *Server) me(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	u := userOf(c)
	if u == nil {
		return unauthorized("not signed in")
	}
	csrf, _ := c.Get(ctxCSRF).(string)
	return c.JSON(http.StatusOK, map[string]any{"user": u, "csrf_token": csrf})
}

// cookie is the session cookie: HttpOnly, SameSite=Strict, Secure whenever the site is served
// over HTTPS (directly, behind a proxy that says so, or by its configured base URL).
func (s *Server) cookie(c echo.Context, value string, ttl time.Duration) *http.Cookie {
	ck := &http.Cookie{Name: sessionCookie, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: c.Scheme() == "https" || strings.HasPrefix(s.cfg.BaseURL, "https://")}
	if ttl < 0 {
		ck.MaxAge = -1
	} else {
		ck.MaxAge = int(ttl.Seconds())
	}
	return ck
}
