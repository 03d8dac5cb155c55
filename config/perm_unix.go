//go:build unix

package config

import (
	"io/fs"
	"syscall"
)

// permChecks: Unix file modes and owners are meaningful here (HTTP-12/14).
const permChecks = true

// fileOwner returns the uid owning the file.
func fileOwner(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
