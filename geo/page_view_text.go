package geo

import (
	"slices"
	"strings"
	"time"
)

// kindPlurals names kinds in a running title ("attacks and arrests").
var kindPlurals = map[Kind]string{
	KindAttack: "attacks", KindFoiledPlot: "foiled plots", KindArrest: "arrests", KindThreat: "threats",
	KindCrossBorderStrike: "cross-border strikes", KindNetwork: "network activity", KindPropaganda: "propaganda",
}

// Title names a view in words, for link previews, oEmbed and the preview image: who, what,
// where and up to when, e.g. "ISKP attacks, plots, arrests and networks to 31 March 2024".
// t is the day shown (the view's Time, or the end of the data when it has none).
func (v PageView) Title(t time.Time, countryName func(string) string) string {
	who := "ISKP"
	if v.Actors == nil {
		who = "ISKP, Islamic State, IS-inspired and unclear-actor"
	} else if len(v.Actors) == 0 {
		who = "No actor's"
	} else if !slices.Equal(v.Actors, []Actor{ActorISKP}) {
		names := make([]string, 0, len(v.Actors))
		for _, a := range Actors { // in the vocabulary's order, whatever the URL's
			if oneOf(a, v.Actors) {
				names = append(names, map[Actor]string{ActorISKP: "ISKP", ActorIS: "Islamic State",
					ActorISInspired: "IS-inspired", ActorUnclear: "unclear-actor"}[a])
			}
		}
		who = joinAnd(names)
	}
	what := "attacks, plots, arrests and networks"
	if v.Kinds != nil {
		names := make([]string, 0, len(v.Kinds))
		for _, k := range Kinds {
			if oneOf(k, v.Kinds) {
				names = append(names, kindPlurals[k])
			}
		}
		what = joinAnd(names)
		if what == "" {
			what = "events of no kind"
		}
	}
	var b strings.Builder
	b.WriteString(who + " " + what)
	if len(v.Countries) > 0 {
		names := make([]string, len(v.Countries))
		for i, c := range v.Countries {
			names[i] = c
			if countryName != nil {
				if n := countryName(c); n != "" {
					names[i] = n
				}
			}
		}
		b.WriteString(" in " + joinAnd(names))
	}
	if v.Query != "" {
		b.WriteString(" matching “" + v.Query + "”")
	}
	if v.WindowMonths > 0 {
		b.WriteString(" from " + WindowStart(t, v.WindowMonths).Format("2 January 2006") + " to " + t.Format("2 January 2006"))
	} else {
		b.WriteString(" to " + t.Format("2 January 2006"))
	}
	return b.String()
}

func joinAnd(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}
