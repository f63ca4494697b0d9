package auth

import "time"

// SignInLimits is the policy that stops password guessing without letting anyone lock a user
// out. Failures are counted three ways:
//
//   - per address and user name: 5 failures, then one attempt per 12 s. Only this pair is
//     refused, so guessing from one address never refuses the right password from another.
//   - per address: 50 failures, then one per 12 s, so one address cannot spray many names.
//   - per user name, from anywhere: after 10 failures each further attempt on the name is
//     answered only after Delay (1 s). Slowed, never refused: guessing from many addresses
//     gets slow, and the user still signs in.
//
// A failure spends one of each; a success spends nothing.
type SignInLimits struct {
	pair, address, user *Limiter
	// Delay is how long an attempt on a user name under attack is held before it is checked.
	Delay time.Duration
}

// NewSignInLimits returns the policy above.
func NewSignInLimits() *SignInLimits {
	return &SignInLimits{
		pair:    NewLimiter(12*time.Second, 5),
		address: NewLimiter(12*time.Second, 50),
		user:    NewLimiter(12*time.Second, 10),
		Delay:   time.Second,
	}
}

// Check says whether an attempt from addr on user must be refused (retry > 0: wait that long)
// or held for delay first. user should already be folded to one case.
func (l *SignInLimits) Check(now time.Time, addr, user string) (retry, delay time.Duration) {
	_, pair := l.pair.Blocked(now, addr+"\x00"+user)
	_, address := l.address.Blocked(now, addr)
	retry = max(pair, address)
	if slowed, _ := l.user.Blocked(now, user); slowed {
		delay = l.Delay
	}
	return retry, delay
}

// Fail records a failed attempt from addr on user.
func (l *SignInLimits) Fail(now time.Time, addr, user string) {
	l.pair.Fail(now, addr+"\x00"+user)
	l.address.Fail(now, addr)
	l.user.Fail(now, user)
}
