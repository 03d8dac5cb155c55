//go:build !unix

package ui

import "time"

// cpuTime is unknown here; benchmarks then report 0 cpu-ns/op.
func cpuTime() time.Duration { return 0 }
