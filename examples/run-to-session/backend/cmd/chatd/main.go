// Command chatd serves the chat API.
//
//	go run ./cmd/chatd -addr :8080
//
// With -db-driver empty, turns and planning runs are kept in memory. The
// deployment build links a SQLite driver in and passes -db-driver sqlite;
// this module itself imports nothing outside the standard library.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"net/http"
	"os"
	"os/signal"
	"time"

	"example.com/chatd/internal/chat"
	"example.com/chatd/internal/inference"
	"example.com/chatd/internal/logx"
	"example.com/chatd/internal/planning"
)

type options struct {
	addr          string
	driver        string
	dsn           string
	sessionTTL    time.Duration
	maxIterations int
}

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", ":8080", "listen address")
	flag.StringVar(&o.driver, "db-driver", "", "database/sql driver; empty keeps everything in memory")
	flag.StringVar(&o.dsn, "db", "chatd.sqlite", "data source name for -db-driver")
	flag.DurationVar(&o.sessionTTL, "session-ttl", 2*time.Hour, "forget sessions idle this long")
	flag.IntVar(&o.maxIterations, "max-plan-iterations", 4, "planning iterations per prompt")
	flag.Parse()

	log := logx.New(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, log, o); err != nil {
		log.Error().Err(err).Msg("chatd stopped")
		os.Exit(1)
	}
}

// run wires the services and serves until ctx is cancelled.
func run(ctx context.Context, log logx.Logger, o options) error {
	var db *sql.DB
	var store chat.TurnStore = &chat.MemoryTurnStore{}
	if o.driver != "" {
		var err error
		if db, err = sql.Open(o.driver, o.dsn); err != nil {
			return err
		}
		defer db.Close()
		if store, err = chat.NewSQLiteTurnStore(ctx, db); err != nil {
			return err
		}
	}
	planner := planning.NewService(db, newID)
	router := chat.NewRouter(chat.Options{
		Store:   store,
		Planner: planner,
		Runner:  inference.NewRunner(planner, o.maxIterations, nil),
		Log:     log,
		NewID:   newID,
	})
	go pruneLoop(ctx, log, router.Conversations(), o.sessionTTL)

	srv := &http.Server{Addr: o.addr, Handler: router.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Info().Str("addr", o.addr).Msg("chatd listening")
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// pruneLoop forgets idle sessions once a minute while the server is running.
func pruneLoop(ctx context.Context, log logx.Logger, reg *chat.Registry, ttl time.Duration) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if n := reg.PruneIdle(ttl, now.UTC()); n > 0 {
				log.Info().Int("sessions", n).Msg("pruned idle sessions")
			}
		}
	}
}

// newID returns 16 random hex digits.
func newID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}
