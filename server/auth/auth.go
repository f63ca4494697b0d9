// Package auth holds the secrets side of signing in: password hashes (bcrypt), random tokens
// for sessions, CSRF and scripts (stored only as SHA-256 hashes), and the limiter that slows
// password guessing. It knows nothing of HTTP or SQL.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Password rules: long enough to resist guessing; bcrypt reads at most 72 bytes, so longer
// passwords are refused rather than silently cut.
const (
	MinPasswordLength = 10
	MaxPasswordBytes  = 72
)

// Hasher hashes and checks passwords with bcrypt at Cost (tests use bcrypt.MinCost).
type Hasher struct {
	Cost int
}

// DefaultHasher is the cost used in production: about 100 ms a check on one core.
var DefaultHasher = Hasher{Cost: 11}

// ErrWeakPassword is returned for passwords outside the rules.
var ErrWeakPassword = errors.New("auth: a password needs at least 10 characters and at most 72 bytes")

// Hash returns the bcrypt hash of password.
func (h Hasher) Hash(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength || len(password) > MaxPasswordBytes {
		return "", ErrWeakPassword
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), h.Cost)
	return string(b), err
}

// Check reports whether password matches hash, in time independent of where they differ.
func Check(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is checked against when a user does not exist, so a login attempt takes as long
// for an unknown name as for a wrong password and does not reveal which names exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("westward-no-such-user"), DefaultHasher.Cost)

// CheckNobody spends the time a password check takes and reports false.
func CheckNobody(password string) bool {
	bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
	return false
}

// NewToken returns 32 random bytes, base64url-encoded: a session, CSRF or API token.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the database keeps of a token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
