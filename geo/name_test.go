package geo

import "testing"

func TestValidateName(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		ok          bool
	}{
		{"ok, ascii", "edith", true},
		{"ok, accents and spaces inside", "Édith Piaf", true},
		{"ok, arabic script", "مریم", true},
		{"nok, empty", "", false},
		{"nok, leading space", " edith", false},
		{"nok, right-to-left override", "edith\u202Egpj.exe", false},
		{"nok, left-to-right mark", "\u200Eedith", false},
		{"nok, first strong isolate", "ed\u2068ith", false},
		{"nok, arabic letter mark", "ed\u061Cith", false},
		{"nok, newline", "ed\nith", false},
		{"nok, NUL", "ed\x00ith", false},
		{"nok, zero-width space", "ed\u200Bith", false},
		{"nok, invalid UTF-8", "ed\xffith", false},
		{"nok, 65 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateName("username", tc.value)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidateName(%q) = %v, want ok=%v", tc.value, err, tc.ok)
			}
			if err != nil && err.(*Error).Param != "username" {
				t.Errorf("error names %q, want username", err.(*Error).Param)
			}
		})
	}
}
