// Command sonar-tui is a terminal viewer for Logpresso Sonar SIEM tickets.
// This file only wires the process to package cli, where the command line
// lives; see `sonar-tui --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/sonar-tui/sonar-tui/cli"
)

// version is set at release time: go build -ldflags "-X main.version=v1.2.3".
var version string

func main() {
	// SIGINT, SIGTERM and SIGHUP (the terminal closed) cancel ctx, which
	// ends any phase: cli.Main exits 130 within a second. Handling SIGHUP
	// also un-ignores it, so a viewer started under nohup still ends with
	// its terminal. `sonar-tui serve` handles SIGHUP itself (a reload).
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if cli.HangupEnds(os.Args[1:]) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Getenv:  os.Getenv,
		Version: version,
	})
	stop()
	os.Exit(code)
}
