package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/config"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// runFingerprint shows a server's certificate and the pin_sha256 line that
// trusts its key (SECURITY.md HTTP-3, trust on first use). It performs
// only a TLS handshake: no HTTP request, no API key, and it reads no
// configuration, so it works before anything is set up. It never writes
// the config file: the user compares the pin out of band and pastes it.
func runFingerprint(ctx context.Context, o *options, env Env) error {
	raw := o.target
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw // "sonar.example.com" or "10.0.0.5:8443"
	}
	var opts []api.Option
	if o.caFile != "" {
		opts = append(opts, api.WithCAFile(o.caFile))
	}
	if o.timeout != 0 {
		opts = append(opts, api.WithTimeout(o.timeout))
	}
	info, err := api.Fingerprint(ctx, raw, opts...)
	switch {
	case errors.Is(err, api.ErrInvalidBaseURL):
		return usagef("fingerprint needs an https URL such as https://sonar.example.com, got %q", termsafe.RedactURL(o.target))
	case errors.Is(err, api.ErrNoCertificates):
		return &configError{err}
	case err != nil:
		return err
	}
	var b strings.Builder
	writeCertInfo(&b, raw, info, time.Now(), config.DefaultConfigDir(env.Getenv))
	_, err = io.WriteString(env.Stdout, b.String())
	return err
}

// writeCertInfo formats info. Everything from the certificate was chosen
// by the server and is escaped (TERM-13).
func writeCertInfo(b *strings.Builder, rawURL string, info *api.CertInfo, now time.Time, configDir string) {
	esc := func(u termsafe.Untrusted) string { return termsafe.Escape(u, termsafe.SingleLine).Plain() }
	names := make([]string, 0, len(info.DNSNames)+len(info.IPAddresses))
	for _, n := range info.DNSNames {
		names = append(names, esc(n))
	}
	for _, ip := range info.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		names = append(names, "(none: no host name can verify this certificate; use pin_sha256)")
	}
	fmt.Fprintf(b, "Server:        %s\n", oneLine(hostPort(rawURL)))
	fmt.Fprintf(b, "Subject:       %s\n", esc(info.Subject))
	fmt.Fprintf(b, "Issuer:        %s\n", esc(info.Issuer))
	fmt.Fprintf(b, "Valid from:    %s\n", info.NotBefore.UTC().Format(time.RFC3339))
	fmt.Fprintf(b, "Valid until:   %s%s\n", info.NotAfter.UTC().Format(time.RFC3339), validity(info, now))
	fmt.Fprintf(b, "Names (SANs):  %s\n", strings.Join(names, ", "))
	fmt.Fprintf(b, "SHA-256:       %s\n", info.CertSHA256)
	if info.Verified {
		b.WriteString("Chain:         verifies against the system roots (plus --ca-file); no pin is needed\n")
	} else {
		fmt.Fprintf(b, "Chain:         does NOT verify: %s\n", oneLine(fmt.Sprint(info.VerifyError)))
	}
	cfgFile := "$XDG_CONFIG_HOME/sonar-tui/config.toml"
	if configDir != "" {
		cfgFile = filepath.Join(configDir, "config.toml")
	}
	fmt.Fprintf(b, "\nIf this is your Sonar server, check the pin out of band, for example with\n"+
		"  openssl s_client -connect %s -servername %s </dev/null | openssl x509 -pubkey -noout |\n"+
		"    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64\n"+
		"then add this line to the profile in %s:\n\n",
		oneLine(hostPort(rawURL)), oneLine(hostOnly(rawURL)), oneLine(cfgFile))
	fmt.Fprintf(b, "pin_sha256 = %q\n", info.PinSHA256)
}

// validity says whether the certificate is currently within its dates.
func validity(info *api.CertInfo, now time.Time) string {
	switch {
	case now.After(info.NotAfter):
		return " (EXPIRED)"
	case now.Before(info.NotBefore):
		return " (NOT YET VALID)"
	}
	return fmt.Sprintf(" (%d days left)", int(info.NotAfter.Sub(now).Hours()/24))
}

// hostPort is host:port of rawURL, with 443 when no port is given, as
// openssl s_client wants it. rawURL was already accepted by Fingerprint.
func hostPort(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func hostOnly(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	return u.Hostname()
}
