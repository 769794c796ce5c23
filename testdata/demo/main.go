// Command demo is a small order-processing service written on asyncrt that
// contains one instance of each pitfall asynclint finds. Lint it with
//
//	go run ./cmd/asynclint ./testdata/demo
//
// and run it with
//
//	go run ./testdata/demo
//
// to watch the same bugs happen: the long-poll detector reports the task
// that blocks its worker, the lost-waker detector the task that can never
// be woken, the runtime refuses the nested runtime (the task fails), a
// card is charged twice, and courier scans go missing.
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

type order struct {
	ID    int
	Items []string
}

// priceCache is shared by every task that prices an order.
type priceCache struct {
	mu     sync.Mutex
	prices map[string]int
}

// lookupPrices pretends to ask a slow pricing backend.
func lookupPrices(items []string) asyncrt.Future[map[string]int] {
	return asyncrt.Async(func(co *asyncrt.Co) map[string]int {
		asyncrt.Await(co, asyncrt.Sleep(5*time.Millisecond))
		m := make(map[string]int, len(items))
		for i, it := range items {
			m[it] = 100 * (i + 1)
		}
		return m
	})
}

// refresh fills the cache for the items of an order.
func (c *priceCache) refresh(co *asyncrt.Co, items []string) {
	c.mu.Lock()
	// Pitfall (lockawait): the sync.Mutex stays locked while this task is
	// suspended; another task on this worker that calls refresh blocks the
	// worker thread. asyncrt.Mutex is the lock to hold across an await.
	fresh := asyncrt.Await(co, lookupPrices(items))
	for k, v := range fresh {
		c.prices[k] = v
	}
	c.mu.Unlock()
}

var audited atomic.Int64

// audit records that an order was handled.
func audit(o order) asyncrt.Future[struct{}] {
	return asyncrt.Async(func(co *asyncrt.Co) struct{} {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		audited.Add(1)
		return struct{}{}
	})
}

// handle prices one order.
func handle(co *asyncrt.Co, cache *priceCache, o order) int {
	cache.refresh(co, o.Items)
	// Pitfall (blocking): time.Sleep parks the worker thread, and every task
	// queued on it waits too. asyncrt.Sleep suspends only this task.
	time.Sleep(30 * time.Millisecond)
	// Pitfall (droppedfuture): futures are lazy; this audit never runs.
	audit(o)
	cache.mu.Lock()
	defer cache.mu.Unlock()
	total := 0
	for _, it := range o.Items {
		total += cache.prices[it]
	}
	return total
}

// labelAfterPacking waits for the warehouse to pack an order, then prints
// its shipping label: a two-step future written by hand.
type labelAfterPacking struct {
	packing asyncrt.Future[struct{}]
	label   func() asyncrt.Future[string]
	next    asyncrt.Future[string]
}

func (l *labelAfterPacking) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	if l.next == nil {
		if !l.packing.Poll(cx).IsReady() {
			return asyncrt.Pending[string]() // the packing timer keeps the waker
		}
		l.next = l.label()
		// Pitfall (missingwake): Pending after the packing finished, without
		// polling the label future or keeping cx.Waker(): nothing will ever
		// wake this task again. Polling l.next right away is the fix.
		return asyncrt.Pending[string]()
	}
	return l.next.Poll(cx)
}

// exchangeRate converts prices for export orders. It was written for the
// nightly batch job, a plain main where asyncrt.Run is the way into async
// code.
func exchangeRate(currency string) int {
	return asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) int {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond)) // the rates service
		return map[string]int{"EUR": 108, "GBP": 127}[currency]
	}))
}

// priceExport prices an export order in its currency.
func priceExport(co *asyncrt.Co, cache *priceCache, o order, currency string) int {
	// Pitfall (nestedblockon): exchangeRate starts a runtime inside this
	// task. The runtime refuses it at once (it panics and the task fails);
	// run on a worker it would park the worker until the rate arrived, and
	// the rate may need that very worker. Await the rate's future instead.
	rate := exchangeRate(currency)
	return handle(co, cache, o) * rate / 100
}

// courier books parcels for one fulfilment task.
type courier struct {
	co      *asyncrt.Co // so that callers write c.book(o), without the co
	booking int
}

func (c *courier) book(o order) int {
	asyncrt.Await(c.co, asyncrt.Sleep(time.Millisecond)) // the courier's API
	c.booking++
	return 1000*o.ID + c.booking
}

// invoices is the invoice archive, a blocking store (a disk, a database).
var invoices struct {
	sync.Mutex
	byOrder map[int]string
}

func storeInvoice(id int, text string) error {
	time.Sleep(time.Millisecond) // the disk write
	invoices.Lock()
	defer invoices.Unlock()
	if invoices.byOrder == nil {
		invoices.byOrder = make(map[int]string)
	}
	invoices.byOrder[id] = text
	return nil
}

// archiveInvoice stores the invoice on the blocking pool, retrying twice.
func archiveInvoice(co *asyncrt.Co, id int, text string) error {
	_, err := asyncrt.SpawnBlocking(co, func() error {
		err := storeInvoice(id, text)
		for retry := 0; err != nil && retry < 2; retry++ {
			// Pitfall (awaitinblocking): there is no coroutine on the
			// blocking pool to suspend, so this Await panics (the co is
			// suspended in Join meanwhile). Back off with time.Sleep here,
			// or retry from the async function. (The archive never fails
			// in the demo, so this line does not run.)
			asyncrt.Await(co, asyncrt.Sleep(10*time.Millisecond))
			err = storeInvoice(id, text)
		}
		return err
	}).Join(co)
	return err
}

// invoiceText formats an order's invoice.
//
// Pitfall (unusedasync): it takes a *asyncrt.Co but never awaits, so only
// async code can call it; drop the parameter and it is a plain function
// that tests and the batch job can call too.
func invoiceText(co *asyncrt.Co, o order, total int) string {
	return fmt.Sprintf("order %d: %d items, total %d", o.ID, len(o.Items), total)
}

// cardPayment charges the customer's card when first polled.
type cardPayment struct {
	amount  int
	charges *atomic.Int64
}

func (p *cardPayment) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	p.charges.Add(1) // the payment provider's API call
	return asyncrt.Ready(p.amount)
}

// checkout takes the payment, then reserves the stock.
type checkout struct {
	payment  asyncrt.Future[int]
	reserve  asyncrt.Future[struct{}]
	reserved bool
}

func (c *checkout) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	// Pitfall (pollready): the payment is polled again on every call after
	// it was Ready, while the reservation is still pending; here each poll
	// charges the card again (an asyncrt.Async payment would panic). Keep
	// the amount in a field and skip the payment once it is paid.
	paid, ok := c.payment.Poll(cx).Value()
	if !ok {
		return asyncrt.Pending[int]()
	}
	if !c.reserved {
		if !c.reserve.Poll(cx).IsReady() {
			return asyncrt.Pending[int]()
		}
		c.reserved = true
	}
	return asyncrt.Ready(paid)
}

// readScanPair receives the two scans of a parcel: picked up, delivered.
func readScanPair(scans *asyncrt.Receiver[string]) asyncrt.Future[[2]string] {
	return asyncrt.Async(func(co *asyncrt.Co) [2]string {
		pickup, _ := scans.Recv(co)
		delivery, _ := scans.Recv(co)
		return [2]string{pickup, delivery}
	})
}

// trackParcels collects the courier's scans until its feed ends, with a
// heartbeat every millisecond (for at most 50 of them).
func trackParcels(co *asyncrt.Co, scans *asyncrt.Receiver[string]) (got []string) {
	for beat, ended := 0, false; !ended && beat < 50; {
		asyncrt.Await(co, asyncrt.SelectBiased(
			// Pitfall (selectcancel): when the heartbeat wins, the
			// readScanPair future is dropped with the pickup scan it had
			// already received: the scan is lost. Spawn readScanPair once
			// and select on its JoinHandle, or receive one scan at a time
			// with the cancel-safe scans.RecvFuture().
			asyncrt.Case(readScanPair(scans), func(p [2]string) {
				for _, scan := range p {
					if scan != "" {
						got = append(got, scan)
					}
				}
				ended = p[1] == "" // the feed was closed
			}),
			asyncrt.Case(asyncrt.Sleep(time.Millisecond), func(struct{}) { beat++ }),
		))
	}
	return got
}

// fulfil charges, ships and invoices an order.
func fulfil(co *asyncrt.Co, o order, total int, charges *atomic.Int64) (parcel int, err error) {
	paid := asyncrt.Await(co, &checkout{
		payment: &cardPayment{amount: total, charges: charges},
		reserve: asyncrt.Sleep(2 * time.Millisecond),
	})
	// Pitfall (coescape): the co is stored in a struct, where it outlives
	// this call. It works while the courier stays in this task; the first
	// goroutine, callback or other task that keeps the courier and books
	// with it panics ("*Co used after its async function returned").
	c := &courier{co: co}
	parcel = c.book(o)
	return parcel, archiveInvoice(co, o.ID, invoiceText(co, o, paid))
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithLogger(logger))
	waitForInterrupt := startConsole(rt) // -console :6060 serves the live view

	cache := &priceCache{prices: make(map[string]int)}
	orders := []order{{1, []string{"tea", "cups"}}, {2, []string{"kettle"}}}
	totals := asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) []int {
		var hs []*asyncrt.JoinHandle[int]
		for _, o := range orders {
			hs = append(hs, asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
				return handle(co, cache, o)
			})))
		}
		var out []int
		for _, h := range hs {
			v, err := h.Join(co)
			if err != nil {
				panic(err)
			}
			out = append(out, v)
		}
		return out
	}))
	fmt.Printf("order totals: %v\n", totals)
	fmt.Printf("audit records: %d of %d (the dropped futures never ran)\n", audited.Load(), len(orders))

	// A task waits for a label that is never printed: once the packing
	// timer has fired, nothing holds the task's waker. Collecting garbage
	// lets the lost-waker detector see that.
	shipping := asyncrt.SpawnNamed(rt, "ship-order-1", asyncrt.Async(func(co *asyncrt.Co) string {
		return asyncrt.Await(co, &labelAfterPacking{
			packing: asyncrt.Sleep(5 * time.Millisecond),
			label: func() asyncrt.Future[string] {
				return asyncrt.Async(func(*asyncrt.Co) string { return "label #1" })
			},
		})
	}))
	time.Sleep(20 * time.Millisecond)
	for i := 0; i < 10 && rt.Metrics().LostWakers == 0; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("shipping task finished: %v (lost wakers reported: %d)\n", shipping.IsFinished(), rt.Metrics().LostWakers)

	// Fulfilment: pay, book a courier, archive the invoice, then follow the
	// parcels. The card of every order is charged twice (pollready).
	var charges atomic.Int64
	scans := asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) (sentTracked [2]int) {
		for i, o := range orders {
			if _, err := fulfil(co, o, totals[i], &charges); err != nil {
				panic(err)
			}
		}
		tx, scans := asyncrt.NewChannel[string](8)
		asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) struct{} {
			defer tx.Close()
			for _, o := range orders {
				tx.Send(co, fmt.Sprintf("order %d picked up", o.ID))
				asyncrt.Await(co, asyncrt.Sleep(3*time.Millisecond))
				tx.Send(co, fmt.Sprintf("order %d delivered", o.ID))
			}
			return struct{}{}
		}))
		return [2]int{2 * len(orders), len(trackParcels(co, scans))}
	}))
	fmt.Printf("card charges: %d for %d orders (the checkout re-polled a finished payment)\n", charges.Load(), len(orders))
	fmt.Printf("courier scans received: %d of %d (the rest were dropped with a readScanPair)\n", scans[1], scans[0])

	// An export order. The nested runtime it starts would panic the demo if
	// it ran on main's path: it runs as a task of its own, whose panic the
	// runtime turns into the task's error (a *asyncrt.PanicError), and the
	// demo prints that error and goes on.
	export := asyncrt.BlockOn(rt, asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		return priceExport(co, cache, order{3, []string{"tea"}}, "EUR")
	})))
	var pe *asyncrt.PanicError
	if errors.As(export.Err, &pe) {
		fmt.Printf("export order failed: %v\n", pe.Value)
	}
	fmt.Printf("long polls reported: %d\n", rt.Metrics().LongPolls)
	fmt.Printf("tea in stock: %d (the ledger's lock bugs need two goroutines to bite)\n", stockChecks())
	fmt.Printf("audit: %s (the auditor's lock-channel cycle needs an empty buffer to bite)\n", auditChecks())
	waitForInterrupt()
	if err := rt.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
	}
}
