package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
)

// foldGroups lists, per ASCII spelling, the accented Latin letters that fold to it. It is a
// short table rather than Unicode normalisation because the standard library has none and
// golang.org/x/text is not a dependency; it covers the letters of country and place names in
// Natural Earth, ACLED and the seed (Côte d'Ivoire, Türkiye, São Tomé, Åland).
var foldGroups = [...]struct{ ascii, letters string }{
	{"a", "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎȦȧẠạ"},
	{"c", "ÇçĆćĈĉĊċČč"},
	{"d", "ĎďĐđÐð"},
	{"e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚěẸẹẼẽ"},
	{"g", "ĜĝĞğĠġĢģǦǧ"},
	{"h", "ĤĥĦħḤḥ"},
	{"i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİıỊị"},
	{"j", "Ĵĵ"},
	{"k", "Ķķ"},
	{"l", "ĹĺĻļĽľŁł"},
	{"n", "ÑñŃńŅņŇň"},
	{"o", "ÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơỌọ"},
	{"r", "ŔŕŖŗŘř"},
	{"s", "ŚśŜŝŞşŠšȘș"},
	{"t", "ŢţŤťȚțŦŧ"},
	{"u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưỤụ"},
	{"w", "Ŵŵ"},
	{"y", "ÝýÿŶŷŸ"},
	{"z", "ŹźŻżŽž"},
	{"ss", "ß"},
	{"ae", "Ææ"},
	{"oe", "Œœ"},
	{"th", "Þþ"},
	{"a", "Əə"},
}

// foldLetter maps each letter of foldGroups to its ASCII spelling. It is filled once by init
// and only read afterwards.
var foldLetter = map[rune]string{}

func init() {
	for _, g := range foldGroups {
		for _, r := range g.letters {
			foldLetter[r] = g.ascii
		}
	}
}

// fold returns the comparison form of a name: lower case, Latin diacritics removed,
// apostrophes dropped and every other run of punctuation or space made one space, so that
// "Côte d'Ivoire", "COTE D'IVOIRE" and "Cote d Ivoire"… agree on "cote divoire".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		var text string
		switch t, ok := foldLetter[r]; {
		case ok:
			text = t
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '`' || unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			text = string(unicode.ToLower(r))
		default:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(text)
	}
	return b.String()
}

// maxSlugPart bounds each part of a generated id, so that a long place name still gives a
// readable id.
const maxSlugPart = 60

// slugify returns s as a lower-case slug of a-z, 0-9 and single hyphens ("" if s has no Latin
// letters or digits), cut to about maxSlugPart bytes at a hyphen.
func slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range fold(s) {
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
