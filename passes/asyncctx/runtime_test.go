package asyncctx

import (
	"go/types"
	"testing"
)

// The runtime's own packages are never async context: that is where
// suspension is implemented. Its external test package is user code.
func TestIsRuntime(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/asynclint/asynclint/asyncrt":          true,
		"github.com/asynclint/asynclint/asyncrt/internal": true,
		"github.com/asynclint/asynclint/asyncrt_test":     false,
		"github.com/asynclint/asynclint/asyncrtx":         false,
		"example.com/app": false,
	} {
		if got := isRuntime(types.NewPackage(path, "p")); got != want {
			t.Errorf("isRuntime(%q) = %v, want %v", path, got, want)
		}
	}
	if isRuntime(nil) {
		t.Error("isRuntime(nil) = true")
	}
}
