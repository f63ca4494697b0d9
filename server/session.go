package server

import (
	"encoding/json"
	"io"
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
		if s.cfg.ReadOnly {
			// A read-only replica signs nobody in: looking a token up records its use, a
			// write the replica may not make. Public reads need no identity.
			return next(c)
		}
		ctx := c.Request().Context()
		// Only a Bearer token identifies; other Authorization schemes (a proxy's Basic auth)
		// and unknown tokens leave the request anonymous, so public reads still work and
		// protected routes answer 401.
		if token, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer "); ok {
			u, err := s.db.TokenUser(ctx, auth.HashToken(strings.TrimSpace(token)))
			switch {
			case err == nil:
				c.Set(ctxUser, u)
			case geo.ErrorCode(err) != geo.ENOTFOUND:
				return err
			}
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
			if err := s.checkCSRF(c); err != nil {
				return err
			}
			if !u.Can(role) {
				return &echo.HTTPError{Code: http.StatusForbidden, Message: "this needs the " + string(role) + " role"}
			}
			return next(c)
		}
	}
}

// checkCSRF refuses a state-changing request signed in by cookie that lacks its session's
// CSRF token in X-CSRF-Token or says it comes from another site. Token requests carry no
// ambient credentials and need neither.
func (s *Server) checkCSRF(c echo.Context) error {
	csrf, ok := c.Get(ctxCSRF).(string)
	if !ok || safeMethod(c.Request().Method) {
		return nil
	}
	if !auth.Equal(c.Request().Header.Get(csrfHeader), csrf) {
		return &echo.HTTPError{Code: http.StatusForbidden, Message: "missing or wrong " + csrfHeader + " header"}
	}
	if o := c.Request().Header.Get("Origin"); o != "" && o != s.baseURL(c) {
		return &echo.HTTPError{Code: http.StatusForbidden, Message: "cross-origin request refused"}
	}
	return nil
}

// safeMethod reports whether a method only reads: such requests need no CSRF token.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login checks a name and password and starts a new session (a new token at every login, so a
// session fixed before login is worthless). Failed attempts are limited as auth.SignInLimits
// says: per address and name (refused), per address (refused) and per name (slowed, never
// refused, so nobody can lock a user out). The address is the connection's own (see
// Server.New), not a header a client sets.
func (s *Server) login(c echo.Context) error {
	// JSON only, and from this site when the browser says where it comes from: a form posted
	// from another site must not sign a reader in as someone else (login CSRF).
	if !strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
		return geo.ParamError("body", "send the user name and password as JSON")
	}
	if o := c.Request().Header.Get("Origin"); o != "" && o != s.baseURL(c) {
		return &echo.HTTPError{Code: http.StatusForbidden, Message: "cross-origin sign-in refused"}
	}
	var req loginRequest
	if err := json.NewDecoder(io.LimitReader(c.Request().Body, 4096)).Decode(&req); err != nil {
		return geo.ParamError("body", "want JSON with username and password")
	}
	if req.Username == "" || len(req.Username) > 4*geo.MaxNameLength {
		return geo.ParamError("username", "want 1–%d characters", geo.MaxNameLength)
	}
	ctx := c.Request().Context()
	u, err := s.checkPassword(c, req.Username, req.Password, func(name string) (*geo.User, string, error) {
		return s.db.UserPassword(ctx, name)
	})
	if err != nil {
		return err
	}
	if old, err := c.Cookie(sessionCookie); err == nil {
		s.db.DeleteSession(ctx, auth.HashToken(old.Value))
	}
	token, csrf := auth.NewToken(), auth.NewToken()
	if err := s.db.CreateSession(ctx, u.ID, auth.HashToken(token), csrf, s.db.Now().Add(sessionTTL)); err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, token, sessionTTL))
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, map[string]any{"user": u, "csrf_token": csrf})
}

// checkPassword checks password against the user find returns for name, under the sign-in
// limits: 429 with Retry-After when this address must wait, a held answer when the name is
// under attack, 401 for a wrong name or password (the same answer, in the same time), and
// 403 for a disabled user who knows the password.
func (s *Server) checkPassword(c echo.Context, name, password string, find func(string) (*geo.User, string, error)) (*geo.User, error) {
	now := s.db.Now()
	addr, key := c.RealIP(), strings.ToLower(name)
	retry, delay := s.logins.Check(now, addr, key)
	if retry > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())+1))
		return nil, &echo.HTTPError{Code: http.StatusTooManyRequests, Message: "too many failed sign-in attempts from this address; wait and try again"}
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.Request().Context().Done():
			return nil, c.Request().Context().Err()
		}
	}
	u, hash, err := find(name)
	switch {
	case geo.ErrorCode(err) == geo.ENOTFOUND:
		auth.CheckNobody(password)
		s.logins.Fail(now, addr, key)
		return nil, unauthorized("wrong user name or password")
	case err != nil:
		return nil, err
	case !auth.Check(hash, password):
		s.logins.Fail(now, addr, key)
		return nil, unauthorized("wrong user name or password")
	case u.Disabled:
		return nil, &echo.HTTPError{Code: http.StatusForbidden, Message: "this account is disabled; ask an admin"}
	}
	return u, nil
}

// logout ends the session on the server, so the cookie is worthless even if kept. Signed in,
// it needs the session's CSRF token like any other change (another site must not be able to
// sign an editor out); without a live session there is nothing to end but the cookie.
func (s *Server) logout(c echo.Context) error {
	if userOf(c) != nil {
		if err := s.checkCSRF(c); err != nil {
			return err
		}
		if ck, err := c.Cookie(sessionCookie); err == nil {
			if err := s.db.DeleteSession(c.Request().Context(), auth.HashToken(ck.Value)); err != nil {
				return err
			}
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
