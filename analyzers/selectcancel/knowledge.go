package selectcancel

import (
	"go/types"

	"github.com/asynclint/asynclint/passes/asyncapi"
)

// The cancel safety of asyncrt's own operations, from the runtime's
// documentation (the doc comment of each function, quoted in short). A
// future is cancel-safe when dropping it before it completes loses
// nothing, so that polling a new one later is equivalent to having kept it.
//
// Anything not listed here, and not declared //asynclint:cancelsafe, is
// taken as not cancel-safe: that is the safe assumption for an async
// function, which may have done part of its work when it is dropped.

// safety is how a constructor's futures behave when dropped.
type safety uint8

const (
	unsafe      safety = iota // dropping it may lose work or data
	safe                      // dropping it loses nothing
	conditional               // as safe as the futures it is given
)

type entry struct {
	recv string // receiver type name, "" for a package-level function
	name string
	safety
	why string // for unsafe entries: what a drop loses
}

var knowledge = []entry{
	// --- cancel-safe, as their doc comments say ---
	// "a value is taken from the channel only by the poll that returns it"
	{"Receiver", "RecvFuture", safe, ""},
	// "Drop leaves the wait queue; nothing was taken (cancel-safe)"
	{"BroadcastReceiver", "RecvFuture", safe, ""},
	// "cancel-safe: nothing is marked seen"
	{"WatchReceiver", "ChangedFuture", safe, ""},
	// Waiting for the receiver to go away takes nothing.
	{"OneshotSender", "ClosedFuture", safe, ""},
	// "v was not delivered and Unsent returns it. So the send is
	// cancel-safe." (Unlike Tokio's send, whose message is lost.)
	{"Sender", "SendFuture", safe, ""},
	// "Dropped before it is ready, it leaves the lock alone"
	{"Mutex", "LockFuture", safe, ""},
	// "Dropped before it is ready, it locks nothing (cancel-safe)"
	{"RWMutex", "LockFuture", safe, ""},
	{"RWMutex", "RLockFuture", safe, ""},
	// "Dropping it before it is ready ... acquires nothing"
	{"Semaphore", "AcquireFuture", safe, ""},
	// "Dropping it ... passes a NotifyOne it had received to the next waiter"
	{"Notify", "Notified", safe, ""},
	// "It is cancel-safe: dropping it ... loses nothing"
	{"CancellationToken", "Cancelled", safe, ""},
	// "Drop withdraws a waiting arrival whose round has not completed"
	{"Barrier", "WaitFuture", safe, ""},
	// The interval keeps its schedule; Tick returns the same future.
	{"Interval", "Tick", safe, ""},
	// A dropped Sleep disarms its timer and loses nothing but the wait
	// (a new one waits the whole duration again).
	{"", "Sleep", safe, ""},
	// "dropping the future ... leaves s as it was, so it is cancel-safe
	// whenever s's PollNext is (every stream of this package is)"
	{"", "NextItem", safe, ""},
	// Ready or never ready: nothing in between to lose.
	{"", "ReadyFuture", safe, ""},
	{"", "Never", safe, ""},
	// "calls fn at its first poll and is ready with its value"
	{"", "Lazy", safe, ""},
	// A spawned task runs on when its JoinHandle is dropped (detached),
	// as with Tokio's JoinHandle.
	{"", "Spawn", safe, ""},
	{"", "SpawnNamed", safe, ""},
	{"", "SpawnBlocking", safe, ""},
	{"", "SpawnScoped", safe, ""},
	{"JoinSet", "Spawn", safe, ""},
	{"JoinSet", "SpawnNamed", safe, ""},

	// --- as safe as what they wrap ---
	// "f is dropped" with them, nothing else is held.
	{"", "Timeout", conditional, ""},
	{"", "WithCancel", conditional, ""},
	{"", "Map", conditional, ""},
	// A pending Race or Select holds nothing but its children.
	{"", "Race", conditional, ""},
	{"", "Select", conditional, ""},
	{"", "SelectBiased", conditional, ""},

	// --- not cancel-safe ---
	{"", "Async", unsafe, "an async function dropped midway loses what it has done since it started (values received, bytes read)"},
	{"", "Join", unsafe, "a join dropped after one of its futures completed loses that future's value"},
	{"", "JoinAll", unsafe, "a join dropped after some of its futures completed loses their values"},
	{"", "TryJoinAll", unsafe, "a join dropped after some of its futures completed loses their values"},
	{"", "Collect", unsafe, "\"It takes s over\": the items collected so far are lost"},
	{"", "ForEach", unsafe, "\"It takes s over\": the stream is dropped with it"},
	{"OnceCell", "GetOrInitFuture", unsafe, "\"Dropping it while init's future runs drops that future\": the initialization starts over"},
	{"", "AbortOnDrop", unsafe, "dropping it aborts the task"},
	{"", "PollFn", unsafe, "what the poll function keeps is dropped with it"},
}

// lookup returns the knowledge-base entry for fn, if any.
func lookup(fn *types.Func) (entry, bool) {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != asyncapi.Path {
		return entry{}, false
	}
	for _, e := range knowledge {
		if e.recv == "" && asyncapi.IsFunc(fn, e.name) || e.recv != "" && asyncapi.IsMethod(fn, e.recv, e.name) {
			return e, true
		}
	}
	return entry{}, false
}
