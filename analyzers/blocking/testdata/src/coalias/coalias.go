// Package coalias re-exports the coroutine type, so that code can take a
// *asyncrt.Co without importing asyncrt.
package coalias

import "github.com/asynclint/asynclint/asyncrt"

type Co = asyncrt.Co
