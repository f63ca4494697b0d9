package geo_test

import (
	"fmt"
	"net/url"

	"github.com/westward/westward/geo"
)

func ExampleParseDatetime() {
	iv, _ := geo.ParseDatetime("2023-22/..")
	fmt.Println(iv.Start.Format("2006-01-02"), iv.End.IsZero())
	_, err := geo.ParseDatetime("2024/2023")
	fmt.Println(err)
	// Output:
	// 2023-06-01 true
	// datetime: the interval ends (2023) before it starts (2024)
}

func ExampleDate_Label() {
	for _, s := range []string{"2024-03-22", "2024-01", "2023-22", "2017"} {
		fmt.Println(geo.MustParseDate(s).Label())
	}
	// Output:
	// 22 March 2024
	// January 2024
	// Summer 2023
	// 2017
}

func ExampleParseEventFilter() {
	q, _ := url.ParseQuery("bbox=26,36,45,42&kind=attack,threat&limit=1000000")
	_, err := geo.ParseEventFilter(q)
	fmt.Println(err)
	// Output:
	// limit: must be between 1 and 10000, got 1000000
}
