//go:build amd64 || arm64

package asyncrt

// fpCallerPC walks the frame-pointer chain (see callerpc_*.s).
func fpCallerPC(skip int) uintptr
