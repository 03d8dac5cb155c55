package ui

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// A cancelled --plain (SIGINT, SIGTERM) stops rendering with the context's
// error: it was exiting 0 after printing everything. Cancelled before it
// starts, it writes nothing.
func TestPlainReportStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	f, ok := sonartest.LookupFixture(sonartest.SeedGUID)
	if !ok {
		t.Fatal("no seed fixture")
	}
	tk, err := api.DecodeResponse(f.Body)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out bytes.Buffer
	err = PlainReportContext(ctx, &out, tk, PlainOptions{Width: 80, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Location: time.UTC})
	if !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("err %v, %d bytes written; want context.Canceled and nothing", err, out.Len())
	}
	if err := PlainReportContext(t.Context(), &out, tk, PlainOptions{Width: 80}); err != nil || out.Len() == 0 {
		t.Errorf("not cancelled: err %v, %d bytes", err, out.Len())
	}
}

// cancelWriter cancels its context on the first write, as an interrupt
// arriving once the report has started would.
type cancelWriter struct {
	bytes.Buffer
	cancel context.CancelFunc
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	w.cancel()
	return w.Buffer.Write(p)
}

// The report is written as it is laid out, so an interrupt during a long
// one leaves what came before it: a beginning of the whole report, in
// whole lines, and the context's error. It stops there, not at the end.
func TestPlainReportInterruptedMidway(t *testing.T) {
	t.Parallel()
	tk := decode(t, manyCommentsBody(20000))
	o := PlainOptions{Width: 80, Now: testNow, Location: time.UTC}
	full := plainReport(t, tk, 80)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	w := &cancelWriter{cancel: cancel}
	err := PlainReportContext(ctx, w, tk, o)
	got := w.String()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if got == "" || !strings.HasPrefix(full, got) || !strings.HasSuffix(got, "\n") {
		t.Errorf("wrote %d bytes: want a beginning of the %d-byte report, in whole lines", len(got), len(full))
	}
	if len(got) > len(full)/2 {
		t.Errorf("wrote %d of %d bytes after the interrupt: want it to stop within a chunk", len(got), len(full))
	}
}
