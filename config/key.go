package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// CommandTimeout bounds api_key_command (HTTP-12): a hung password manager
// must not hang startup forever.
const CommandTimeout = 10 * time.Second

// maxKeySize bounds what is read from a key file or a command's stdout; a
// key is tens of bytes, so more means the wrong file or command.
const maxKeySize = 64 << 10

// resolveKey applies the key order of the package comment. A configured
// source that fails is an error: falling through would hide the failure and
// could pick up a stale key.
func (l *loader) resolveKey() (Secret, KeySource, Source, error) {
	if v := l.env(EnvAPIKey); v != "" {
		src := Source{Kind: SourceEnv, Name: EnvAPIKey}
		key, err := checkKey([]byte(v))
		if err != nil {
			return Secret{}, KeySource{}, src, fmt.Errorf("%s: %w", src, err)
		}
		return key, KeySource{Kind: KeyFromEnv}, src, nil
	}
	cmd := l.fileLayer(l.prof.APIKeyCommand, "api_key_command")
	file := l.fileLayer(l.prof.APIKeyFile, "api_key_file")
	if cmd.val != "" && file.val != "" {
		return Secret{}, KeySource{}, file.src, l.settingErr(file, errors.New("both api_key_command and api_key_file are set; keep one"))
	}
	if cmd.val != "" {
		key, err := l.runKeyCommand(cmd)
		return key, KeySource{Kind: KeyFromCommand}, cmd.src, err
	}
	def := layer{}
	if l.in.ConfigDir != "" {
		p := filepath.Join(l.in.ConfigDir, "api_key")
		// The default file is optional; any other Lstat outcome (even a
		// dangling symlink) means it is there and readKeyFile decides.
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			def = defaultLayer(p)
			def.src.Name = "key file"
		}
	}
	kf, ok := first(file, l.envLayer(EnvAPIKeyFile), def)
	if !ok {
		return Secret{}, KeySource{}, Source{}, fmt.Errorf("%w: set %s, or api_key_file / api_key_command in %s", ErrNoKey, EnvAPIKey, l.fileHint())
	}
	path, err := l.pathValue(kf)
	if err != nil {
		return Secret{}, KeySource{}, kf.src, err
	}
	key, err := readKeyFile(path, kf.src, l.uid, l.env(EnvAllowGroupReadable) == "1")
	return key, KeySource{Kind: KeyFromFile, Path: path}, kf.src, err
}

// runKeyCommand runs api_key_command once, with CommandTimeout.
func (l *loader) runKeyCommand(cmd layer) (Secret, error) {
	run := l.in.RunCommand
	if run == nil {
		run = runShell
	}
	ctx, cancel := context.WithTimeout(context.Background(), CommandTimeout)
	defer cancel()
	out, err := run(ctx, cmd.val)
	kerr := &KeyCommandError{Command: cmd.val, Source: cmd.src, Err: err}
	// A runner that ignores ctx and returns late still counts as a timeout.
	kerr.TimedOut = errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil
	if kerr.TimedOut && err == nil {
		kerr.Err = context.DeadlineExceeded
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		kerr.Stderr = ee.Stderr
	}
	if kerr.Err != nil {
		return Secret{}, kerr
	}
	key, err := checkKey(out)
	if err != nil {
		kerr.Err = err
		return Secret{}, kerr
	}
	return key, nil
}

// checkKey removes one trailing newline (what `echo` and `pass` add) and
// refuses empty keys and control characters, which would either fail
// every request or inject into the Authorization header. The error never
// contains the value.
func checkKey(b []byte) (Secret, error) {
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return Secret{}, fmt.Errorf("%w: empty", ErrInvalidKey)
	}
	for i, c := range b {
		if c < 0x20 || c == 0x7f {
			return Secret{}, fmt.Errorf("%w: control character at byte %d (value not shown)", ErrInvalidKey, i)
		}
	}
	return Secret{v: string(b)}, nil
}

// readKeyFile applies HTTP-14 like ssh does for private keys: a regular
// file (not a symlink), owned by the current user, not readable by others.
func readKeyFile(path string, src Source, uid int, allowGroup bool) (Secret, error) {
	fail := func(err error) (Secret, error) {
		return Secret{}, &KeyFileError{Path: path, Source: src, Err: err}
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return fail(unwrapPathError(err))
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(path)
		return fail(fmt.Errorf("is a symlink (to %s); name the key file itself", display(target)))
	}
	if !fi.Mode().IsRegular() {
		return fail(fmt.Errorf("not a regular file (%v)", fi.Mode().Type()))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(unwrapPathError(err))
	}
	defer f.Close()
	// Judge the file actually opened, so a swap after Lstat is caught.
	ofi, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	if !os.SameFile(fi, ofi) {
		return fail(errors.New("changed while being opened; try again"))
	}
	if err := checkKeyPerms(path, ofi, uid, allowGroup); err != nil {
		return Secret{}, &KeyFileError{Path: path, Source: src, Mode: ofi.Mode(), Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeySize+1))
	if err != nil {
		return fail(err)
	}
	if len(data) > maxKeySize {
		return fail(fmt.Errorf("larger than %d bytes; is this the key file?", maxKeySize))
	}
	key, err := checkKey(data)
	if err != nil {
		return fail(err)
	}
	return key, nil
}

func checkKeyPerms(path string, fi fs.FileInfo, uid int, allowGroup bool) error {
	if !permChecks {
		return nil // Windows: protection is by ACL, see README
	}
	if owner, ok := fileOwner(fi); ok && owner != uid {
		return fmt.Errorf("owned by uid %d, not by you (uid %d); run chown %d %s", owner, uid, uid, display(path))
	}
	loose := fi.Mode().Perm() & 0o077
	if allowGroup {
		// Container secret mounts are often group-readable (helm#13320);
		// group read is tolerated only on explicit request, group write
		// never.
		loose &^= 0o040
	}
	if loose != 0 {
		return ErrKeyFileTooOpen
	}
	return nil
}

// runShell is the default RunFunc: `sh -c cmd` with stdin from /dev/null,
// stdout returned, stderr kept (bounded) for the error message.
func runShell(ctx context.Context, cmd string) ([]byte, error) {
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	var stdout, stderr capped
	stdout.max, stderr.max = maxKeySize, maxStderrShown+1
	c.Stdout, c.Stderr = &stdout, &stderr
	// A grandchild that keeps the pipes open must not outlive the timeout
	// by more than this.
	c.WaitDelay = time.Second
	err := c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ee.Stderr = stderr.buf.Bytes()
	}
	if err == nil && stdout.over {
		return nil, fmt.Errorf("printed more than %d bytes; a key is expected", maxKeySize)
	}
	return stdout.buf.Bytes(), err
}

// capped keeps the first max bytes and discards the rest. It never
// returns an error, so the child does not die of EPIPE mid-output.
type capped struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	n := len(p)
	if room := c.max - c.buf.Len(); n > room {
		c.over = true
		p = p[:max(room, 0)]
	}
	c.buf.Write(p)
	return n, nil
}
