// Package broken does not type-check, on purpose: the linter must report the
// compiler's error and still analyze the other packages.
package broken

func Answer() int {
	return "forty-two"
}
