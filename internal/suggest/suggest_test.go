package suggest

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"blocking", "lockawait", "droppedfuture", "missingwake"}
	for _, tc := range []struct{ in, want string }{
		{"blocking", "blocking"},
		{"blockng", "blocking"},
		{"lcokawait", "lockawait"}, // transposition
		{"droppedfutures", "droppedfuture"},
		{"MissingWake", "missingwake"},
		{"zzz", ""},
		{"", ""},
		{"printf", ""},
	} {
		if got := Closest(tc.in, names); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Hint("blockin", names); got != " (did you mean blocking?)" {
		t.Errorf("Hint = %q", got)
	}
	if got := Closest("x", nil); got != "" {
		t.Errorf("Closest with no candidates = %q", got)
	}
}
