// Package logx is a small structured logger with a zerolog-like chained API.
// It lives in the module so that chatd builds with the standard library only.
package logx

import (
	"encoding/json"
	"io"
	"os"
	"sync"
	"time"
)

// Logger writes one JSON object per event.
type Logger struct {
	mu  *sync.Mutex
	out io.Writer
}

// New returns a logger writing to out, or to standard error when out is nil.
func New(out io.Writer) Logger {
	if out == nil {
		out = os.Stderr
	}
	return Logger{mu: &sync.Mutex{}, out: out}
}

// Event collects the fields of one log line until Msg writes it.
type Event struct {
	l      Logger
	fields map[string]any
}

// Info starts an event at level info.
func (l Logger) Info() *Event { return l.event("info") }

// Warn starts an event at level warn.
func (l Logger) Warn() *Event { return l.event("warn") }

// Error starts an event at level error.
func (l Logger) Error() *Event { return l.event("error") }

func (l Logger) event(level string) *Event {
	return &Event{l: l, fields: map[string]any{
		"level": level,
		"time":  time.Now().UTC().Format(time.RFC3339Nano),
	}}
}

// Str adds a string field.
func (e *Event) Str(key, val string) *Event {
	e.fields[key] = val
	return e
}

// Int adds an integer field.
func (e *Event) Int(key string, val int) *Event {
	e.fields[key] = val
	return e
}

// Err adds the error under "error"; a nil error adds nothing.
func (e *Event) Err(err error) *Event {
	if err != nil {
		e.fields["error"] = err.Error()
	}
	return e
}

// Msg writes the event with its message. Write errors are dropped: a
// logger has nowhere to report them.
func (e *Event) Msg(msg string) {
	e.fields["message"] = msg
	line, err := json.Marshal(e.fields)
	if err != nil {
		return
	}
	e.l.mu.Lock()
	defer e.l.mu.Unlock()
	_, _ = e.l.out.Write(append(line, '\n'))
}
