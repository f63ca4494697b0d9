package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// acledPlaces are the real cities synthetic ACLED rows fall in, named as the gazetteer names
// them so that rows without coordinates geocode, with ACLED's country names and numeric
// ISO codes. A test checks each point lies in its country and matches its gazetteer entry.
var acledPlaces = []struct {
	country, iso3, iso, location string
	lat, lon                     float64
}{
	{"Afghanistan", "AFG", "4", "Kabul", 34.5281, 69.1723},
	{"Afghanistan", "AFG", "4", "Jalalabad", 34.4265, 70.4515},
	{"Afghanistan", "AFG", "4", "Kandahar", 31.6133, 65.7101},
	{"Afghanistan", "AFG", "4", "Kunduz", 36.7280, 68.8681},
	{"Pakistan", "PAK", "586", "Peshawar", 34.0080, 71.5785},
	{"Pakistan", "PAK", "586", "Quetta", 30.1984, 67.0097},
	{"Iran", "IRN", "364", "Kerman", 30.2832, 57.0788},
	{"Iran", "IRN", "364", "Tehran", 35.6944, 51.4215},
	{"Iran", "IRN", "364", "Shiraz", 29.6036, 52.5388},
	{"Turkey", "TUR", "792", "Istanbul", 41.0138, 28.9497},
	{"Turkey", "TUR", "792", "Ankara", 39.9199, 32.8543},
	{"Turkey", "TUR", "792", "Gaziantep", 37.0594, 37.3825},
	{"Russia", "RUS", "643", "Moscow", 55.7522, 37.6156},
	{"Russia", "RUS", "643", "Krasnogorsk", 55.8204, 37.3302},
	{"Russia", "RUS", "643", "Nalchik", 43.4981, 43.6189},
	{"Tajikistan", "TJK", "762", "Dushanbe", 38.5358, 68.7791},
	{"Syria", "SYR", "760", "Aleppo", 36.2021, 37.1343},
	{"Iraq", "IRQ", "368", "Mosul", 36.3350, 43.1189},
}

// acledTypes are the event types of synthetic rows with their sub-event types, weighted by
// repetition.
var acledTypes = []struct{ event, sub string }{
	{"Explosions/Remote violence", "Suicide bomb"},
	{"Explosions/Remote violence", "Remote explosive/landmine/IED"},
	{"Explosions/Remote violence", "Grenade"},
	{"Battles", "Armed clash"},
	{"Battles", "Armed clash"},
	{"Violence against civilians", "Attack"},
	{"Violence against civilians", "Abduction/forced disappearance"},
	{"Strategic developments", "Arrests"},
	{"Strategic developments", "Other"},
}

// acledSources are the outlets synthetic rows cite.
var acledSources = []string{"Pajhwok Afghan News", "Xinhua", "Anadolu Agency; Reuters", "Local Source", "TASS"}

// acledHeader is the header GenerateACLED writes: the columns the importer reads, plus year
// and iso as full exports have them.
var acledHeader = []string{"event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1",
	"iso", "country", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"}

// GenerateACLED writes n made-up ACLED-style rows, the same for the same seed, for timing
// imports: events in real cities of eight countries from 2017 to 2024, dates in all three
// accepted forms, about 10% of rows without coordinates so the geocoder works, and about 3%
// deliberately bad (a protest, a riot, an impossible date) so the rejection path works. The
// rows say nothing about the world.
func GenerateACLED(w io.Writer, n int, seed int64) error {
	r := rand.New(rand.NewPCG(uint64(seed), 0xac1ed))
	cw := csv.NewWriter(w)
	if err := cw.Write(acledHeader); err != nil {
		return err
	}
	for i := range n {
		if err := cw.Write(acledRow(r, i)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// acledRow makes row i of GenerateACLED.
func acledRow(r *rand.Rand, i int) []string {
	pl := acledPlaces[r.IntN(len(acledPlaces))]
	typ := acledTypes[r.IntN(len(acledTypes))]
	day := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(8*365))
	var date string
	switch i % 3 {
	case 0:
		date = day.Format("2006-01-02")
	case 1:
		date = day.Format("2 January 2006")
	default:
		date = day.Format("02/01/2006")
	}
	var actor string
	switch a := r.IntN(10); {
	case typ.sub == "Arrests":
		actor = "Police Forces of " + pl.country
	case a < 4:
		actor = "Islamic State Khorasan Province (ISKP)"
	case a < 6:
		actor = "Islamic State (" + pl.country + ")"
	default:
		actor = "Unidentified Armed Group (" + pl.country + ")"
	}
	event := typ.event
	switch bad := r.IntN(100); {
	case bad == 0:
		event = "Protests"
	case bad == 1:
		event = "Riots"
	case bad == 2:
		date = fmt.Sprintf("%d-13-45", day.Year())
	}
	// ACLED gives every event at a location that location's coordinates, so rows repeat them.
	lat := strconv.FormatFloat(pl.lat, 'f', 4, 64)
	lon := strconv.FormatFloat(pl.lon, 'f', 4, 64)
	if r.IntN(10) == 0 {
		lat, lon = "", ""
	}
	precision := "1"
	if r.IntN(5) == 0 {
		precision = "2"
	}
	fatalities := 0
	if typ.sub != "Arrests" {
		fatalities = r.IntN(13)
	}
	notes := fmt.Sprintf("On %s, %s: %s reported near %s (%s). Synthetic row %d for benchmarks; %d fatalities invented.",
		day.Format("2 January 2006"), actor, typ.sub, pl.location, pl.country, i+1, fatalities)
	return []string{pl.iso3 + strconv.Itoa(i+1), date, strconv.Itoa(day.Year()), event, typ.sub, actor,
		pl.iso, pl.country, pl.location, lat, lon, precision, acledSources[r.IntN(len(acledSources))], notes,
		strconv.Itoa(fatalities)}
}
