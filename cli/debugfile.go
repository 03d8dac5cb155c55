package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// openDebug opens the --debug trace ("-" is standard error). The trace
// holds ticket content, which is sensitive even without the key (the key
// itself never reaches it: api masks it), so:
//
//   - a new file is created 0600;
//   - a symbolic link is refused, dangling or not, so the trace cannot be
//     steered into another file (O_NOFOLLOW where the system has it);
//   - an existing file is never truncated nor chmodded, since sonar-tui did
//     not create it: a regular file is appended to if it is the user's own
//     and private (mode 600), else refused with the fix; anything else
//     (a terminal, /dev/null, a FIFO) is written to as it is.
func openDebug(path string, stderr io.Writer) (io.Writer, func(), error) {
	switch path {
	case "":
		return nil, func() {}, nil
	case "-":
		return stderr, func() {}, nil
	}
	f, err := createDebug(path)
	if errors.Is(err, fs.ErrExist) {
		f, err = openExistingDebug(path)
	}
	if err != nil {
		return nil, nil, usagef("--debug %s: %v", path, err)
	}
	return f, func() { _ = f.Close() }, nil
}

// errDebugSymlink is the reason a symlink is refused.
var errDebugSymlink = errors.New("is a symbolic link; name the file itself, or use --debug - for standard error")

// checkExistingDebug vets a regular file that was already there.
func checkExistingDebug(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return nil
	}
	if uid, ok := fileOwner(fi); ok && uid != os.Getuid() {
		return errors.New("exists and belongs to another user; choose another file")
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return errors.New("exists and is accessible to others (mode " + fi.Mode().Perm().String() +
			"); the trace holds ticket data: chmod 600 " + path + ", or choose a new file")
	}
	return nil
}
