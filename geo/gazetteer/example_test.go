package gazetteer_test

import (
	"fmt"
	"log"

	"github.com/westward/westward/geo/gazetteer"
)

func ExampleGazetteer_Search() {
	g, err := gazetteer.Load()
	if err != nil {
		log.Fatal(err)
	}
	// The comma part is context; the hint prefers Turkish places.
	for _, c := range g.Search("Basaksehir, Istanbul", "TR", 1) {
		fmt.Printf("%s, %s %.2f,%.2f (GeoNames %d)\n", c.Name, c.Country, c.Point.Lon(), c.Point.Lat(), c.GeoNameID)
	}
	// Without a hint, the larger namesake comes first.
	for _, c := range g.Search("Kerman", "", 2) {
		fmt.Printf("%s, %s (%s) population %d\n", c.Name, c.Country, c.Admin, c.Population)
	}
	// Output:
	// Başakşehir, TR 28.80,41.09 (GeoNames 6947639)
	// Kerman, IR (29) population 577514
	// Kerman, US (CA) population 14475
}

func ExampleGazetteer_Lookup() {
	g, err := gazetteer.Load()
	if err != nil {
		log.Fatal(err)
	}
	c, ok := g.Lookup(2886242)
	fmt.Println(c.Name, c.Country, ok)
	// Output:
	// Köln DE true
}
