//go:build unix

package serve

import (
	"fmt"
	"io/fs"
	"syscall"
)

// checkOwner refuses a file that belongs to someone other than the service
// user or root: they could change who gets in.
func checkOwner(fi fs.FileInfo, uid int) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if int(st.Uid) != uid && st.Uid != 0 {
		return fmt.Errorf("owned by uid %d, not by the user running sonar-tui (uid %d) or root", st.Uid, uid)
	}
	return nil
}
