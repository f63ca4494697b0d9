package country

import (
	"strings"

	"github.com/westward/westward/geo/gazetteer"
)

// aliases are country names that exports and people use and Natural Earth's short names do
// not (ACLED writes "Democratic Republic of Congo" where Natural Earth writes "Dem. Rep. Congo",
// and Turkey is "Türkiye" since 2022). Keys are compared folded; a code the atlas lacks is
// skipped. With Natural Earth's names and byName they are every name a country goes by here.
var aliases = map[string]string{
	"Türkiye": "TR", "Turkiye": "TR", "Turkey": "TR",
	"Russia": "RU", "Russian Federation": "RU",
	"Iran": "IR", "Islamic Republic of Iran": "IR",
	"Syria": "SY", "Syrian Arab Republic": "SY",
	"United States": "US", "USA": "US",
	"United Kingdom": "GB", "UK": "GB",
	"Democratic Republic of Congo": "CD", "Democratic Republic of the Congo": "CD",
	"Republic of Congo": "CG", "Republic of the Congo": "CG",
	"Central African Republic":         "CF",
	"Bosnia and Herzegovina":           "BA",
	"South Sudan":                      "SS",
	"Dominican Republic":               "DO",
	"Equatorial Guinea":                "GQ",
	"Western Sahara":                   "EH",
	"Ivory Coast":                      "CI",
	"Czech Republic":                   "CZ",
	"North Macedonia":                  "MK",
	"Swaziland":                        "SZ",
	"Cape Verde":                       "CV",
	"Antigua and Barbuda":              "AG",
	"Saint Kitts and Nevis":            "KN",
	"Saint Vincent and the Grenadines": "VC",
	"Solomon Islands":                  "SB",
	"Marshall Islands":                 "MH",
	"Cayman Islands":                   "KY",
	"Falkland Islands":                 "FK",
	"Faroe Islands":                    "FO",
	"Cook Islands":                     "CK",
	"Turks and Caicos Islands":         "TC",
	"French Polynesia":                 "PF",
	"Northern Mariana Islands":         "MP",
	"Virgin Islands, British":          "VG",
	"Virgin Islands, U.S.":             "VI",
	"Saint Barthelemy":                 "BL",
	"Saint Martin":                     "MF",
	"Saint Pierre and Miquelon":        "PM",
	"Wallis and Futuna":                "WF",
	"Aland Islands":                    "AX",
	"Macau":                            "MO",
	"Vatican City":                     "VA",
	"Holy See":                         "VA",
	"East Timor":                       "TL",
	"Burma":                            "MM",
	"Palestinian Territories":          "PS",
	"The Gambia":                       "GM",
	"Micronesia (Federated States of)": "FM",
}

// Find returns the code of the country named name: Natural Earth's name or one of aliases,
// ignoring case, diacritics and punctuation (gazetteer.Fold). Natural Earth's names win over
// aliases.
func (a *Atlas) Find(name string) (string, bool) {
	a.namesOnce.Do(func() {
		names := map[string]string{}
		for _, code := range a.codes {
			names[gazetteer.Fold(a.byCode[code].name)] = code
		}
		for n, code := range aliases {
			if _, ok := a.byCode[code]; !ok {
				continue
			}
			if _, taken := names[gazetteer.Fold(n)]; !taken {
				names[gazetteer.Fold(n)] = code
			}
		}
		a.byFolded = names
	})
	code, ok := a.byFolded[gazetteer.Fold(strings.TrimSpace(name))]
	return code, ok
}
