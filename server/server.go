// Package server is Westward's HTTP side: an OGC API – Features service for the events, the
// front end's own endpoints and the embedded static files, on echo v4. It turns domain errors
// into problem+json, caches rendered responses by dataset version and query, and sets the
// security headers every page needs.
package server

import (
	"context"
	"crypto/rand"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/geo/gazetteer"
	"github.com/westward/westward/server/auth"
	"github.com/westward/westward/server/replica"
	"github.com/westward/westward/server/store"
)

// Config is what the server needs to know beyond its database.
type Config struct {
	// BaseURL, when set, is used for the absolute links in API responses instead of the
	// request's scheme and host (set it behind a proxy).
	BaseURL string
	// TileURL is an optional raster tile URL template for the map; empty keeps the map
	// entirely offline.
	TileURL         string
	TileAttribution string
	// Version is the build's version, shown by the API and the health check.
	Version string
	// CacheBytes bounds the rendered-response cache.
	CacheBytes int
	// PasswordCost is bcrypt's cost for new passwords; 0 means auth.DefaultHasher's.
	PasswordCost int
	// ReadSlots bounds the uncached reads answered at once (0: one per core); ReadQueue the
	// reads that wait for a slot (0: 8 per slot), each for at most ReadWait (0: 1 s). More are
	// refused with 503 and Retry-After. See admission.
	ReadSlots, ReadQueue int
	ReadWait             time.Duration
	// ImportMaxBytes bounds an uploaded import (0: 64 MiB); a larger one is answered 413.
	ImportMaxBytes int64
	// ReadOnly refuses every write with 503 naming Primary (the primary's public URL): the
	// database follows a replica and is written only there.
	ReadOnly bool
	Primary  string
	// Replication, when the database replicates or follows a replica, says how far behind the
	// side that is behind is, for /healthz and the metrics.
	Replication func(context.Context) (replica.Status, error)
	// Metrics keeps the Prometheus series that MetricsHandler serves.
	Metrics bool
}

// Server serves the API and the front end.
type Server struct {
	cfg   Config
	db    *store.DB
	atlas *country.Atlas
	log   *slog.Logger
	echo  *echo.Echo
	cache *responseCache
	reads *admission
	// admittedRoutes are the routes of the public reads (see refuseEarly)
	admittedRoutes map[string]bool
	static         *staticFiles
	http           *http.Server

	headers    fixedHeaders
	requestIDs requestIDs

	metrics *metrics // nil unless Config.Metrics

	hasher    auth.Hasher
	logins    *auth.SignInLimits
	gazetteer func() (*gazetteer.Gazetteer, error) // loaded on first use: readers never need it
	// previewAtlas is the atlas previews draw: the one given to New, or else the basemap the
	// page draws, parsed from the static files on first use.
	previewAtlas func() *country.Atlas
	// extent is the data's time extent, kept for the dataset version it was read at.
	extent atomic.Pointer[extentAt]
}

// New builds a server over db. atlas names countries and may be nil.
func New(cfg Config, db *store.DB, atlas *country.Atlas, static fs.FS, log *slog.Logger) (*Server, error) {
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = 16 << 20
	}
	if cfg.ReadSlots == 0 {
		cfg.ReadSlots = runtime.NumCPU()
	}
	if cfg.ReadQueue == 0 {
		cfg.ReadQueue = 8 * cfg.ReadSlots
	}
	if cfg.ImportMaxBytes == 0 {
		cfg.ImportMaxBytes = importMaxBytes
	}
	if cfg.ReadWait == 0 {
		cfg.ReadWait = time.Second
	}
	sf, err := loadStatic(static)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, atlas: atlas, log: log, echo: echo.New(), cache: newResponseCache(cfg.CacheBytes), static: sf,
		reads:  newAdmission(cfg.ReadSlots, cfg.ReadQueue, cfg.ReadWait),
		hasher: auth.DefaultHasher, logins: auth.NewSignInLimits(), gazetteer: sync.OnceValues(gazetteer.Load)}
	s.headers = newFixedHeaders(cfg)
	s.previewAtlas = sync.OnceValue(func() *country.Atlas {
		if atlas != nil {
			return atlas
		}
		if f, ok := sf.files["/"+basemapFile]; ok {
			if a, err := country.Parse(f.plain); err == nil {
				return a
			}
		}
		return nil
	})
	s.requestIDs.prefix = rand.Text()[:16] + "-"
	if cfg.PasswordCost != 0 {
		s.hasher = auth.Hasher{Cost: cfg.PasswordCost}
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	// The client's address is the connection's: X-Forwarded-For is the client's to write, and
	// trusting it would let anyone step around the sign-in limiter.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.errorHandler
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: s.requestIDs.next}))
	e.Use(s.logRequests)
	if cfg.Metrics {
		s.metrics = newMetrics(s)
		e.Use(s.countRequests)
	}
	if cfg.ReadOnly {
		e.Use(s.refuseWrites)
	}
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: s.logPanic}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "1M",
		Skipper: func(c echo.Context) bool { return c.Path() == "/api/import" }})) // imports have their own, larger limit
	e.Use(s.securityHeaders)
	s.routes()
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	e.Server = s.http
	return s, nil
}

func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.health)
	api := e.Group("/api", s.cors, s.identify)
	// read registers a public read, whose answer is rendered under admission: when that is
	// full, refuseEarly answers it before routing.
	s.admittedRoutes = map[string]bool{}
	read := func(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
		api.GET(path, h, m...)
		s.admittedRoutes["/api"+path] = true
	}
	read("", s.landing)
	read("/", s.landing)
	read("/openapi", s.openAPI)
	read("/conformance", s.conformance)
	read("/collections", s.collections)
	read("/collections/events", s.eventsCollection)
	read("/collections/events/queryables", s.queryables)
	read("/collections/events/items", s.items)
	read("/collections/events/items.csv", s.itemsCSV, s.admitted)
	read("/collections/events/items/:id", s.item)
	read("/sources", s.sources)
	read("/summary", s.summary)
	read("/spread", s.spread)
	read("/config", s.config)
	read("/stories", s.stories)
	read("/stories/:id", s.story)
	e.GET("/oembed", s.oembed, s.cors)
	e.GET("/preview.png", s.preview)

	// Signing in and editing. Reads above stay public and cookie-free.
	editor, admin := s.require(geo.RoleEditor), s.require(geo.RoleAdmin)
	api.POST("/login", s.login)
	api.POST("/logout", s.logout)
	api.POST("/logout/everywhere", s.logoutEverywhere, editor)
	api.GET("/me", s.me)
	api.PUT("/me/password", s.changePassword, editor)
	api.POST("/collections/events/items", s.createItem, editor)
	api.PUT("/collections/events/items/:id", s.replaceItem, editor)
	api.PATCH("/collections/events/items/:id", s.patchItem, editor)
	api.DELETE("/collections/events/items/:id", s.deleteItem, editor)
	read("/collections/events/items/:id/history", s.history)
	read("/collections/events/items/:id/history/:rev", s.revision)
	api.POST("/collections/events/items/:id/history/:rev/restore", s.restore, editor)
	api.PUT("/sources/:id", s.putSource, editor)
	api.POST("/import", s.importItems, editor)
	api.GET("/import/columns", s.importColumns)
	api.GET("/import/template.csv", s.importTemplate)
	api.GET("/import/id", s.importID, editor)
	api.GET("/geocode", s.geocode, editor)
	api.GET("/tokens", s.tokens, editor)
	api.POST("/tokens", s.createToken, editor)
	api.DELETE("/tokens/:id", s.revokeToken, editor)
	api.GET("/users", s.users, admin)
	api.POST("/users", s.createUser, admin)
	api.PATCH("/users/:id", s.updateUser, admin)
	e.GET("/*", s.serveStatic)
}

// Serve answers on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.http.Serve(ln)
	if err == http.ErrServerClosed {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for the open requests to finish.
func (s *Server) Shutdown(ctx context.Context) error { return s.http.Shutdown(ctx) }

// baseURL is the scheme and host the API's absolute links start with.
func (s *Server) baseURL(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// countryName is the name features give the country code: the one stored with them (the
// commands that write store the atlas's names first; see openStore in package main).
func (s *Server) countryName(code string) string { return s.db.CountryName(code) }

func (s *Server) health(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if err := s.db.Ping(c.Request().Context()); err != nil {
		s.log.Error("health check", slog.String("error", err.Error()))
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	out := map[string]any{"status": "ok", "version": s.cfg.Version, "dataset_version": s.db.Version()}
	if s.cfg.ReadOnly {
		out["read_only"] = true
		out["primary"] = s.cfg.Primary
	}
	if s.cfg.Replication != nil {
		st, err := s.cfg.Replication(c.Request().Context())
		rep := map[string]any{"local_txid": st.Local, "replica_txid": st.Remote, "lag_seconds": st.Lag.Seconds()}
		if err != nil {
			rep["error"] = err.Error()
		}
		out["replication"] = rep
	}
	return c.JSON(http.StatusOK, out)
}
