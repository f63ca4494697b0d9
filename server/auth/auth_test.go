package auth

import (
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func TestHasher(t *testing.T) {
	h := Hasher{Cost: bcrypt.MinCost}
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !Check(hash, "correct horse battery") || Check(hash, "correct horse batterY") {
		t.Error("Check does not tell the right password from a wrong one")
	}
	for _, weak := range []string{"", "short", "nine char", string(make([]byte, 73))} {
		if _, err := h.Hash(weak); err != ErrWeakPassword {
			t.Errorf("Hash(%q) = %v, want ErrWeakPassword", weak, err)
		}
	}
	if CheckNobody("anything") {
		t.Error("CheckNobody must fail")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) != 43 {
		t.Errorf("tokens %q %q: want distinct 43-character tokens", a, b)
	}
	if string(HashToken(a)) == string(HashToken(b)) || len(HashToken(a)) != 32 {
		t.Error("token hashes collide or are not SHA-256")
	}
	if !Equal(a, a) || Equal(a, b) {
		t.Error("Equal")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(time.Minute, 3)
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow(now, "ip:1", "user:a"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	ok, wait := l.Allow(now, "ip:1", "user:a")
	if ok || wait <= 0 || wait > time.Minute {
		t.Errorf("fourth attempt: ok=%v wait=%v; want refused with a wait up to a minute", ok, wait)
	}
	if ok, _ := l.Allow(now, "ip:2", "user:a"); ok {
		t.Error("another address guessing the same user must be refused too")
	}
	if ok, _ := l.Allow(now, "ip:2", "user:b"); !ok {
		t.Error("an unrelated address and user must be allowed (a refused attempt spends nothing)")
	}
	if ok, _ := l.Allow(now.Add(time.Minute), "ip:1", "user:a"); !ok {
		t.Error("after a minute one more attempt must be allowed")
	}
}
