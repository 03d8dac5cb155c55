package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the host key's name in the state directory.
const HostKeyFile = "ssh_host_ed25519_key"

// maxHostKeySize bounds the host key file; an OpenSSH ed25519 key is about
// 400 bytes.
const maxHostKeySize = 64 << 10

// LoadHostKey reads the ed25519 host key at path. The file must belong to
// uid (or root) and be readable by nobody else. With create, a missing file
// is generated (mode 0600, parent directory 0700); without, a missing file
// is an error: silently making a new key would change the server's identity
// and teach analysts to accept changed host keys.
func LoadHostKey(path string, uid int, create bool) (gossh.Signer, error) {
	if path == "" {
		return nil, errors.New("host key: no path")
	}
	f, err := openChecked(path, uid, 0o077, "readable or writable by group or others")
	if errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("host key %s does not exist; start once with --init-host-key to create it", path)
		}
		return createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxHostKeySize))
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	s, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	if s.PublicKey().Type() != gossh.KeyAlgoED25519 {
		return nil, fmt.Errorf("host key %s: is %s; sonar-tui serve uses ed25519 host keys", path, s.PublicKey().Type())
	}
	return s, nil
}

// createHostKey writes a new ed25519 key with O_EXCL, so an existing file is
// never overwritten.
func createHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "sonar-tui serve host key")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return gossh.NewSignerFromKey(priv)
}
