//go:build linux

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair of w x h cells with the standard
// library only: /dev/ptmx, unlock, and the slave named by its number.
func openPTY(w, h int) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	var unlock int32
	if err := ioctl(master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("unlockpt: %w", err)
	}
	var n uint32
	if err := ioctl(master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("ptsname: %w", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	ws := struct{ rows, cols, x, y uint16 }{uint16(h), uint16(w), 0, 0}
	if err := ioctl(slave.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); err != nil {
		master.Close()
		slave.Close()
		return nil, nil, fmt.Errorf("set window size: %w", err)
	}
	return master, slave, nil
}

func ioctl(fd, req, arg uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, arg); e != 0 {
		return e
	}
	return nil
}

// sessionAttr makes the child a session leader with the pty as its
// controlling terminal, as a terminal emulator does.
func sessionAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
}

// memUse is a process's resident memory from /proc/PID/status, in KiB:
// the peak (VmHWM) and now (VmRSS), and now split into pages of files
// (the binary's code and data) and anonymous memory (the Go heap, stacks
// and runtime).
type memUse struct{ hwm, rss, file, anon int }

func readMemUse(pid int) (memUse, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memUse{}, err
	}
	return parseMemUse(string(b)), nil
}

func parseMemUse(status string) memUse {
	var m memUse
	fields := map[string]*int{"VmHWM:": &m.hwm, "VmRSS:": &m.rss, "RssFile:": &m.file, "RssAnon:": &m.anon}
	for line := range strings.Lines(status) {
		f := strings.Fields(line)
		if len(f) == 3 && fields[f[0]] != nil {
			*fields[f[0]], _ = strconv.Atoi(f[1])
		}
	}
	return m
}
