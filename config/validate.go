package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Timeout bounds. Above MaxTimeout a hung Sonar would freeze the viewer for
// longer than any analyst waits; 0 would mean "no timeout" in net/http.
const (
	DefaultTimeout = 30 * time.Second
	MaxTimeout     = 10 * time.Minute
)

// ParseURL validates a Sonar base URL (HTTP-4): https, or http only to a
// loopback host (localhost, 127.0.0.0/8, ::1) for tests and local proxies.
// User info, query and fragment are refused: credentials belong in the key
// sources and the client appends its own paths. A path prefix is allowed
// (https://host/sonar) and trailing slashes are removed so the client can
// append "/api/sonar/...".
func ParseURL(raw string) (*url.URL, error) {
	// Messages show the URL without user info, query and fragment: that is
	// where pasted links carry credentials.
	shown := termsafe.RedactURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the raw URL, which may contain a password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: %v", ErrInvalidURL, err)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: remove the user name/password from %s; the API key goes in SONAR_API_KEY, api_key_file or api_key_command", ErrInvalidURL, shown)
	}
	if u.Scheme == "" || u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("%w: %q is not an absolute URL like https://sonar.example.com", ErrInvalidURL, shown)
	}
	if u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "#") {
		return nil, fmt.Errorf("%w: %q must not have a query or fragment; give only the base URL, e.g. https://sonar.example.com", ErrInvalidURL, shown)
	}
	if strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("%w: %q has an empty port", ErrInvalidURL, shown)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%w: %q has port %s outside 1-65535", ErrInvalidURL, shown, p)
		}
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("%w: %q has a %q path segment", ErrInvalidURL, shown, seg)
		}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%w %s: plain http would send the API key in clear text and is allowed only to localhost, 127.0.0.0/8 or ::1; use https://%s", ErrInsecureURL, shown, u.Host+u.Path)
		}
	default:
		return nil, fmt.Errorf("%w: scheme %q in %q is not supported; use https://", ErrInvalidURL, u.Scheme, shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// isLoopback is deliberately strict: "localhost" by name, or a loopback IP
// literal. Other names are not resolved: DNS could point them anywhere.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// pinPrefix is curl's --pinnedpubkey spelling, used so pins can be copied
// between curl and sonar-tui.
const pinPrefix = "sha256//"

// ParsePin parses a pin_sha256 value: "sha256//" followed by the standard
// base64 of the SHA-256 of the server certificate's SubjectPublicKeyInfo
// (44 characters). Bare base64 and hex are refused rather than guessed,
// so there is exactly one spelling to compare out of band.
func ParsePin(s string) ([32]byte, error) {
	var sum [32]byte
	b64, ok := strings.CutPrefix(s, pinPrefix)
	if ok && len(b64) == 44 {
		if raw, err := base64.StdEncoding.DecodeString(b64); err == nil && len(raw) == len(sum) {
			copy(sum[:], raw)
			return sum, nil
		}
	}
	return sum, fmt.Errorf(`%w: pin_sha256 %q is not in curl's --pinnedpubkey form: write "sha256//" followed by the 44-character base64 SHA-256 of the server's public key (SubjectPublicKeyInfo); bare base64 or hex is not accepted`, ErrInvalidSetting, s)
}

// FormatPin writes a SubjectPublicKeyInfo SHA-256 the way ParsePin reads it.
func FormatPin(sum [32]byte) string {
	return pinPrefix + base64.StdEncoding.EncodeToString(sum[:])
}

// parseTimeout accepts only Go duration strings: a bare TOML integer would
// be nanoseconds, a silent footgun.
func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%w: timeout %q is not a duration like \"30s\" or \"2m\"", ErrInvalidSetting, s)
	}
	if d <= 0 || d > MaxTimeout {
		return 0, fmt.Errorf("%w: timeout %s must be greater than 0 and at most %v", ErrInvalidSetting, d, MaxTimeout)
	}
	return d, nil
}

// expandPath expands a leading "~/" with home, and makes a relative path
// from the config file relative to that file's directory (baseDir != ""),
// like kubeconfig does, so a config works whatever the working directory.
func expandPath(p, home, baseDir string) (string, error) {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home == "" {
			return "", fmt.Errorf("cannot expand %q: home directory unknown", p)
		}
		p = filepath.Join(home, p[1:])
	}
	if baseDir != "" && !filepath.IsAbs(p) {
		p = filepath.Join(baseDir, p)
	}
	return p, nil
}
