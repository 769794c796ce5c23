// Package mayblock is an analysis pass that knows which operations block the
// calling goroutine, and which functions may reach one, with the shortest
// call chain as evidence ("ioutil.ReadFile → os.ReadFile → os.Open").
//
// # Blocking operations
//
// An operation is blocking when it can park the goroutine for an unbounded or
// long time: on an executor worker that stalls every other task queued there.
// They are:
//
//   - channel receive, send, range over a channel, and select without a
//     default case (a select with a default never waits), including the
//     receive from time.After, time.Tick and a Timer's channel;
//   - calls to the functions of the knowledge base (knowledge.go, one
//     commented entry each): time.Sleep, sync.WaitGroup.Wait, sync.Cond.Wait,
//     file opens, reads and writes, net dialing, name resolution and the
//     net.Conn, net.Listener and net.PacketConn methods (also when called
//     through those interfaces), net/http client calls and servers, os/exec
//     Run/Output/CombinedOutput/Wait, database/sql queries, execs, pings,
//     transactions and row fetches, and asyncrt.BlockOn/Run;
//   - calls to functions the user declares blocking, with the directive
//     //asynclint:blocking in the function's doc comment or in the
//     settings' Blocking list (internal/settings).
//
// Not blocking, by decision: sync.Mutex/RWMutex locking (short critical
// sections by convention; lockawait and lockblock handle locks), printing
// and logging to standard output and error (fmt.Print*, log, log/slog, and
// writes through os.Stdout/os.Stderr: nobody wants every log line flagged),
// every function of asyncrt except BlockOn, Run and Runtime.Close (the runtime
// suspends coroutines instead of blocking workers), the Go runtime's own
// packages (the garbage collector parks goroutines inside mallocgc, which
// would make every allocation "blocking"), functions declared with
// //asynclint:nonblocking, and the settings' NonBlocking list. A nonblocking
// function stops propagation: its callers do not inherit anything from it.
// When a name is both declared blocking and nonblocking, nonblocking wins.
//
// # Propagation
//
// A function may block when its body contains a blocking operation or a call
// that may block. Calls are followed when their callee is known statically:
// package functions, concrete methods (also through promotion wrappers and
// generic instantiations, which count as their origin), method values and
// method expressions, function literals called directly or through a local
// variable, and deferred calls. Not followed: calls through interfaces (other
// than the knowledge-base interface methods above) and through function
// values (parameters, fields, results), calls on type-parameter values, and
// go statements (the callee runs on another goroutine; the caller does not
// wait for it). A function literal is analyzed on its own all the same, so
// Blocking answers for it.
//
// Within the package the shortest chains are computed over the call graph
// with a shortest-path search from the blocking operations backwards
// (recursion and mutual recursion are ordinary cycles: they converge, and
// cannot loop), per class of operation; ties go to the call that comes first
// in the function. Functions of other packages are known through facts: each
// function or method with an exported name that may block carries a
// *MayBlock object fact listing, per class, the shortest chain found in its
// package. Facts are gob-encoded plain data, so they travel between the
// processes of go vet -vettool and Bazel nogo. A chain longer than ten calls
// is kept abbreviated ("a → b → … → time.Sleep") with its full length,
// which the shortest-chain comparison keeps using: facts about methods are
// re-exported by every package that imports them, so their size matters,
// and within a package every function of a chain thousands of calls long
// keeps its own evidence, which uncut would take memory quadratic in the
// chain's length.
//
// # Representation
//
// The pass works on golang.org/x/tools/go/ssa (buildssa), not on
// honnef.co/go/tools' IR. Measured with do-nothing analyzers under
// go vet -vettool over std, analysis-cold, interleaved in the same run (two
// rounds; CPU time, because the shared 2-core machine made wall time noisy):
// type checking alone about 26 s user, plus buildssa about 44 s and 154 MiB
// peak, plus the IR builder about 50 s and 205 MiB. The IR is about 14% more
// CPU and a third more memory for nothing this pass uses: it needs call
// instructions, static callees, channel instructions and closures, which both
// forms have; the IR's extras (sigma nodes, explicit loads and stores,
// staticcheck's helpers) serve staticcheck's own checks. SSA is also what the
// other passes of this project and go vet's own analyzers use, so one form is
// built per package instead of two. On top of buildssa, this pass with
// asyncctx and the blocking check cost about 1-2% more CPU over std (see
// docs/performance.md).
//
// # Settings and directives
//
// //asynclint:blocking and //asynclint:nonblocking are read from the doc
// comments of function and method declarations (an explanation may follow
// the directive after a space). settings.Current() is read once per package;
// names there use (*types.Func).FullName form: "time.Sleep",
// "(*example.com/db.Pool).Get", "(example.com/store.Store).Load".
package mayblock
