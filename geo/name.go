package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength bounds user names, display names and token names, in characters.
const MaxNameLength = 64

// ValidateName checks a name people read (a user name, display name or token name) and names
// param in its error. Only printable characters are allowed, and no bidi controls: a name
// holding U+202E or an isolate could display as someone else's in lists and the history.
func ValidateName(param, name string) error {
	if !utf8.ValidString(name) {
		return ParamError(param, "not valid UTF-8")
	}
	n := utf8.RuneCountInString(name)
	if n == 0 || n > MaxNameLength || strings.TrimSpace(name) != name {
		return ParamError(param, "want 1–%d characters, without leading or trailing spaces", MaxNameLength)
	}
	for _, r := range name {
		if isBidiControl(r) || !unicode.IsPrint(r) {
			return ParamError(param, "character %U is not allowed: only printable characters, no control or bidi characters", r)
		}
	}
	return nil
}

// isBidiControl reports the characters that reorder text (Unicode's Bidi_Control property).
// unicode.IsPrint refuses them already, as format characters; naming them keeps the rule
// explicit should the printable test ever change.
func isBidiControl(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r)
}
