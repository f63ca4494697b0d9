package geo

import (
	"strings"
	"unicode"
)

// MaxNameLength bounds user names, display names and token names, in characters.
const MaxNameLength = 64

// LimitName is the text limit of the names people read: user names, display names and token
// names (one line, no control or bidi characters; see TextLimit.Check).
var LimitName = TextLimit{"name", MaxNameLength, false}

// ValidateName checks a name people read (a user name, display name or token name) and names
// param in its error. Beyond LimitName, a name must be printable throughout, without leading
// or trailing spaces: a name holding U+202E, an isolate or a zero-width character could
// display as someone else's in lists and the history.
func ValidateName(param, name string) error {
	if err := LimitName.Check(param, name); err != nil {
		return err
	}
	if name == "" || strings.TrimSpace(name) != name {
		return ParamError(param, "want 1–%d characters, without leading or trailing spaces", MaxNameLength)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return ParamError(param, "holds U+%04X: only printable characters are allowed", r)
		}
	}
	return nil
}
