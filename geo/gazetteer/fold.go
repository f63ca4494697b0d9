package gazetteer

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldGroups lists, per base letter, the precomposed Latin letters whose
// canonical decomposition starts with it (Latin-1 Supplement, Latin
// Extended-A and -B, Latin Extended Additional), both cases. It is data
// rather than code because the standard library has no Unicode
// normalisation and golang.org/x/text is not a dependency; the letters were
// listed from the Unicode decompositions and cover every accented letter in
// the embedded names, including Vietnamese stacked diacritics.
var foldGroups = [...]struct{ base, letters string }{
	{"a", "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ"},
	{"b", "ḂḃḄḅḆḇ"},
	{"c", "ÇçĆćĈĉĊċČčḈḉ"},
	{"d", "ĎďḊḋḌḍḎḏḐḑḒḓ"},
	{"e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ"},
	{"f", "Ḟḟ"},
	{"g", "ĜĝĞğĠġĢģǦǧǴǵḠḡ"},
	{"h", "ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ"},
	{"i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị"},
	{"j", "Ĵĵǰ"},
	{"k", "ĶķǨǩḰḱḲḳḴḵ"},
	{"l", "ĹĺĻļĽľḶḷḸḹḺḻḼḽ"},
	{"m", "ḾḿṀṁṂṃ"},
	{"n", "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ"},
	{"o", "ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ"},
	{"p", "ṔṕṖṗ"},
	{"r", "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ"},
	{"s", "ŚśŜŝŞşŠšȘșṠṡṢṣṤṥṦṧṨṩ"},
	{"t", "ŢţŤťȚțṪṫṬṭṮṯṰṱẗ"},
	{"u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự"},
	{"v", "ṼṽṾṿ"},
	{"w", "ŴŵẀẁẂẃẄẅẆẇẈẉẘ"},
	{"x", "ẊẋẌẍ"},
	{"y", "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ"},
	{"z", "ŹźŻżŽžẐẑẒẓẔẕ"},
	// Letters without a decomposition, spelled as English-language
	// sources usually transliterate them: Turkish dotless ı, German ß,
	// Scandinavian æ/ø, Polish ł, Icelandic þ/ð, Azerbaijani ə (Gəncə is
	// written Ganja).
	{"i", "ıɨ"},
	{"ss", "ßẞ"},
	{"ae", "æÆ"},
	{"oe", "œŒ"},
	{"o", "øØ"},
	{"d", "đĐðÐ"},
	{"h", "ħĦ"},
	{"l", "łŁŀĿ"},
	{"th", "þÞ"},
	{"n", "ŋŊ"},
	{"t", "ŧŦ"},
	{"k", "ĸ"},
	{"s", "ſ"},
	{"a", "əƏ"},
}

// Fold tables for the two ranges the groups fall in, indexed by rune so
// folding needs no hashing. Both are filled once at init and never written
// again.
const (
	extStart = 0x1E00 // Latin Extended Additional
	extEnd   = 0x1F00
)

var (
	latinFold [0x2B0]string // up to the end of IPA Extensions (ɨ)
	extFold   [extEnd - extStart]string
)

func init() {
	for _, g := range foldGroups {
		for _, r := range g.letters {
			switch {
			case r < rune(len(latinFold)):
				latinFold[r] = g.base
			case r >= extStart && r < extEnd:
				extFold[r-extStart] = g.base
			default:
				panic("gazetteer: fold letter outside the tables: " + string(r))
			}
		}
	}
}

// Fold returns the comparison form of a name, the one accent fold of Westward: lower case,
// Latin diacritics removed, apostrophes dropped and every other run of punctuation or space made
// one space, so that "Côte d'Ivoire", "COTE D'IVOIRE" and "Cote d Ivoire" agree on
// "cote divoire". Place search, country names and the importer's ids all go through it.
func Fold(s string) string { return string(appendFold(nil, s)) }

// appendFold appends the search form of s to dst: lower case, Latin
// diacritics removed, apostrophes dropped (so "Bet She'an" and "Bet Shean"
// agree) and every other run of punctuation or space turned into a single
// space (so "Sankt-Peterburg" and "Sankt Peterburg" agree). Other scripts
// are only lower-cased.
func appendFold(dst []byte, s string) []byte {
	start := len(dst)
	space := false // a separator is pending
	for _, r := range s {
		var ascii byte // the output when it is one ASCII byte
		var text string
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				ascii = c
			case 'A' <= c && c <= 'Z':
				ascii = c + 'a' - 'A'
			case c == '\'' || c == '`':
				continue // joined, like the typographic apostrophes below
			default:
				space = true
				continue
			}
		case r < rune(len(latinFold)) && latinFold[r] != "":
			text = latinFold[r]
		case r >= extStart && r < extEnd && extFold[r-extStart] != "":
			text = extFold[r-extStart]
		case isApostrophe(r) || unicode.Is(unicode.Mn, r):
			continue // combining marks and apostrophes vanish
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			text = string(unicode.ToLower(r))
		default:
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		if ascii != 0 {
			dst = append(dst, ascii)
		} else {
			dst = append(dst, text...)
		}
	}
	return dst
}

// isApostrophe reports the marks that romanisations use inside words:
// typographic quotes, the acute and grave accents used as quotes, and the
// modifier letters of Uzbek o‘ and Arabic ʿayn.
func isApostrophe(r rune) bool {
	switch r {
	case '\u2018', '\u2019', '\u00b4', '\u02b9', '\u02bb', '\u02bc', '\u02bd', '\u02be', '\u02bf':
		return true
	}
	return false
}

// abbreviations are word forms that names spell both ways ("St. Petersburg"
// in Florida, "Saint Petersburg" in Russia). They are expanded only before
// another word, so a query being typed ("st") still prefix-matches
// "stockholm".
var abbreviations = map[string]string{
	"st":  "saint",
	"ste": "sainte",
	"mt":  "mount",
	"ft":  "fort",
}

// appendKey appends the index key of s: its fold with abbreviations
// expanded. Names and queries both go through it so they always agree.
func appendKey(dst []byte, s string) []byte {
	start := len(dst)
	dst = appendFold(dst, s)
	if !hasAbbreviation(dst[start:]) {
		return dst
	}
	words := strings.Split(string(dst[start:]), " ")
	for i, w := range words[:len(words)-1] {
		if long, ok := abbreviations[w]; ok {
			words[i] = long
		}
	}
	return append(dst[:start], strings.Join(words, " ")...)
}

// hasAbbreviation is the cheap test that keeps appendKey allocation-free
// for the vast majority of names.
func hasAbbreviation(folded []byte) bool {
	for w := range bytes.SplitSeq(folded, []byte{' '}) {
		if len(w) >= 2 && len(w) <= 3 {
			if _, ok := abbreviations[string(w)]; ok {
				return true
			}
		}
	}
	return false
}

// key returns the index key of s as a string.
func key(s string) string {
	return string(appendKey(nil, s))
}
