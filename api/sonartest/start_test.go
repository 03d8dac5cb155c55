package sonartest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

func TestStartServesOnLoopback(t *testing.T) {
	t.Parallel()
	run, err := sonartest.Start(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(run.URL, "http://127.0.0.1:") || strings.HasSuffix(run.URL, "/") {
		t.Errorf("URL = %q", run.URL)
	}
	a := do(t, http.MethodGet, run.URL+sonartest.TicketPath+sonartest.SeedGUID, bearer)
	if a.status != http.StatusOK || run.Server.RequestsFor(sonartest.SeedGUID) != 1 {
		t.Errorf("status %d, requests %d", a.status, run.Server.RequestsFor(sonartest.SeedGUID))
	}
	if err := run.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := run.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := client().Get(run.URL); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestStartStopsWithContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	run, err := sonartest.Start(ctx, "127.0.0.1:0", sonartest.WithoutFixtures())
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := client().Get(run.URL)
		if err != nil {
			break
		}
		resp.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still up 5s after ctx was cancelled")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8080", "example.com:80", "nonsense"} {
		if run, err := sonartest.Start(context.Background(), addr); err == nil {
			run.Close()
			t.Errorf("Start(%q) succeeded", addr)
		}
	}
}

func TestCloseReleasesHungRequests(t *testing.T) {
	t.Parallel()
	run, err := sonartest.Start(context.Background(), "",
		sonartest.WithFault(sonartest.SeedGUID, sonartest.Hang()))
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		resp, err := client().Get(run.URL + sonartest.TicketPath + sonartest.SeedGUID)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	for run.Server.Requests() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	if err := run.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v with a hung request", d)
	}
	if err := <-errc; err == nil {
		t.Error("hung request got an answer")
	}
}
