package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/westward/westward/server/replica"
)

// metrics are the Prometheus series an operator watches: requests and latencies per route,
// the response cache's hits and misses, the read pool's waits, the database's size and the
// replication lag. They are kept only when the operator asked for them (Config.Metrics).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// fromCache is the series of the answers the cache's fast path gives before routing.
	fromCache prometheus.Observer
}

// fastPathRoute labels the answers given from the response cache before routing, which
// never learn their route (looking it up would cost what the fast path saves).
const fastPathRoute = "(response cache)"

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "westward_http_requests_total", Help: "HTTP requests answered, by route, method and status.",
	}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "westward_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	m.fromCache = m.latency.WithLabelValues(fastPathRoute)
	rc := s.cache
	m.reg.MustRegister(m.requests, m.latency,
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "westward_response_cache_hits_total",
			Help: "Response cache lookups that found the answer."}, func() float64 { return float64(rc.hits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "westward_response_cache_misses_total",
			Help: "Response cache lookups that had to render."}, func() float64 { return float64(rc.misses.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "westward_db_read_pool_waits_total",
			Help: "Queries that waited for a free read connection."}, func() float64 { return float64(s.db.ReadStats().WaitCount) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "westward_db_read_pool_wait_seconds_total",
			Help: "Time queries waited for a free read connection."}, func() float64 { return s.db.ReadStats().WaitDuration.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "westward_db_size_bytes",
			Help: "Bytes of the database file and its write-ahead log."}, func() float64 { return float64(s.db.Size()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "westward_dataset_version",
			Help: "The dataset version (advances on every change)."}, func() float64 { return float64(s.db.Version()) }),
	)
	if s.cfg.Replication != nil {
		status := func() replica.Status {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			st, _ := s.cfg.Replication(ctx)
			return st
		}
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "westward_replication_lag_seconds",
			Help: "How long the side behind (the replica, or this read-only copy) has been behind; 0 when caught up."},
			func() float64 { return status().Lag.Seconds() }))
	}
	return m
}

// countRequests observes every routed request under its route pattern (never its path, which
// would make a series per event).
func (s *Server) countRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "(none)"
		}
		s.metrics.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		s.metrics.requests.WithLabelValues(route, c.Request().Method, strconv.Itoa(c.Response().Status)).Inc()
		return nil
	}
}

// MetricsHandler serves the metrics in Prometheus's format, with the default registry's (the
// Go runtime's and the process's, and Litestream's own when the database replicates); nil when Config.Metrics is off. Serve it on its own address.
func (s *Server) MetricsHandler() http.Handler {
	if s.metrics == nil {
		return nil
	}
	return promhttp.HandlerFor(prometheus.Gatherers{s.metrics.reg, prometheus.DefaultGatherer}, promhttp.HandlerOpts{})
}
