package server

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/westward/westward/geo"
)

// queryParams parses the query string strictly: echo's QueryParams drops pairs it cannot
// decode ("limit=%zz", "kind=attack;country=IR"), which would let a broken filter return
// everything. The error names the first bad pair's key.
func queryParams(c echo.Context) (url.Values, error) {
	raw := c.Request().URL.RawQuery
	q, err := url.ParseQuery(raw)
	if err == nil {
		return q, nil
	}
	for _, pair := range strings.Split(raw, "&") {
		if _, perr := url.ParseQuery(pair); perr != nil {
			key, _, _ := strings.Cut(pair, "=")
			if k, kerr := url.QueryUnescape(key); kerr == nil && !strings.Contains(k, ";") {
				key = k
			}
			return nil, geo.ParamError(key, "cannot be decoded (%v); percent-encode it and separate pairs with &", perr)
		}
	}
	return nil, geo.ParamError("query", "cannot be decoded: %v", err)
}

// onlyFormat refuses an f parameter other than the ones listed, and any other parameter.
func onlyFormat(c echo.Context, formats ...string) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		if k != "f" {
			return geo.UnknownParam(k)
		}
	}
	if f := q.Get("f"); q.Has("f") {
		for _, ok := range formats {
			if f == ok {
				return nil
			}
		}
		return &geo.Error{Code: geo.EINVALID, Param: "f", Message: "unsupported format " + f}
	}
	return nil
}

// canonicalQuery sorts the query so that the same request spelled in another order shares
// its ETag and cache entry. Keys and values are written with '%', '&' and '=' escaped, so no
// two different queries share a form ("kind=attack%26limit%3D1" is one parameter, not two).
func canonicalQuery(r *http.Request) string {
	if s, ok := sortedPlainQuery(r.URL.RawQuery); ok {
		return s
	}
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			sb.WriteString(keyEscaper.Replace(k))
			sb.WriteByte('=')
			sb.WriteString(keyEscaper.Replace(v))
			sb.WriteByte('&')
		}
	}
	return sb.String()
}

var keyEscaper = strings.NewReplacer("%", "%25", "&", "%26", "=", "%3D")

// sortedPlainQuery is the canonical form of a raw query that is already canonical, read
// without parsing it: every pair is one key, "=" and a value with nothing escaped and no
// further "=", and the keys are in order (what the front end and repeated requests send).
// ok is false for anything else.
func sortedPlainQuery(raw string) (canonical string, ok bool) {
	if raw == "" {
		return "", true
	}
	if strings.ContainsAny(raw, "%+;") || strings.HasSuffix(raw, "&") {
		return "", false
	}
	prev := ""
	for rest := raw; rest != ""; {
		pair, next, _ := strings.Cut(rest, "&")
		key, value, hasValue := strings.Cut(pair, "=")
		if !hasValue || key == "" || key < prev || strings.Contains(value, "=") {
			return "", false
		}
		prev, rest = key, next
	}
	return raw + "&", true
}
