// Command orders is the benchmark program of bench/lintbench: a small
// asyncrt service that imports net/http, database/sql and os, the shape of
// program issue 3 asks the linter to be fast on. It serves orders from a SQL
// database (any registered driver; the name comes from ORDERS_DRIVER) and
// fetches exchange rates over HTTP, doing every blocking call on the
// blocking pool so that the linter has nothing to report.
package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Order is one row of the orders table.
type Order struct {
	ID       int64   `json:"id"`
	Customer string  `json:"customer"`
	Cents    int64   `json:"cents"`
	Currency string  `json:"currency"`
	Rate     float64 `json:"rate,omitempty"`
}

type server struct {
	rt       *asyncrt.Runtime
	db       *sql.DB
	ratesURL string
	client   *http.Client
}

// loadOrder reads one order on the blocking pool.
func (s *server) loadOrder(co *asyncrt.Co, id int64) (Order, error) {
	h := asyncrt.SpawnBlocking(co, func() asyncrt.Result[Order] {
		var o Order
		err := s.db.QueryRow("SELECT id, customer, cents, currency FROM orders WHERE id = ?", id).
			Scan(&o.ID, &o.Customer, &o.Cents, &o.Currency)
		return asyncrt.Result[Order]{Value: o, Err: err}
	})
	r, err := h.Join(co)
	if err != nil {
		return Order{}, err
	}
	return r.Get()
}

// fetchRate asks the rates service for a currency's rate, with a timeout.
func (s *server) fetchRate(co *asyncrt.Co, currency string) (float64, error) {
	fetch := asyncrt.SpawnBlocking(co, func() asyncrt.Result[float64] {
		resp, err := s.client.Get(s.ratesURL + "?currency=" + currency)
		if err != nil {
			return asyncrt.Result[float64]{Err: err}
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		if err != nil {
			return asyncrt.Result[float64]{Err: err}
		}
		rate, err := strconv.ParseFloat(string(body), 64)
		return asyncrt.Result[float64]{Value: rate, Err: err}
	})
	// The handle's outcome is itself a Result: the task's (aborted,
	// panicked) around the fetch's own.
	r := asyncrt.Await(co, asyncrt.Timeout[asyncrt.Result[asyncrt.Result[float64]]](2*time.Second, fetch))
	if r.Err != nil {
		fetch.Abort()
		return 0, r.Err
	}
	rate, err := r.Value.Get()
	if err != nil {
		return 0, err
	}
	return rate.Get()
}

func (s *server) handle(w http.ResponseWriter, req *http.Request) {
	id, err := strconv.ParseInt(req.URL.Query().Get("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	order, err := asyncrt.BlockOn(s.rt, asyncrt.Async(func(co *asyncrt.Co) asyncrt.Result[Order] {
		o, err := s.loadOrder(co, id)
		if err != nil {
			return asyncrt.Result[Order]{Err: err}
		}
		if o.Currency != "EUR" {
			o.Rate, err = s.fetchRate(co, o.Currency)
		}
		return asyncrt.Result[Order]{Value: o, Err: err}
	})).Get()
	switch {
	case errors.Is(err, sql.ErrNoRows):
		http.NotFound(w, req)
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadGateway)
	default:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(order)
	}
}

func main() {
	db, err := sql.Open(os.Getenv("ORDERS_DRIVER"), os.Getenv("ORDERS_DSN"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "orders:", err)
		os.Exit(1)
	}
	defer db.Close()
	rt := asyncrt.New(asyncrt.WithWorkers(2), asyncrt.WithBlockingThreads(8))
	defer rt.Close()
	s := &server{rt: rt, db: db, ratesURL: os.Getenv("RATES_URL"), client: &http.Client{Timeout: 5 * time.Second}}
	http.HandleFunc("/order", s.handle)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
