package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/westward/westward/geo/gazetteer"
)

// maxSlugPart bounds each part of a generated id, so that a long place name still gives a
// readable id.
const maxSlugPart = 60

// slugify returns s as a lower-case slug of a-z, 0-9 and single hyphens ("" if s has no Latin
// letters or digits), cut to about maxSlugPart bytes at a hyphen.
func slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range gazetteer.Fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > maxSlugPart {
		out = out[:maxSlugPart]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// stableHash is a short hex digest of the given values, for ids that must stay the same
// whenever the same row is imported. Each value is length-prefixed, so ("ab", "c") and
// ("a", "bc") differ. Sixteen hex digits (64 bits) make a collision within one export
// vanishingly unlikely.
func stableHash(values ...string) string {
	h := sha256.New()
	for _, v := range values {
		fmt.Fprintf(h, "%d:%s", len(v), v)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
