package asyncrt

import (
	"runtime"
	"sync/atomic"
)

// Spawn sites. Every task records where it was spawned, for TaskDump and
// the detectors' reports. runtime.Callers costs about 110-170ns, as much as
// the rest of a spawn, so the return address is read from the frame-pointer
// chain instead (a few loads, the way Go's execution tracer unwinds). How
// many physical frames separate the user's frame from spawnSite depends on
// the entry point and on compiler-generated wrappers, so each entry point
// calibrates once against runtime.Callers and uses the frame-pointer walk
// from then on (or runtime.Callers forever if they never agree, as on
// architectures without frame pointers).

type spawnSiteID uint8

const (
	siteSpawn spawnSiteID = iota
	siteSpawnNamed
	siteJoinSetSpawn
	siteJoinSetSpawnNamed
	siteBlockOn
	siteSpawnBlocking
	siteSpawnScoped // SpawnScoped (cancel.go)
	numSites
)

// siteDepth is, per entry point, the frame-pointer skip that reaches the
// user's frame plus one; 0 before calibration, -1 when it failed.
var siteDepth [numSites]atomic.Int32

// spawnSite returns the return address into the user's function that called
// the API entry point site. skip is the runtime.Callers index of the user's
// frame as seen from the caller of spawnSite.
//
//go:noinline
func spawnSite(site spawnSiteID, skip int) uintptr {
	d := &siteDepth[site]
	if k := d.Load(); k > 0 {
		return fpCallerPC(int(k - 1))
	}
	var pcs [1]uintptr
	if runtime.Callers(skip+1, pcs[:]) == 0 {
		return 0
	}
	pc := pcs[0]
	if d.Load() == 0 {
		k := int32(-1)
		for i := range 16 {
			if fpCallerPC(i) == pc {
				k = int32(i + 1)
				break
			}
		}
		d.Store(k)
	}
	return pc
}
