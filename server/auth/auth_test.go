package auth

import (
	"strconv"
	"testing"
	"time"

	"github.com/westward/westward/geo"
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
		if blocked, _ := l.Blocked(now, "ip:1", "user:a"); blocked {
			t.Fatalf("attempt %d refused", i+1)
		}
		l.Fail(now, "ip:1", "user:a")
	}
	blocked, wait := l.Blocked(now, "ip:1", "user:a")
	if !blocked || wait <= 0 || wait > time.Minute {
		t.Errorf("after three failures: blocked=%v wait=%v; want blocked for up to a minute", blocked, wait)
	}
	if blocked, _ := l.Blocked(now, "ip:2", "user:a"); !blocked {
		t.Error("another address guessing the same user must be refused too")
	}
	if blocked, _ := l.Blocked(now, "ip:2", "user:b"); blocked {
		t.Error("an unrelated address and user must be allowed")
	}
	if blocked, _ := l.Blocked(now.Add(time.Minute), "ip:1", "user:a"); blocked {
		t.Error("after a minute one more attempt must be allowed")
	}
	small := NewLimiter(time.Minute, 1)
	small.MaxKeys = 100
	for i := 0; i < 1000; i++ {
		small.Fail(now, "user:"+strconv.Itoa(i))
	}
	if n := len(small.keys); n > 100 {
		t.Errorf("the limiter holds %d keys, more than its cap of 100", n)
	}
}

func TestSignInLimits(t *testing.T) {
	l := NewSignInLimits()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		if retry, _ := l.Check(now, "10.0.0.1", "edith"); retry != 0 {
			t.Fatalf("attempt %d refused", i+1)
		}
		l.Fail(now, "10.0.0.1", "edith")
	}
	if retry, _ := l.Check(now, "10.0.0.1", "edith"); retry <= 0 || retry > 12*time.Second {
		t.Errorf("the guessing address: retry after %v, want up to 12 s", retry)
	}
	if retry, delay := l.Check(now, "10.0.0.2", "edith"); retry != 0 || delay != 0 {
		t.Errorf("another address: retry %v delay %v, want neither (only five failures on the name)", retry, delay)
	}
	for i := 0; i < 5; i++ {
		l.Fail(now, "10.0.0."+strconv.Itoa(10+i), "edith")
	}
	if retry, delay := l.Check(now, "10.0.0.2", "edith"); retry != 0 || delay != time.Second {
		t.Errorf("a name guessed from many addresses, from a fresh one: retry %v delay %v, want no refusal and a 1 s delay", retry, delay)
	}
	if _, delay := l.Check(now, "10.0.0.2", "olga"); delay != 0 {
		t.Errorf("another name is slowed too: %v", delay)
	}
	for i := 0; i < 50; i++ {
		l.Fail(now, "10.9.9.9", "name"+strconv.Itoa(i))
	}
	if retry, _ := l.Check(now, "10.9.9.9", "someone-new"); retry == 0 {
		t.Error("an address that failed on 50 names may try a 51st at once")
	}
}

func TestTokenExpiry(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		days int
		want time.Time
	}{
		{"ok, default", 0, now.AddDate(0, 0, 90)},
		{"ok, one day", 1, now.AddDate(0, 0, 1)},
		{"ok, maximum", 365, now.AddDate(0, 0, 365)},
		{"nok, negative", -1, time.Time{}},
		{"nok, over the maximum", 366, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := TokenExpiry(now, tc.days)
			if !got.Equal(tc.want) {
				t.Errorf("TokenExpiry(%d) = %v, want %v", tc.days, got, tc.want)
			}
			if tc.want.IsZero() && geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("error %v, want EINVALID", err)
			}
		})
	}
}
