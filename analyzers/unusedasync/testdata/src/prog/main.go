// A program: nothing is imported from it, so its exported names are
// reported like the others.
package main

import "github.com/asynclint/asynclint/asyncrt"

func Handle(co *asyncrt.Co, req string) string { // want Handle:"ignoresCo" `main.Handle takes a \*asyncrt.Co but never awaits`
	return "ok " + req
}

func main() {
	asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) string {
		return Handle(co, "/")
	}))
}
