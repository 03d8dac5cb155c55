package cli

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/config"
)

// After an interrupt, a phase that does not look at its context (decoding,
// a long render) cannot keep the process alive: supervise gives up on it
// after the grace period and reports the interrupt.
func TestSuperviseGivesUpOnAStuckPhase(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	block := make(chan struct{})
	defer close(block)
	restored := make(chan struct{})
	got := make(chan error, 1)
	go func() {
		got <- supervise(ctx, 50*time.Millisecond, func() error { <-block; return nil }, func() { close(restored) })
	}()
	cancel()
	select {
	case err := <-got:
		if !errors.Is(err, context.Canceled) || exitCode(err) != ExitInterrupted {
			t.Errorf("supervise = %v (exit %d), want context.Canceled (130)", err, exitCode(err))
		}
	case <-time.After(hangGuardInProcess):
		t.Fatal("supervise waited for a phase that never ends")
	}
	select {
	case <-restored:
	default:
		t.Error("the terminal was not restored")
	}
}

// hangGuardInProcess: not a speed budget, only a bound on a hang.
const hangGuardInProcess = 10 * time.Second

func TestSuperviseReturnsWhatThePhaseReturns(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	noRestore := func() { t.Error("restore called without an interrupt") }
	if err := supervise(t.Context(), time.Hour, func() error { return boom }, noRestore); err != boom {
		t.Errorf("supervise = %v, want %v", err, boom)
	}
	if err := supervise(t.Context(), time.Hour, func() error { panic("x") }, noRestore); !errors.Is(err, errInternal) {
		t.Errorf("supervise = %v, want errInternal after a panic", err)
	}
	// Interrupted, but the phase ends in time with its own error: keep it.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := supervise(ctx, time.Hour, func() error { return context.Canceled }, noRestore); !errors.Is(err, context.Canceled) {
		t.Errorf("supervise = %v, want context.Canceled", err)
	}
}

// The last line of HTTP-11: whatever error reaches stderr, the literal
// key in it is masked (api masks its own errors, in any encoding).
func TestStderrMasksTheKey(t *testing.T) {
	t.Parallel()
	p := &process{}
	msg := "boom: Bearer " + sentinelKey + "!"
	if got := p.mask(msg); got != msg {
		t.Errorf("no key known: mask = %q", got)
	}
	k := config.NewSecret(sentinelKey)
	p.key.Store(&k)
	if got := p.mask(msg); got != "boom: Bearer <masked>!" {
		t.Errorf("mask = %q", got)
	}
}
