package country_test

import (
	"fmt"
	"log"
	"os"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo/country"
)

func ExampleAtlas_Contains() {
	b, err := os.ReadFile("../../static/vendor/world-atlas/countries-50m.json")
	if err != nil {
		log.Fatal(err)
	}
	atlas, err := country.Parse(b)
	if err != nil {
		log.Fatal(err)
	}
	kabul := orb.Point{69.17, 34.53} // [lon, lat]
	offIstanbul := orb.Point{29.085, 40.950}
	fmt.Println(atlas.Contains("AF", kabul, 0))
	fmt.Println(atlas.Contains("TR", offIstanbul, 0))
	fmt.Println(atlas.Contains("TR", offIstanbul, 2))
	// Output:
	// true
	// false
	// true
}
