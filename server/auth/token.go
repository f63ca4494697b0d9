package auth

import (
	"time"

	"github.com/westward/westward/geo"
)

// The API token policy. A token lives DefaultTokenDays unless its maker asks for fewer or
// more days, up to MaxTokenDays; a user holds at most MaxTokensPerUser unexpired tokens, so
// a stolen session cannot mint tokens without bound and every token stays listable.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 365
	MaxTokensPerUser = 10
)

// TokenExpiry is when a token made at now for days days expires; 0 days means the default.
// Days outside 1–MaxTokenDays are an invalid expires_in_days.
func TokenExpiry(now time.Time, days int) (time.Time, error) {
	if days == 0 {
		days = DefaultTokenDays
	}
	if days < 1 || days > MaxTokenDays {
		return time.Time{}, geo.ParamError("expires_in_days", "want 1–%d days, got %d", MaxTokenDays, days)
	}
	return now.AddDate(0, 0, days), nil
}
