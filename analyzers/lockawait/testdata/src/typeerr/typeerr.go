package typeerr

import (
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

type S struct{ mu sync.Mutex }

func (s *S) held(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	asyncrt.Await(co, f)
	s.mu.Unlock()
}

func broken() int {
	return undefined + 1
}
