package config

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    string // normalised URL when valid
		wantErr error
	}{
		{name: "https", in: "https://sonar.example.com", want: "https://sonar.example.com"},
		{name: "https trailing slash", in: "https://sonar.example.com/", want: "https://sonar.example.com"},
		{name: "path prefix", in: "https://host.example/sonar/", want: "https://host.example/sonar"},
		{name: "path prefix many slashes", in: "https://host.example/sonar//", want: "https://host.example/sonar"},
		{name: "port", in: "https://10.0.0.5:8443", want: "https://10.0.0.5:8443"},
		{name: "upper-case scheme", in: "HTTPS://sonar.example.com", want: "https://sonar.example.com"},
		{name: "http to remote host refused", in: "http://sonar.example.com", wantErr: ErrInsecureURL},
		{name: "http to 127.0.0.1 allowed", in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{name: "http to 127.9.9.9 allowed", in: "http://127.9.9.9/", want: "http://127.9.9.9"},
		{name: "http to ::1 allowed", in: "http://[::1]:8080", want: "http://[::1]:8080"},
		{name: "http to localhost allowed", in: "http://localhost:9000", want: "http://localhost:9000"},
		{name: "http to LOCALHOST allowed", in: "http://LOCALHOST", want: "http://LOCALHOST"},
		{name: "http to localhost lookalike", in: "http://localhost.example.com", wantErr: ErrInsecureURL},
		{name: "http to 127.0.0.1 as DNS name", in: "http://127.0.0.1.nip.io", wantErr: ErrInsecureURL},
		{name: "http to 10/8", in: "http://10.0.0.1", wantErr: ErrInsecureURL},
		{name: "http to ::", in: "http://[::]", wantErr: ErrInsecureURL},
		{name: "userinfo", in: "https://admin:hunter2@sonar.example.com", wantErr: ErrInvalidURL},
		{name: "query", in: "https://sonar.example.com/?x=1", wantErr: ErrInvalidURL},
		{name: "empty query", in: "https://sonar.example.com/?", wantErr: ErrInvalidURL},
		{name: "fragment", in: "https://sonar.example.com/#top", wantErr: ErrInvalidURL},
		{name: "empty fragment", in: "https://sonar.example.com/#", wantErr: ErrInvalidURL},
		{name: "no scheme", in: "sonar.example.com", wantErr: ErrInvalidURL},
		{name: "opaque", in: "https:sonar.example.com", wantErr: ErrInvalidURL},
		{name: "ftp", in: "ftp://sonar.example.com", wantErr: ErrInvalidURL},
		{name: "empty port", in: "https://sonar.example.com:", wantErr: ErrInvalidURL},
		{name: "port out of range", in: "https://sonar.example.com:70000", wantErr: ErrInvalidURL},
		{name: "dot segment", in: "https://sonar.example.com/a/../b", wantErr: ErrInvalidURL},
		{name: "control character", in: "https://sonar.example.com/\x1b[2J", wantErr: ErrInvalidURL},
		{name: "bad port hides password", in: "https://u:hunter2@host:x/", wantErr: ErrInvalidURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := ParseURL(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ParseURL(%q) error = %v, want %v", tt.in, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("error shows the URL password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.in, err)
			}
			if u.String() != tt.want {
				t.Errorf("ParseURL(%q) = %q, want %q", tt.in, u, tt.want)
			}
		})
	}
}

func TestInsecureURLMessage(t *testing.T) {
	t.Parallel()
	_, err := ParseURL("http://sonar.example.com/sonar")
	want := "insecure URL http://sonar.example.com/sonar: plain http would send the API key in clear text and is allowed only to localhost, 127.0.0.0/8 or ::1; use https://sonar.example.com/sonar"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestParsePin(t *testing.T) {
	t.Parallel()
	sum := sha256.Sum256([]byte("spki"))
	b64 := base64.StdEncoding.EncodeToString(sum[:])
	short := sha256.Sum224([]byte("spki"))
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{name: "curl form", in: "sha256//" + b64, ok: true},
		{name: "bare base64", in: b64},
		{name: "hex", in: hex.EncodeToString(sum[:])},
		{name: "sha256 prefix with hex", in: "sha256//" + hex.EncodeToString(sum[:])},
		{name: "url-safe base64", in: "sha256//" + base64.URLEncoding.EncodeToString(sum[:]) + "_-"},
		{name: "wrong length", in: "sha256//" + base64.StdEncoding.EncodeToString(short[:])},
		{name: "missing padding", in: "sha256//" + strings.TrimRight(b64, "=")},
		{name: "upper-case prefix", in: "SHA256//" + b64},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePin(tt.in)
			if !tt.ok {
				if !errors.Is(err, ErrInvalidSetting) || !strings.Contains(err.Error(), `"sha256//" followed by the 44-character base64`) {
					t.Errorf("ParsePin(%q) error = %v, want the curl-form explanation", tt.in, err)
				}
				return
			}
			if err != nil || got != sum {
				t.Errorf("ParsePin(%q) = %x, %v", tt.in, got, err)
			}
			if FormatPin(got) != tt.in {
				t.Errorf("FormatPin round trip = %q", FormatPin(got))
			}
		})
	}
}

func TestParseTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want time.Duration // 0: error
	}{
		{name: "seconds", in: "30s", want: 30 * time.Second},
		{name: "milliseconds", in: "200ms", want: 200 * time.Millisecond},
		{name: "maximum", in: "10m", want: 10 * time.Minute},
		{name: "above maximum", in: "10m1s"},
		{name: "zero", in: "0s"},
		{name: "negative", in: "-5s"},
		{name: "bare number", in: "30"},
		{name: "words", in: "thirty seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseTimeout(tt.in)
			if tt.want == 0 {
				if !errors.Is(err, ErrInvalidSetting) {
					t.Errorf("parseTimeout(%q) = %v, %v; want ErrInvalidSetting", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parseTimeout(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDefaultConfigDir(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{name: "XDG set", env: []string{"XDG_CONFIG_HOME", "/xdg", "HOME", "/home/a"}, want: "/xdg/sonar-tui"},
		{name: "XDG relative is ignored", env: []string{"XDG_CONFIG_HOME", "rel", "HOME", "/home/a"}, want: "/home/a/.config/sonar-tui"},
		{name: "HOME only", env: []string{"HOME", "/home/a"}, want: "/home/a/.config/sonar-tui"},
		{name: "nothing", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := DefaultConfigDir(envMap(tt.env...)); got != tt.want {
				t.Errorf("DefaultConfigDir = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExpandPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, home, base, want string
		wantErr                    bool
	}{
		{name: "tilde", in: "~/k", home: "/h", want: "/h/k"},
		{name: "tilde alone", in: "~", home: "/h", want: "/h"},
		{name: "tilde without home", in: "~/k", wantErr: true},
		{name: "tilde-user untouched", in: "~bob/k", base: "/cfg", want: "/cfg/~bob/k"},
		{name: "relative to config dir", in: "ca.pem", base: "/cfg", want: "/cfg/ca.pem"},
		{name: "relative kept without base", in: "ca.pem", want: "ca.pem"},
		{name: "absolute", in: "/etc/ca.pem", base: "/cfg", want: "/etc/ca.pem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := expandPath(tt.in, tt.home, tt.base)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("expandPath(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
