//go:build !amd64 && !arm64

package asyncrt

// fpCallerPC is not available: spawnSite falls back to runtime.Callers.
func fpCallerPC(skip int) uintptr { return 0 }
