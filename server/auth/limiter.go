package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter slows password guessing: each key (an address, a user name) may try Burst times
// at once and then once per Every. It remembers at most MaxKeys keys, forgetting idle ones.
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

// NewLimiter returns a limiter allowing burst attempts per key, then one per every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{Every: every, Burst: burst, MaxKeys: 10000, keys: map[string]*entry{}}
}

// Allow reports whether every key may make an attempt now, and if not how long to wait. It
// spends an attempt from each key only when all allow it.
func (l *Limiter) Allow(now time.Time, keys ...string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keys) > l.MaxKeys {
		for k, e := range l.keys {
			if now.Sub(e.seen) > l.Every*time.Duration(l.Burst) {
				delete(l.keys, k)
			}
		}
	}
	var rs []*rate.Reservation
	for _, k := range keys {
		e, ok := l.keys[k]
		if !ok {
			e = &entry{lim: rate.NewLimiter(rate.Every(l.Every), l.Burst)}
			l.keys[k] = e
		}
		e.seen = now
		r := e.lim.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 {
			r.CancelAt(now)
			for _, prev := range rs {
				prev.CancelAt(now)
			}
			return false, d
		}
		rs = append(rs, r)
	}
	return true, 0
}
