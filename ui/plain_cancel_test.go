package ui

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// A cancelled --plain (SIGINT, SIGTERM) stops rendering with the context's
// error and writes nothing: it was exiting 0 after printing everything.
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
