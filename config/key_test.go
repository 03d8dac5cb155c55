package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestKeyFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		content    string
		mode       os.FileMode
		allowGroup bool
		symlink    bool
		otherOwner bool
		wantErr    string // "" means success; "{path}" is replaced
		wantIs     error
	}{
		{name: "0600", content: sentinel + "\n", mode: 0o600},
		{name: "0400", content: sentinel, mode: 0o400},
		{name: "0644 refused", content: sentinel, mode: 0o644, wantIs: ErrKeyFileTooOpen,
			wantErr: "permissions 0644 for {path} are too open; run chmod 600 {path}"},
		{name: "0640 refused", content: sentinel, mode: 0o640, wantIs: ErrKeyFileTooOpen,
			wantErr: "permissions 0640 for {path} are too open; run chmod 600 {path}"},
		{name: "0640 allowed with override", content: sentinel, mode: 0o640, allowGroup: true},
		{name: "0440 allowed with override", content: sentinel, mode: 0o440, allowGroup: true},
		{name: "0660 refused even with override", content: sentinel, mode: 0o660, allowGroup: true, wantIs: ErrKeyFileTooOpen,
			wantErr: "permissions 0660 for {path} are too open"},
		{name: "0604 refused even with override", content: sentinel, mode: 0o604, allowGroup: true, wantIs: ErrKeyFileTooOpen},
		{name: "symlink refused", content: sentinel, mode: 0o600, symlink: true, wantErr: "is a symlink (to "},
		{name: "other owner refused", content: sentinel, mode: 0o600, otherOwner: true, wantErr: "not by you"},
		{name: "empty", content: "", mode: 0o600, wantIs: ErrInvalidKey, wantErr: "invalid API key: empty"},
		{name: "only a newline", content: "\n", mode: 0o600, wantIs: ErrInvalidKey},
		{name: "two newlines: only one is trimmed", content: sentinel + "\n\n", mode: 0o600, wantIs: ErrInvalidKey,
			wantErr: "control character at byte 17 (value not shown)"},
		{name: "CRLF trimmed", content: sentinel + "\r\n", mode: 0o600},
		{name: "header injection refused", content: sentinel + "\r\nX-Evil: 1", mode: 0o600, wantIs: ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := []string{EnvURL, "https://e.example"}
			if tt.allowGroup {
				env = append(env, EnvAllowGroupReadable, "1")
			}
			in := testInputs(t, env...)
			path := writeFile(t, filepath.Join(in.Home, "secrets", "sonar.key"), tt.content, tt.mode)
			if tt.symlink {
				link := filepath.Join(in.Home, "link.key")
				if err := os.Symlink(path, link); err != nil {
					t.Fatal(err)
				}
				path = link
			}
			if tt.otherOwner {
				in.getuid = func() int { return os.Getuid() + 1 }
			} else {
				writeConfig(t, in, fmt.Sprintf("url = \"https://f.example\"\napi_key_file = %q\n", path))
			}
			if tt.otherOwner { // a config file would be refused first
				in.Getenv = envMap(append(env, EnvAPIKeyFile, path)...)
			}
			cfg, err := Load(in)
			if tt.wantErr == "" && tt.wantIs == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if cfg.Key.Reveal() != sentinel || cfg.KeySource != (KeySource{Kind: KeyFromFile, Path: path}) {
					t.Errorf("key %q from %v", cfg.Key.Reveal(), cfg.KeySource)
				}
				return
			}
			var kfe *KeyFileError
			if !errors.As(err, &kfe) || kfe.Path != path {
				t.Fatalf("Load error = %v (%T), want *KeyFileError for %s", err, err, path)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			if want := strings.ReplaceAll(tt.wantErr, "{path}", path); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\nwant %q", err, want)
			}
			if strings.Contains(err.Error(), sentinel) {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}

func TestKeyFileNotRegular(t *testing.T) {
	t.Parallel()
	in := testInputs(t, EnvURL, "https://e.example", EnvAPIKeyFile, "~")
	_, err := Load(in)
	var kfe *KeyFileError
	if !errors.As(err, &kfe) || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory as key file: %v", err)
	}
	in = testInputs(t, EnvURL, "https://e.example", EnvAPIKeyFile, "/nonexistent/key")
	if _, err = Load(in); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "(from env SONAR_API_KEY_FILE)") {
		t.Errorf("missing SONAR_API_KEY_FILE: %v", err)
	}
}

func TestKeyOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		env        []string
		file       string // profile lines besides url
		keyFile    bool   // write <config dir>/api_key
		envKeyFile bool   // set SONAR_API_KEY_FILE
		wantSource KeySource
		wantFrom   Source
		wantKey    string
		wantRuns   int
	}{
		{name: "env beats command", env: []string{EnvAPIKey, "from-env"}, file: `api_key_command = "cmd"`, keyFile: true,
			wantSource: KeySource{Kind: KeyFromEnv}, wantFrom: Source{Kind: SourceEnv, Name: EnvAPIKey}, wantKey: "from-env"},
		{name: "command beats key files", file: `api_key_command = "cmd"`, keyFile: true, envKeyFile: true,
			wantSource: KeySource{Kind: KeyFromCommand}, wantFrom: Source{Kind: SourceFile, Name: "{config}", Profile: "default"}, wantKey: "from-cmd", wantRuns: 1},
		{name: "profile api_key_file beats SONAR_API_KEY_FILE", file: `api_key_file = "prof.key"`, keyFile: true, envKeyFile: true,
			wantSource: KeySource{Kind: KeyFromFile, Path: "{dir}/prof.key"}, wantFrom: Source{Kind: SourceFile, Name: "{config}", Profile: "default"}, wantKey: "from-prof"},
		{name: "SONAR_API_KEY_FILE beats default key file", keyFile: true, envKeyFile: true,
			wantSource: KeySource{Kind: KeyFromFile, Path: "{home}/env.key"}, wantFrom: Source{Kind: SourceEnv, Name: EnvAPIKeyFile}, wantKey: "from-envfile"},
		{name: "default key file", keyFile: true,
			wantSource: KeySource{Kind: KeyFromFile, Path: "{dir}/api_key"}, wantFrom: Source{Name: "key file"}, wantKey: "from-default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t, tt.env...)
			home, dir := in.Home, in.ConfigDir
			if tt.envKeyFile {
				in.Getenv = envMap(append(tt.env, EnvAPIKeyFile, "~/env.key")...)
			}
			run := &fakeRunner{out: "from-cmd\n"}
			in.RunCommand = run.run
			cfgPath := writeConfig(t, in, "url = \"https://a.example\"\n"+tt.file+"\n")
			writeFile(t, filepath.Join(dir, "prof.key"), "from-prof\n", 0o600)
			writeFile(t, filepath.Join(home, "env.key"), "from-envfile\n", 0o600)
			if tt.keyFile {
				writeFile(t, filepath.Join(dir, "api_key"), "from-default\n", 0o600)
			}
			cfg, err := Load(in)
			if err != nil {
				t.Fatal(err)
			}
			r := strings.NewReplacer("{config}", cfgPath, "{dir}", dir, "{home}", home)
			tt.wantSource.Path = r.Replace(tt.wantSource.Path)
			tt.wantFrom.Name = r.Replace(tt.wantFrom.Name)
			if cfg.Key.Reveal() != tt.wantKey || cfg.KeySource != tt.wantSource || cfg.Sources[SettingAPIKey] != tt.wantFrom {
				t.Errorf("key %q from %v (%v), want %q from %v (%v)", cfg.Key.Reveal(), cfg.KeySource, cfg.Sources[SettingAPIKey],
					tt.wantKey, tt.wantSource, tt.wantFrom)
			}
			if run.count() != tt.wantRuns {
				t.Errorf("command ran %d times, want %d", run.count(), tt.wantRuns)
			}
		})
	}
}

func TestNoKey(t *testing.T) {
	t.Parallel()
	in := testInputs(t)
	path := writeConfig(t, in, "url = \"https://a.example\"\n")
	_, err := Load(in)
	want := "no API key: set SONAR_API_KEY, or api_key_file / api_key_command in " + path
	if !errors.Is(err, ErrNoKey) || err.Error() != want {
		t.Errorf("Load error = %v\nwant %s", err, want)
	}
}

func TestKeyCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		run       *fakeRunner
		wantKey   string
		wantMsg   string
		wantIs    error
		notInMsg  []string
		wantTimed bool
	}{
		{name: "success, one newline trimmed", run: &fakeRunner{out: sentinel + "\n"}, wantKey: sentinel},
		{name: "no trailing newline", run: &fakeRunner{out: sentinel}, wantKey: sentinel},
		{name: "non-zero exit shows escaped stderr", run: &fakeRunner{out: sentinel, err: exitErrorMarker},
			wantMsg:  `api_key_command "pass show sonar" (from file {config} (profile "prod")) failed: exit status 3; stderr: "gpg: decryption failed\x1b[31m\n"`,
			notInMsg: []string{sentinel, "\x1b"}},
		{name: "empty output", run: &fakeRunner{out: "\n"}, wantIs: ErrInvalidKey,
			wantMsg: `api_key_command "pass show sonar" (from file {config} (profile "prod")): invalid API key: empty`},
		{name: "timeout", run: &fakeRunner{wait: true}, wantIs: context.DeadlineExceeded, wantTimed: true,
			wantMsg: "timed out after 10s"},
		{name: "runner error is escaped", run: &fakeRunner{err: errors.New("boom\x1b]52;c;QQ==\x07")},
			wantMsg: `failed: boom\x1b]52;c;QQ==\a`, notInMsg: []string{"\x1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t)
			if tt.run.err == exitErrorMarker {
				tt.run.err = exitError(t, "gpg: decryption failed\x1b[31m\n")
			}
			var deadline time.Duration
			in.RunCommand = func(ctx context.Context, cmd string) ([]byte, error) {
				if d, ok := ctx.Deadline(); ok {
					deadline = time.Until(d)
				}
				if tt.run.wait { // pretend 10 s passed rather than wait for it
					return nil, fmt.Errorf("killed: %w", context.DeadlineExceeded)
				}
				return tt.run.run(ctx, cmd)
			}
			cfgPath := writeConfig(t, in, "default_profile = \"prod\"\n[profiles.prod]\nurl = \"https://a.example\"\napi_key_command = \"pass show sonar\"\n")
			// A valid key file is present and must not be used as a fallback.
			writeFile(t, filepath.Join(in.ConfigDir, "api_key"), "fallback\n", 0o600)
			cfg, err := Load(in)
			if deadline <= 0 || deadline > CommandTimeout {
				t.Errorf("runner deadline %v, want within %v", deadline, CommandTimeout)
			}
			if tt.wantKey != "" {
				if err != nil || cfg.Key.Reveal() != tt.wantKey || cfg.KeySource.Kind != KeyFromCommand {
					t.Fatalf("Load = %v, %v", cfg, err)
				}
				return
			}
			var kce *KeyCommandError
			if !errors.As(err, &kce) {
				t.Fatalf("Load error = %v (%T), want *KeyCommandError (no fall-through to the key file)", err, err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			if kce.TimedOut != tt.wantTimed {
				t.Errorf("TimedOut = %v", kce.TimedOut)
			}
			if want := strings.ReplaceAll(tt.wantMsg, "{config}", cfgPath); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\nwant %q", err, want)
			}
			for _, s := range tt.notInMsg {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error contains %q: %q", s, err)
				}
			}
		})
	}
}

// exitErrorMarker is replaced by a real *exec.ExitError inside the test.
var exitErrorMarker = errors.New("exit error marker")

func TestRunShell(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		cmd        string
		timeout    time.Duration
		wantOut    string
		wantStderr string
		wantErr    bool
	}{
		{name: "printf", cmd: "printf '%s\\n' " + sentinel, wantOut: sentinel + "\n"},
		{name: "stdout only", cmd: "echo noise >&2; printf key", wantOut: "key"},
		{name: "exit status with stderr", cmd: "echo " + sentinel + "; echo 'no such entry' >&2; exit 1", wantStderr: "no such entry\n", wantErr: true},
		{name: "stdin is empty", cmd: "cat", wantOut: ""},
		{name: "timeout kills the command", cmd: "sleep 30", timeout: 200 * time.Millisecond, wantErr: true},
		{name: "huge output refused", cmd: "head -c 100000 /dev/zero", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			start := time.Now()
			out, err := runShell(ctx, tt.cmd)
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("took %v", el)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("runShell(%q) error = %v", tt.cmd, err)
			}
			if !tt.wantErr && string(out) != tt.wantOut {
				t.Errorf("stdout = %q, want %q", out, tt.wantOut)
			}
			var ee *exec.ExitError
			if tt.wantStderr != "" && (!errors.As(err, &ee) || string(ee.Stderr) != tt.wantStderr) {
				t.Errorf("error %v does not carry stderr %q", err, tt.wantStderr)
			}
		})
	}
}

// TestKeyCommandRealShell runs api_key_command through the default runner.
func TestKeyCommandRealShell(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cmd     string
		wantErr string
	}{
		{name: "printf", cmd: "printf key-SENTINEL-; printf 7f3a"},
		// The key is split so that only its output, not the command text
		// shown in the error, contains it.
		{name: "exit 1", cmd: "printf key-SENTINEL-; printf 7f3a; printf 'locked\\033[2J' >&2; exit 1",
			wantErr: `failed: exit status 1; stderr: "locked\x1b[2J"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := testInputs(t)
			in.RunCommand = nil
			writeConfig(t, in, fmt.Sprintf("url = \"https://a.example\"\napi_key_command = %q\n", tt.cmd))
			cfg, err := Load(in)
			if tt.wantErr == "" {
				if err != nil || cfg.Key.Reveal() != sentinel || cfg.KeySource.String() != "command" {
					t.Fatalf("Load = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), sentinel) {
				t.Errorf("Load error = %v\nwant %s, without the key", err, tt.wantErr)
			}
		})
	}
}

func TestCheckKeyPermsOwner(t *testing.T) {
	t.Parallel()
	path := writeFile(t, filepath.Join(t.TempDir(), "k"), "k", 0o600)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkKeyPerms(path, fi, os.Getuid(), false); err != nil {
		t.Errorf("own file: %v", err)
	}
	err = checkKeyPerms(path, fi, os.Getuid()+1, true)
	if want := fmt.Sprintf("owned by uid %d, not by you (uid %d); run chown %d %s", os.Getuid(), os.Getuid()+1, os.Getuid()+1, path); err == nil || err.Error() != want {
		t.Errorf("other owner: %v\nwant %s", err, want)
	}
}
