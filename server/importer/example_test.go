package importer_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/geo/gazetteer"
	"github.com/westward/westward/server/importer"
)

func ExampleImporter_Read() {
	b, err := os.ReadFile("../../static/vendor/world-atlas/countries-50m.json")
	if err != nil {
		log.Fatal(err)
	}
	atlas, err := country.Parse(b)
	if err != nil {
		log.Fatal(err)
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		log.Fatal(err)
	}
	im := &importer.Importer{Atlas: atlas, Gazetteer: gaz}
	export := `event_id_cnty,event_date,event_type,sub_event_type,actor1,country,location,latitude,longitude,geo_precision,source,notes,fatalities
IRN101,3 January 2024,Explosions/Remote violence,Suicide bomb,Islamic State Khorasan Province (ISKP),Iran,Kerman,,,1,IRNA,Two explosions near a memorial.,95
IRN102,2024-01-05,Protests,Peaceful protest,Protesters (Iran),Iran,Tehran,35.6944,51.4215,1,IRNA,A march.,0
`
	rows, err := im.Read(strings.NewReader(export), importer.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		if r.Event == nil {
			fmt.Println(r.Reason)
			continue
		}
		e := r.Event
		fmt.Printf("%s %s %s %s %s %.2f,%.2f %s\n", e.ID, e.Date, e.Kind, e.Actor, e.Country, e.Point.Lon(), e.Point.Lat(), e.LocationPrecision)
	}
	// Output:
	// acled-irn101 2024-01-03 attack iskp IR 57.08,30.28 city
	// line 3: event_type "Protests" is not a kind Westward maps
}
