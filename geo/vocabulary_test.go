package geo

import (
	"errors"
	"testing"
)

// TestVocabulary holds every enumeration to distinct values, each with a label (a qualifier's
// label is the words a source uses, none for an exact figure), and the filterable ones to the
// values the filter parser accepts.
func TestVocabulary(t *testing.T) {
	filters := map[string]bool{}
	for _, e := range Vocabulary() {
		if e.Property == "" || e.Title == "" || e.Description == "" || len(e.Terms) == 0 {
			t.Errorf("enumeration %+v lacks a property, title, description or terms", e)
		}
		seen := map[string]bool{}
		for _, term := range e.Terms {
			if seen[term.Value] || term.Value == "" {
				t.Errorf("%s: value %q empty or repeated", e.Property, term.Value)
			}
			seen[term.Value] = true
			if term.Label == "" && !(e.Property == "qualifier" && term.Value == string(QualifierExact)) {
				t.Errorf("%s: %q has no label", e.Property, term.Value)
			}
		}
		if e.Param != "" {
			filters[e.Param] = true
			for value := range seen {
				f, err := ParseEventFilter(map[string][]string{e.Param: {value}})
				if err != nil || len(f.Enum(e.Property)) != 1 || f.Enum(e.Property)[0] != value {
					t.Errorf("%s=%s: the filter reads %v, %v; want the value of the vocabulary", e.Param, value, f.Enums, err)
				}
			}
		}
	}
	if len(filters) != 4 || !filters["kind"] || !filters["actor"] || !filters["attribution"] || !filters["role"] {
		t.Errorf("filter parameters %v, want kind, actor, attribution and role", filters)
	}
	if got := QualifierAtLeast.Words(1200); got != "at least 1,200" {
		t.Errorf("Words = %q", got)
	}
}

// TestEventEnums holds each enumerated field's accessors to the Event field they name and
// Validate to refusing a value the field does not have, naming the field.
func TestEventEnums(t *testing.T) {
	for _, f := range EventEnums {
		t.Run("ok, "+f.Property, func(t *testing.T) {
			e := validEvent()
			for _, term := range f.Terms {
				f.Set(e, term.Value)
				if got := f.Get(e); got != term.Value {
					t.Errorf("Get after Set(%q) = %q", term.Value, got)
				}
				if err := e.Validate(); err != nil {
					t.Errorf("%s %q refused: %v", f.Property, term.Value, err)
				}
			}
		})
		t.Run("nok, "+f.Property, func(t *testing.T) {
			e := validEvent()
			f.Set(e, "no-such-value")
			var ge *Error
			if err := e.Validate(); !errors.As(err, &ge) || ge.Param != f.Property {
				t.Errorf("Validate = %v, want an error naming %s", err, f.Property)
			}
		})
	}
}
