//go:build unix

package cli

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// createDebug creates path, failing with fs.ErrExist if anything is there,
// a symbolic link included (O_EXCL does not follow one).
func createDebug(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
}

// openExistingDebug opens what is at path for appending without following
// a symbolic link, then checks what it opened (not what a name pointed to
// a moment earlier).
func openExistingDebug(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if errors.Is(err, syscall.ELOOP) {
		return nil, errDebugSymlink
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkExistingDebug(path, fi)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

func fileOwner(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
