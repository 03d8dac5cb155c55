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
	// Cancelling on SIGINT/SIGTERM stops a fetch in progress and the viewer.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
