package mayblock

import "github.com/asynclint/asynclint/passes/asyncapi"

// The knowledge base: which calls block the calling goroutine by themselves,
// and which are deliberately treated as not blocking. Everything else is
// derived from function bodies (see doc.go). Names are go/types'
// (*types.Func).FullName form, so they match the settings file and the
// directives' documentation; interface methods are written "(net.Conn).Read"
// and match calls through that interface.
//
// Choosing what is listed here:
//   - An entry is listed when the function blocks and the blocking is not
//     visible to the propagation: its body ends in the runtime (time.Sleep,
//     WaitGroup.Wait, the netpoller), or the call goes through an interface
//     (net.Conn.Read), or listing it gives users a shorter, clearer chain
//     than the one propagation would find ((*os.File).Read instead of
//     (*internal/poll.FD).Read).
//   - Whole families are covered by a fallback at the bottom layer
//     (internal/poll.FD), so a file or socket operation not named here is
//     still found, only with a longer chain.

// blockingFuncs lists the functions whose call is itself a blocking
// operation, with the class of blocking and the advice for async code.
var blockingFuncs = []knownOp{
	// --- timers --------------------------------------------------------
	// Parks the goroutine for the whole duration; on a worker every other
	// task queued there waits as long.
	{"time.Sleep", Sleep, adviceSleep},

	// --- Go synchronization ------------------------------------------
	// Waits for goroutines to call Done; on a worker, if the awaited work
	// is itself a task on this executor, this is a deadlock.
	{"(*sync.WaitGroup).Wait", Wait, "await the tasks' JoinHandles (or use an asyncrt.JoinSet) instead of waiting on a sync.WaitGroup"},
	// Waits for a Signal/Broadcast that may come from a task queued behind
	// this one.
	{"(*sync.Cond).Wait", Wait, "wait for an asyncrt.Notify instead, or run the wait with asyncrt.SpawnBlocking"},
	// sync.Mutex.Lock is deliberately absent: see nonblockingFuncs.

	// --- files (package os) ------------------------------------------
	// Opening a file is a system call that can take arbitrarily long on a
	// network or FUSE file system, and the netpoller does not cover it.
	{"os.Open", IO, adviceIO},
	{"os.OpenFile", IO, adviceIO},
	{"os.Create", IO, adviceIO},
	{"(*os.Root).Open", IO, adviceIO},
	{"(*os.Root).OpenFile", IO, adviceIO},
	{"(*os.Root).Create", IO, adviceIO},
	// Reads and writes of regular files are blocking system calls (files
	// are not pollable); on pipes and ttys they wait for the peer.
	{"(*os.File).Read", IO, adviceIO},
	{"(*os.File).ReadAt", IO, adviceIO},
	{"(*os.File).ReadFrom", IO, adviceIO},
	{"(*os.File).Write", IO, adviceIO},
	{"(*os.File).WriteAt", IO, adviceIO},
	{"(*os.File).WriteString", IO, adviceIO},
	{"(*os.File).WriteTo", IO, adviceIO},
	{"(*os.File).ReadDir", IO, adviceIO},
	{"(*os.File).Readdir", IO, adviceIO},
	{"(*os.File).Readdirnames", IO, adviceIO},
	// fsync waits for the device.
	{"(*os.File).Sync", IO, adviceIO},
	// Waits for a child process to exit.
	{"(*os.Process).Wait", IO, adviceIO},

	// --- processes (package os/exec) ---------------------------------
	// Each runs a child process to completion (Wait) or waits for it.
	{"(*os/exec.Cmd).Run", IO, adviceIO},
	{"(*os/exec.Cmd).Output", IO, adviceIO},
	{"(*os/exec.Cmd).CombinedOutput", IO, adviceIO},
	{"(*os/exec.Cmd).Wait", IO, adviceIO},

	// --- network (package net) ---------------------------------------
	// Dialing waits for DNS and the TCP handshake.
	{"net.Dial", IO, adviceIO},
	{"net.DialTimeout", IO, adviceIO},
	{"net.DialTCP", IO, adviceIO},
	{"net.DialUDP", IO, adviceIO},
	{"net.DialIP", IO, adviceIO},
	{"net.DialUnix", IO, adviceIO},
	{"(*net.Dialer).Dial", IO, adviceIO},
	{"(*net.Dialer).DialContext", IO, adviceIO},
	// Name resolution may wait for a DNS server (or cgo's getaddrinfo).
	{"net.LookupHost", IO, adviceIO},
	{"net.LookupIP", IO, adviceIO},
	{"net.LookupAddr", IO, adviceIO},
	{"net.LookupCNAME", IO, adviceIO},
	{"net.LookupMX", IO, adviceIO},
	{"net.LookupNS", IO, adviceIO},
	{"net.LookupTXT", IO, adviceIO},
	{"net.LookupSRV", IO, adviceIO},
	{"net.LookupPort", IO, adviceIO},
	{"(*net.Resolver).LookupHost", IO, adviceIO},
	{"(*net.Resolver).LookupIP", IO, adviceIO},
	{"(*net.Resolver).LookupIPAddr", IO, adviceIO},
	{"(*net.Resolver).LookupNetIP", IO, adviceIO},
	{"(*net.Resolver).LookupAddr", IO, adviceIO},
	// Calls through the net interfaces: the dynamic type is unknown but
	// every implementation in practice waits for the peer.
	{"(net.Conn).Read", IO, adviceIO},
	{"(net.Conn).Write", IO, adviceIO},
	{"(net.Listener).Accept", IO, adviceIO},
	{"(net.PacketConn).ReadFrom", IO, adviceIO},
	{"(net.PacketConn).WriteTo", IO, adviceIO},
	// The concrete connections: TCPConn, UDPConn, UnixConn and IPConn
	// embed net.conn, whose Read and Write these are.
	{"(*net.conn).Read", IO, adviceIO},
	{"(*net.conn).Write", IO, adviceIO},
	{"(*net.TCPListener).Accept", IO, adviceIO},
	{"(*net.TCPListener).AcceptTCP", IO, adviceIO},
	{"(*net.UnixListener).Accept", IO, adviceIO},
	{"(*net.UnixListener).AcceptUnix", IO, adviceIO},
	{"(*net.UDPConn).ReadFrom", IO, adviceIO},
	{"(*net.UDPConn).ReadFromUDP", IO, adviceIO},
	{"(*net.UDPConn).ReadFromUDPAddrPort", IO, adviceIO},
	{"(*net.UDPConn).ReadMsgUDP", IO, adviceIO},
	{"(*net.UDPConn).WriteTo", IO, adviceIO},
	{"(*net.UDPConn).WriteToUDP", IO, adviceIO},
	{"(*net.UDPConn).WriteMsgUDP", IO, adviceIO},

	// --- HTTP (package net/http) -------------------------------------
	// A client round trip waits for the connection, the request and the
	// response headers.
	{"net/http.Get", IO, adviceIO},
	{"net/http.Head", IO, adviceIO},
	{"net/http.Post", IO, adviceIO},
	{"net/http.PostForm", IO, adviceIO},
	{"(*net/http.Client).Do", IO, adviceIO},
	{"(*net/http.Client).Get", IO, adviceIO},
	{"(*net/http.Client).Head", IO, adviceIO},
	{"(*net/http.Client).Post", IO, adviceIO},
	{"(*net/http.Client).PostForm", IO, adviceIO},
	{"(net/http.RoundTripper).RoundTrip", IO, adviceIO},
	{"(*net/http.Transport).RoundTrip", IO, adviceIO},
	// Servers run until they fail or are shut down; Shutdown waits for
	// active connections to go idle.
	{"net/http.ListenAndServe", IO, adviceIO},
	{"net/http.ListenAndServeTLS", IO, adviceIO},
	{"net/http.Serve", IO, adviceIO},
	{"net/http.ServeTLS", IO, adviceIO},
	{"(*net/http.Server).ListenAndServe", IO, adviceIO},
	{"(*net/http.Server).ListenAndServeTLS", IO, adviceIO},
	{"(*net/http.Server).Serve", IO, adviceIO},
	{"(*net/http.Server).ServeTLS", IO, adviceIO},
	{"(*net/http.Server).Shutdown", IO, adviceIO},

	// --- databases (package database/sql) ----------------------------
	// Every query, exec, ping, transaction boundary and row fetch is a round
	// trip to the database server through the driver.
	{"(*database/sql.DB).Query", IO, adviceIO},
	{"(*database/sql.DB).QueryContext", IO, adviceIO},
	{"(*database/sql.DB).QueryRow", IO, adviceIO},
	{"(*database/sql.DB).QueryRowContext", IO, adviceIO},
	{"(*database/sql.DB).Exec", IO, adviceIO},
	{"(*database/sql.DB).ExecContext", IO, adviceIO},
	{"(*database/sql.DB).Ping", IO, adviceIO},
	{"(*database/sql.DB).PingContext", IO, adviceIO},
	{"(*database/sql.DB).Prepare", IO, adviceIO},
	{"(*database/sql.DB).PrepareContext", IO, adviceIO},
	{"(*database/sql.DB).Begin", IO, adviceIO},
	{"(*database/sql.DB).BeginTx", IO, adviceIO},
	{"(*database/sql.DB).Conn", IO, adviceIO},
	{"(*database/sql.Tx).Query", IO, adviceIO},
	{"(*database/sql.Tx).QueryContext", IO, adviceIO},
	{"(*database/sql.Tx).QueryRow", IO, adviceIO},
	{"(*database/sql.Tx).QueryRowContext", IO, adviceIO},
	{"(*database/sql.Tx).Exec", IO, adviceIO},
	{"(*database/sql.Tx).ExecContext", IO, adviceIO},
	{"(*database/sql.Tx).Prepare", IO, adviceIO},
	{"(*database/sql.Tx).PrepareContext", IO, adviceIO},
	{"(*database/sql.Tx).Commit", IO, adviceIO},
	{"(*database/sql.Tx).Rollback", IO, adviceIO},
	{"(*database/sql.Stmt).Query", IO, adviceIO},
	{"(*database/sql.Stmt).QueryContext", IO, adviceIO},
	{"(*database/sql.Stmt).QueryRow", IO, adviceIO},
	{"(*database/sql.Stmt).QueryRowContext", IO, adviceIO},
	{"(*database/sql.Stmt).Exec", IO, adviceIO},
	{"(*database/sql.Stmt).ExecContext", IO, adviceIO},
	{"(*database/sql.Conn).QueryContext", IO, adviceIO},
	{"(*database/sql.Conn).QueryRowContext", IO, adviceIO},
	{"(*database/sql.Conn).ExecContext", IO, adviceIO},
	{"(*database/sql.Conn).PingContext", IO, adviceIO},
	{"(*database/sql.Conn).PrepareContext", IO, adviceIO},
	{"(*database/sql.Conn).BeginTx", IO, adviceIO},
	{"(*database/sql.Rows).Next", IO, adviceIO},
	{"(*database/sql.Rows).NextResultSet", IO, adviceIO},

	// --- the runtime itself ------------------------------------------
	// BlockOn and Run start a nested executor and park the calling
	// goroutine until the future completes; BlockOn panics when called on
	// a worker, and either one starves the outer executor.
	{asyncapi.Path + ".BlockOn", Runtime, adviceNested},
	{asyncapi.Path + ".Run", Runtime, adviceNested},
	// Close waits for every task of that runtime to finish its defers.
	{"(*" + asyncapi.Path + ".Runtime).Close", Runtime, "close the runtime from the goroutine that created it, outside async code"},

	// --- fallback: the descriptor layer under os and net --------------
	// Every file and socket operation of the standard library ends in one
	// of these; listing them catches the ones not named above (with a
	// longer chain). Close is not listed: it does not wait for the peer.
	{"(*internal/poll.FD).Read", IO, adviceIO},
	{"(*internal/poll.FD).Pread", IO, adviceIO},
	{"(*internal/poll.FD).ReadFrom", IO, adviceIO},
	{"(*internal/poll.FD).ReadFromInet4", IO, adviceIO},
	{"(*internal/poll.FD).ReadFromInet6", IO, adviceIO},
	{"(*internal/poll.FD).ReadMsg", IO, adviceIO},
	{"(*internal/poll.FD).ReadMsgInet4", IO, adviceIO},
	{"(*internal/poll.FD).ReadMsgInet6", IO, adviceIO},
	{"(*internal/poll.FD).Write", IO, adviceIO},
	{"(*internal/poll.FD).Pwrite", IO, adviceIO},
	{"(*internal/poll.FD).WriteTo", IO, adviceIO},
	{"(*internal/poll.FD).WriteToInet4", IO, adviceIO},
	{"(*internal/poll.FD).WriteToInet6", IO, adviceIO},
	{"(*internal/poll.FD).WriteMsg", IO, adviceIO},
	{"(*internal/poll.FD).WriteMsgInet4", IO, adviceIO},
	{"(*internal/poll.FD).WriteMsgInet6", IO, adviceIO},
	{"(*internal/poll.FD).Writev", IO, adviceIO},
	{"(*internal/poll.FD).Accept", IO, adviceIO},
	{"(*internal/poll.FD).Fsync", IO, adviceIO},
	{"(*internal/poll.FD).ReadDirent", IO, adviceIO},
	{"(*internal/poll.FD).RawRead", IO, adviceIO},
	{"(*internal/poll.FD).RawWrite", IO, adviceIO},
	{"(*internal/poll.FD).WaitWrite", IO, adviceIO},
}

// nonblockingFuncs lists functions treated as not blocking even though
// propagation could find a blocking operation inside (or a user could expect
// one). A call to them is never an operation and never propagates.
var nonblockingFuncs = []string{
	// Printing to standard output. It ends in a write to os.Stdout (through
	// an io.Writer, so propagation would not see it anyway), but nobody
	// wants every print in async code flagged; listed so that the decision
	// is visible and holds if the implementation changes.
	"fmt.Print",
	"fmt.Printf",
	"fmt.Println",
	// The standard logger and log.Logger write to stderr or the configured
	// writer: logging is not reported, for the same reason as printing.
	"log.Print",
	"log.Printf",
	"log.Println",
	"log.Fatal",
	"log.Fatalf",
	"log.Fatalln",
	"log.Panic",
	"log.Panicf",
	"log.Panicln",
	"log.Output",
	"(*log.Logger).Print",
	"(*log.Logger).Printf",
	"(*log.Logger).Println",
	"(*log.Logger).Fatal",
	"(*log.Logger).Fatalf",
	"(*log.Logger).Fatalln",
	"(*log.Logger).Panic",
	"(*log.Logger).Panicf",
	"(*log.Logger).Panicln",
	"(*log.Logger).Output",
	// Structured logging through the default handlers, same reason.
	"log/slog.Debug",
	"log/slog.DebugContext",
	"log/slog.Info",
	"log/slog.InfoContext",
	"log/slog.Warn",
	"log/slog.WarnContext",
	"log/slog.Error",
	"log/slog.ErrorContext",
	"log/slog.Log",
	"log/slog.LogAttrs",
	"(*log/slog.Logger).Debug",
	"(*log/slog.Logger).DebugContext",
	"(*log/slog.Logger).Info",
	"(*log/slog.Logger).InfoContext",
	"(*log/slog.Logger).Warn",
	"(*log/slog.Logger).WarnContext",
	"(*log/slog.Logger).Error",
	"(*log/slog.Logger).ErrorContext",
	"(*log/slog.Logger).Log",
	"(*log/slog.Logger).LogAttrs",
	// Locks: a contended Lock does park the worker, but critical sections
	// are short by convention and reporting every Lock in async code would
	// bury the real findings. Locks held across awaits are lockawait's job,
	// and locks held across blocking operations lockblock's; here a Lock is
	// not a blocking operation and does not propagate.
	"(*sync.Mutex).Lock",
	"(*sync.RWMutex).Lock",
	"(*sync.RWMutex).RLock",
}

// nonblockingPkgs lists packages (with their subpackages) whose functions
// are all treated as not blocking.
var nonblockingPkgs = []string{
	// The Go runtime parks goroutines internally (the garbage collector's
	// workers are started and awaited over channels inside mallocgc), so
	// propagating through it would make every allocation "blocking". The
	// runtime's user-visible blocking entry points are listed above under
	// their public names (time.Sleep, sync.WaitGroup.Wait...).
	"runtime",
	"internal/runtime",
	// The async runtime suspends coroutines instead of blocking workers:
	// apart from the entries listed above (BlockOn, Run, Runtime.Close)
	// nothing in it counts, whatever its implementation does with channels.
	asyncapi.Path,
}

// Advice shared by many entries.
const (
	adviceSleep  = "use asyncrt.Sleep: asyncrt.Await(co, asyncrt.Sleep(d))"
	adviceIO     = "run it with asyncrt.SpawnBlocking and await the JoinHandle"
	adviceNested = "await the future with asyncrt.Await(co, f) instead of starting a nested runtime"
	adviceChan   = "use an asyncrt channel, or run the wait with asyncrt.SpawnBlocking and await the JoinHandle"
	adviceTimer  = "await asyncrt.Sleep or an asyncrt.Interval tick instead of a time channel"
	adviceUser   = "run it with asyncrt.SpawnBlocking and await the JoinHandle"
)

// Names of the operations that are instructions rather than calls. They are
// the Op field of the evidence for these operations.
const (
	OpRecv        = "channel receive"
	OpSend        = "channel send"
	OpSelect      = "select without default"
	OpRange       = "range over channel"
	OpTimerRecv   = "receive from a time channel"
	OpEmptySelect = "empty select"
)

// instrAdvice is the advice for the instruction operations.
var instrAdvice = map[string]string{
	OpRecv:        adviceChan,
	OpSend:        adviceChan,
	OpSelect:      adviceChan + " (or add a default case if the select must not wait)",
	OpRange:       adviceChan,
	OpTimerRecv:   adviceTimer,
	OpEmptySelect: "an empty select parks the goroutine forever; return from the task instead",
}
