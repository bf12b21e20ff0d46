// Package chat holds the conversations of the chat API, their turns and the
// HTTP routes that serve them.
package chat

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errBusy is returned when a prompt arrives while the session is still
// answering the previous one.
var errBusy = errors.New("chat: session is busy")

// Conversation is one chat session: the prompts a user sends and the turns
// the model answers with.
type Conversation struct {
	ID        string `json:"id"`
	SessionID string `json:"session_id"`
	// RunID holds the same value as SessionID. It was the name of the session
	// before sessions had their own table, and clients before 2.3 read it.
	RunID     string    `json:"run_id"`
	CreatedAt time.Time `json:"created_at"`

	mu         sync.Mutex
	turns      []Turn
	running    bool
	cancel     context.CancelFunc
	lastActive time.Time
}

// Turn is one exchange: a prompt and the answer to it.
type Turn struct {
	Index  int    `json:"index"`
	Prompt string `json:"prompt"`
	Answer string `json:"answer"`
}

// NewConversation opens a conversation for a session. The legacy RunID is set
// to the session id so that old clients keep finding their run.
func NewConversation(id, sessionID string, now time.Time) *Conversation {
	return &Conversation{
		ID:         id,
		SessionID:  sessionID,
		RunID:      sessionID,
		CreatedAt:  now,
		lastActive: now,
	}
}

// BelongsTo reports whether the conversation serves the given session. Old
// clients send their run id, which is the same string.
func (c *Conversation) BelongsTo(id string) bool {
	run := c.RunID
	return id == c.SessionID || id == run
}

// Running reports whether a prompt is being answered.
func (c *Conversation) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}

// begin marks the conversation busy. It returns false, and keeps nothing,
// when a prompt is already running.
func (c *Conversation) begin(cancel context.CancelFunc, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return false
	}
	c.running = true
	c.cancel = cancel
	c.lastActive = now
	return true
}

// finish appends the answered turn (if any) and marks the conversation idle.
func (c *Conversation) finish(prompt, answer string, ok bool, now time.Time) Turn {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := Turn{Index: len(c.turns), Prompt: prompt, Answer: answer}
	if ok {
		c.turns = append(c.turns, t)
	}
	if c.cancel != nil {
		c.cancel()
	}
	c.running, c.cancel, c.lastActive = false, nil, now
	return t
}

// Turns returns a copy of the turns so far.
func (c *Conversation) Turns() []Turn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Turn(nil), c.turns...)
}

// Registry holds the open conversations by session id.
type Registry struct {
	mu       sync.Mutex
	sessions map[string]*Conversation
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{sessions: make(map[string]*Conversation)}
}

// Get returns the conversation of a session. A legacy run id finds the same
// conversation, since it is the session id.
func (r *Registry) Get(sessionID string) (*Conversation, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.sessions[sessionID]
	return c, ok
}

// Open returns the conversation of sessionID, creating it if needed.
func (r *Registry) Open(sessionID string, newID func() string, now time.Time) *Conversation {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.sessions[sessionID]; ok {
		return c
	}
	c := NewConversation(newID(), sessionID, now)
	r.sessions[sessionID] = c
	return c
}

// PruneIdle forgets conversations that have been idle for longer than ttl
// and are not answering; it returns how many it dropped.
func (r *Registry) PruneIdle(ttl time.Duration, now time.Time) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	dropped := 0
	for id, c := range r.sessions {
		c.mu.Lock()
		idle := !c.running && now.Sub(c.lastActive) > ttl
		c.mu.Unlock()
		if idle {
			delete(r.sessions, id)
			dropped++
		}
	}
	return dropped
}
