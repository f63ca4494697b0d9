package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// admission bounds the reads that go to the database: at most slots render at once, at most
// queue wait for a slot, each for at most wait; any more are refused at once with 503 and
// Retry-After. Without it, 1,000 connections asking for uncached queries queued on the read
// pool without limit until their clients gave up (p99 7 s), and took the CPU that answers
// from the cache need. Answers from the cache never pass through it, so they never wait
// behind a query.
type admission struct {
	slots   chan struct{}
	queue   int64
	wait    time.Duration
	waiting atomic.Int64
}

func newAdmission(slots, queue int, wait time.Duration) *admission {
	return &admission{slots: make(chan struct{}, slots), queue: int64(queue), wait: wait}
}

// errOverloaded is a read refused by admission; the error handler answers it 503 with
// Retry-After.
var errOverloaded = errors.New("the server is busy")

// retryAfter is the Retry-After of a refused read, in seconds: a queue's worth of queries
// takes far less.
const retryAfter = "1"

// enter takes a slot, waiting in the queue if there is room in it, and returns the function
// that gives the slot back. It fails with errOverloaded when the queue is full or the wait too
// long, and with ctx's error when the client leaves first.
func (a *admission) enter(ctx context.Context) (leave func(), err error) {
	select {
	case a.slots <- struct{}{}:
		return a.leave, nil
	default:
	}
	if a.waiting.Add(1) > a.queue {
		a.waiting.Add(-1)
		return nil, errOverloaded
	}
	defer a.waiting.Add(-1)
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return a.leave, nil
	case <-t.C:
		return nil, errOverloaded
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (a *admission) leave() { <-a.slots }

// full reports whether a read would be refused now: every slot taken and the queue full.
func (a *admission) full() bool {
	return len(a.slots) == cap(a.slots) && a.waiting.Load() >= a.queue
}

// refuseEarly answers 503 before echo when admission is full and r is a public read that
// would wait for it (a GET of a route in s.admittedRoutes, without credentials, which the
// cache could not answer). Under overload every client refused comes straight back, and
// routing, the middleware and parsing each request only to refuse it took the CPU the cached
// answers and the admitted reads need. The answer is the one echo's path gives
// (TestAdmission holds them to the same status, headers and body).
func (s *Server) refuseEarly(w http.ResponseWriter, r *http.Request) bool {
	if !s.reads.full() || r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/api/") ||
		r.Header.Get(echo.HeaderAuthorization) != "" || r.Header.Get("Cookie") != "" {
		return false
	}
	c := s.echo.AcquireContext()
	defer s.echo.ReleaseContext(c)
	c.Reset(r, w)
	s.echo.Router().Find(r.Method, echo.GetPath(r), c)
	if !s.admittedRoutes[c.Path()] {
		return false
	}
	h := w.Header()
	copyHeader(h, s.headers.security)
	copyHeader(h, s.headers.cors)
	rid := r.Header.Get(echo.HeaderXRequestID)
	if rid == "" {
		rid = s.requestIDs.next()
	}
	h[echo.HeaderXRequestID] = []string{rid}
	start := time.Now()
	s.errorHandler(errOverloaded, c)
	if s.log.Enabled(r.Context(), slog.LevelInfo) {
		s.logRequest(r, c.Response().Status, c.Response().Size, time.Since(start), rid)
	}
	return true
}

// admitted is route middleware for the reads that never come from the response cache (the
// CSV export): each takes a slot for the whole answer.
func (s *Server) admitted(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		leave, err := s.reads.enter(c.Request().Context())
		if err != nil {
			return err
		}
		defer leave()
		return next(c)
	}
}
