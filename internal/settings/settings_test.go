package settings

import "testing"

func TestValidate(t *testing.T) {
	good := []string{"time.Sleep", "(*sync.WaitGroup).Wait", "(net.Conn).Read", "example.com/pkg.Helper", "(*example.com/pkg.T[K, V]).Get"}
	for _, n := range good {
		if err := (&Settings{Blocking: []string{n}}).Validate(); err != nil {
			t.Errorf("Validate(%q) = %v, want nil", n, err)
		}
	}
	bad := []string{"", "Sleep", "time. Sleep", "(*WaitGroup).Wait", "(*sync.WaitGroup.Wait", "(*sync.WaitGroup)"}
	for _, n := range bad {
		if err := (&Settings{NonBlocking: []string{n}}).Validate(); err == nil {
			t.Errorf("Validate(%q) = nil, want an error", n)
		}
	}
}

func TestSetAndCurrent(t *testing.T) {
	defer Set(nil)
	if err := Set(&Settings{Blocking: []string{"example.com/db.Query"}}); err != nil {
		t.Fatal(err)
	}
	if !Current().IsBlocking("example.com/db.Query") || Current().IsBlocking("time.Sleep") {
		t.Errorf("Current() = %+v, want exactly the installed settings", Current())
	}
	if err := Set(&Settings{LockTypes: []string{"nodot"}}); err == nil {
		t.Error("Set accepted an invalid lock type")
	}
	if !Current().IsBlocking("example.com/db.Query") {
		t.Error("a rejected Set replaced the settings in force")
	}
}
