package geo

// APIToken describes an API token for scripts without its secret, which is shown once when
// the token is made and never stored: enough for its owner or an admin to recognise a token
// and revoke it. Times are RFC 3339 in UTC; LastUsedAt is empty until the token is used.
type APIToken struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Username   string `json:"username"`
	CreatedAt  string `json:"created_at"`
	ExpiresAt  string `json:"expires_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
}
