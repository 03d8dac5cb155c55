//go:build !unix

package cli

import (
	"io/fs"
	"os"
)

// createDebug creates path, failing with fs.ErrExist if anything is there.
// Without O_NOFOLLOW, O_EXCL is what refuses a symbolic link here.
func createDebug(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// openExistingDebug refuses a symbolic link (checked by name: this system
// has no O_NOFOLLOW) and appends to anything else that passes
// checkExistingDebug.
func openExistingDebug(path string) (*os.File, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, errDebugSymlink
	}
	if err := checkExistingDebug(path, fi); err != nil {
		return nil, err
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
}

// fileOwner: owners are not checked on this system (ACLs protect files).
func fileOwner(fs.FileInfo) (int, bool) { return 0, false }
