package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter slows password guessing: each key (an address, a user name) may fail Burst times
// in a row and then once per Every. Only failures count, so signing in correctly never uses
// up anyone's attempts. It remembers at most MaxKeys keys, forgetting idle ones first.
type Limiter struct {
	Every   time.Duration
	Burst   int
	MaxKeys int

	mu   sync.Mutex
	keys map[string]*entry
}

type entry struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter returns a limiter allowing burst failures per key, then one per every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{Every: every, Burst: burst, MaxKeys: 10000, keys: map[string]*entry{}}
}

// Blocked reports whether any key has used up its failures, and how long until it may try
// again. It spends nothing.
func (l *Limiter) Blocked(now time.Time, keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		e, ok := l.keys[k]
		if !ok {
			continue
		}
		if tokens := e.lim.TokensAt(now); tokens < 1 {
			if d := time.Duration((1 - tokens) * float64(l.Every)); d > wait {
				wait = d
			}
		}
	}
	return wait > 0, wait
}

// Fail records a failed attempt for every key.
func (l *Limiter) Fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	for _, k := range keys {
		e, ok := l.keys[k]
		if !ok {
			e = &entry{lim: rate.NewLimiter(rate.Every(l.Every), l.Burst)}
			l.keys[k] = e
		}
		e.seen = now
		e.lim.AllowN(now, 1)
	}
}

// sweep forgets keys whose failures have all been forgiven and, if that is not enough, any
// keys at all, so memory stays bounded whatever callers send.
func (l *Limiter) sweep(now time.Time) {
	if len(l.keys) < l.MaxKeys {
		return
	}
	for k, e := range l.keys {
		if now.Sub(e.seen) > l.Every*time.Duration(l.Burst) {
			delete(l.keys, k)
		}
	}
	for k := range l.keys {
		if len(l.keys) < l.MaxKeys {
			break
		}
		delete(l.keys, k)
	}
}
