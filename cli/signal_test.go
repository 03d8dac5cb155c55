//go:build unix

package cli

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

// hangGuard is how long a test waits for the binary before calling it a
// hang. It is not a speed budget: the point is that the run ends long
// before the 60 s the server would hold it.
const hangGuard = 15 * time.Second

// started is the binary running in the background.
type started struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan struct{}
	err            error
}

func startCLI(t *testing.T, env []string, args ...string) *started {
	t.Helper()
	s := &started{cmd: exec.Command(binary, args...), done: make(chan struct{})}
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = &s.stdout, &s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// wait returns the result, or fails the test if the binary is still
// running after hangGuard.
func (s *started) wait(t *testing.T) result {
	t.Helper()
	start := time.Now()
	select {
	case <-s.done:
	case <-time.After(hangGuard):
		t.Fatalf("sonar-tui %q still running %v later; stderr:\n%s", s.cmd.Args[1:], hangGuard, s.stderr.String())
	}
	r := result{stdout: s.stdout.String(), stderr: s.stderr.String(), took: time.Since(start), code: -1}
	var ee *exec.ExitError
	switch {
	case s.err == nil:
		r.code = 0
	case errors.As(s.err, &ee):
		r.code = ee.ExitCode() // -1 when killed by the signal itself
	}
	if strings.Contains(r.stdout+r.stderr, sentinelKey) {
		t.Error("the API key appears in the output")
	}
	return r
}

// until polls cond (at most hangGuard).
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(hangGuard); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %s", what)
		}
	}
}

// Ctrl+C (SIGINT), SIGTERM and SIGHUP (the terminal went away) end a run
// in any phase with exit code 130 and one line on stderr, not after the
// server's 60 seconds, and never as a death by signal.
func TestSignalsEndEveryPhase(t *testing.T) {
	t.Parallel()
	phases := []struct {
		name string
		opts []sonartest.Option
		args []string
	}{
		{"fetch", []sonartest.Option{sonartest.WithLatency(60 * time.Second)}, []string{"--plain"}},
		{"fetch --json", []sonartest.Option{sonartest.WithLatency(60 * time.Second)}, []string{"--json"}},
		{"Retry-After wait", []sonartest.Option{sonartest.WithFault(sonartest.SeedGUID, sonartest.TooManyRequests("60"))}, []string{"--plain"}},
	}
	for _, ph := range phases {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
			t.Run(ph.name+" "+sig.String(), func(t *testing.T) {
				t.Parallel()
				srv, url := startSonar(t, ph.opts...)
				s := startCLI(t, sonarEnv(t, url), append(ph.args, sonartest.SeedGUID)...)
				until(t, "the request", func() bool { return srv.RequestsFor(sonartest.SeedGUID) > 0 })
				time.Sleep(50 * time.Millisecond) // into the wait, or still in the exchange: both must work
				if err := s.cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				r := s.wait(t)
				wantExit(t, r, ExitInterrupted)
				wantOneLine(t, r)
				if !strings.Contains(r.stderr, "interrupted") || r.stdout != "" {
					t.Errorf("stdout %q, stderr %q: want only \"interrupted\" on stderr", r.stdout, r.stderr)
				}
				t.Logf("%v after the signal", r.took)
			})
		}
	}
}

// --timeout bounds the whole operation: a Retry-After of 60 s cannot keep
// a 1 s run going (it kept --plain busy for 120 s).
func TestTimeoutBoundsRetryWaits(t *testing.T) {
	t.Parallel()
	for _, f := range []sonartest.Fault{
		sonartest.TooManyRequests("60"),
		sonartest.Status(503).WithHeader("Retry-After", "60"),
	} {
		_, url := startSonar(t, sonartest.WithFault(sonartest.SeedGUID, f.Times(5)))
		s := startCLI(t, sonarEnv(t, url), "--plain", "--timeout", "1s", sonartest.SeedGUID)
		r := s.wait(t)
		wantExit(t, r, ExitNetwork)
		wantOneLine(t, r)
		if !strings.Contains(r.stderr, "timed out") {
			t.Errorf("stderr %q: want the timeout error", r.stderr)
		}
		t.Logf("ended after %v", r.took)
	}
}
