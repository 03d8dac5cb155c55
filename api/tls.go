package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/sonar-tui/sonar-tui/termsafe"
)

// pinPrefix is curl's --pinnedpubkey notation, so users can compare with
// the openssl pipeline in SECURITY.md HTTP-3.
const pinPrefix = "sha256//"

// WithCAFile adds the PEM certificates in path (a CA, or a self-signed
// appliance's own certificate) to the system roots (HTTP-2). An unreadable
// file or one without certificates makes New fail with ErrNoCertificates;
// there is never a silent fallback.
func WithCAFile(path string) Option { return func(o *options) { o.caFile = path } }

// WithCAOnly makes the CA file replace the system roots instead of adding
// to them (config ca_only = true). It needs WithCAFile.
func WithCAOnly() Option { return func(o *options) { o.caOnly = true } }

// WithTLSServerName verifies the server certificate for name instead of the
// URL's host (config tls_server_name), for appliances reached by IP or by a
// name their certificate lacks. Go checks only the SANs, never the CN.
func WithTLSServerName(name string) Option { return func(o *options) { o.serverName = name } }

// WithPinSHA256 pins the server key: "sha256//<base64 of the SHA-256 of the
// leaf certificate's SubjectPublicKeyInfo>" (config pin_sha256, HTTP-3).
// Repeat it to accept several keys during a rotation. A pinned key
// authorises the server on its own, so a self-signed appliance works
// without ca_file; any other key fails closed with a *PinMismatchError
// before a request is sent.
func WithPinSHA256(pin string) Option { return func(o *options) { o.pins = append(o.pins, pin) } }

// SPKIPin returns the pin_sha256 value for cert.
func SPKIPin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return pinPrefix + base64.StdEncoding.EncodeToString(sum[:])
}

// newTLSConfig builds the client's TLS settings. Verification is always on:
// either Go's full chain + host name check against the roots, or, when pins
// are configured, the pin check below.
func newTLSConfig(o *options) (*tls.Config, error) {
	roots, err := rootPool(o)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		RootCAs:    roots,
		ServerName: o.serverName,
	}
	if len(o.pins) == 0 {
		return cfg, nil
	}
	pins, err := parsePins(o.pins)
	if err != nil {
		return nil, err
	}
	// The only InsecureSkipVerify in the HTTP client (HTTP-1/3). It does not
	// turn verification off, it replaces it: VerifyConnection runs on every
	// handshake, resumptions included and regardless of InsecureSkipVerify,
	// and rejects any key other than the pinned ones, so no connection is
	// ever used unverified. The pin alone authorising the server is what
	// makes self-signed appliances work (curl --pinnedpubkey semantics); a
	// pin is a stronger statement than a CA signature.
	cfg.InsecureSkipVerify = true
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("tls: server presented no certificate")
		}
		got := sha256.Sum256(cs.PeerCertificates[0].RawSubjectPublicKeyInfo)
		for _, p := range pins {
			if subtle.ConstantTimeCompare(got[:], p[:]) == 1 {
				return nil
			}
		}
		return &PinMismatchError{Expected: o.pins, Presented: pinPrefix + base64.StdEncoding.EncodeToString(got[:])}
	}
	return cfg, nil
}

// rootPool returns nil (Go's system roots) without a CA file, else the
// system roots plus the file, or the file alone with ca_only.
func rootPool(o *options) (*x509.CertPool, error) {
	if o.caFile == "" {
		if o.caOnly {
			return nil, errors.New("api: ca_only needs ca_file")
		}
		return nil, nil
	}
	pem, err := os.ReadFile(o.caFile)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCertificates, err)
	}
	pool := x509.NewCertPool()
	if !o.caOnly {
		// Without readable system roots we still trust the file: that is
		// what the user asked for, and it fails closed for everyone else.
		if sys, err := x509.SystemCertPool(); err == nil {
			pool = sys
		}
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%w: %s", ErrNoCertificates, o.caFile)
	}
	return pool, nil
}

func parsePins(pins []string) ([][sha256.Size]byte, error) {
	out := make([][sha256.Size]byte, 0, len(pins))
	for _, p := range pins {
		b64, ok := strings.CutPrefix(p, pinPrefix)
		raw, err := base64.StdEncoding.DecodeString(b64)
		if !ok || err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("api: invalid pin_sha256 %q: want %s<base64 of a 32-byte SHA-256>", p, pinPrefix)
		}
		out = append(out, [sha256.Size]byte(raw))
	}
	return out, nil
}

// classifyTLS turns a handshake failure into a *TLSError with a hint, or
// returns nil when err is not about TLS.
func classifyTLS(host string, err error) *TLSError {
	const fingerprint = "`sonar-tui fingerprint URL` shows the server's certificate and pin"
	var (
		pin  *PinMismatchError
		ua   x509.UnknownAuthorityError
		hn   x509.HostnameError
		ci   x509.CertificateInvalidError
		cv   *tls.CertificateVerificationError
		rh   tls.RecordHeaderError
		al   tls.AlertError
		kind TLSErrorKind
		hint string
	)
	switch {
	case errors.As(err, &pin):
		kind = TLSPinMismatch
		hint = "the server's key is not the pinned one, which can mean a machine-in-the-middle; " +
			"if the certificate was replaced on purpose, check the new pin out of band before changing pin_sha256; " + fingerprint
	case errors.As(err, &ua):
		kind = TLSUnknownAuthority
		hint = "set ca_file to the appliance's CA or certificate, or pin its key with pin_sha256; " + fingerprint
	case errors.As(err, &hn):
		kind = TLSHostnameMismatch
		hint = "set tls_server_name to a name the certificate lists, or pin its key with pin_sha256; " + fingerprint
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		kind = TLSExpired
		hint = "check the server's certificate dates and this machine's clock"
	case errors.As(err, &cv):
		kind = TLSHandshake
		hint = "the certificate did not verify; ca_file or pin_sha256 may help; " + fingerprint
	case errors.As(err, &rh):
		kind = TLSNotTLS
		hint = "the server did not answer with TLS; check the URL's scheme and port"
	case errors.As(err, &al):
		kind = TLSHandshake
	default:
		return nil
	}
	return &TLSError{Host: host, Kind: kind, Hint: hint, Err: err}
}

// CertInfo describes a server's leaf certificate for trust on first use.
// Names come from the certificate, which the server chose: they are
// Untrusted.
type CertInfo struct {
	Subject     termsafe.Untrusted
	Issuer      termsafe.Untrusted
	NotBefore   time.Time
	NotAfter    time.Time
	DNSNames    []termsafe.Untrusted
	IPAddresses []net.IP
	// PinSHA256 is the value for pin_sha256 (sha256//<base64 SPKI hash>).
	PinSHA256 string
	// CertSHA256 is the hex SHA-256 of the whole certificate, as browsers
	// show it.
	CertSHA256 string
	// Verified reports whether the chain verifies for the host name (or
	// WithTLSServerName) against the roots the client would use: the
	// system's, plus WithCAFile. VerifyError says why not.
	Verified    bool
	VerifyError error
}

// Fingerprint performs only a TLS handshake with rawURL's host (https, port
// 443 unless given) and describes the certificate it presents (HTTP-3).
//
// The handshake does not verify the certificate: that is the point, the
// user is about to decide whether to trust it. This is safe because nothing
// is sent over the connection: no HTTP request, no API key; it is closed as
// soon as the handshake completes. Options used: WithCAFile, WithCAOnly,
// WithTLSServerName (for Verified) and WithTimeout. Proxies are not used.
func Fingerprint(ctx context.Context, rawURL string, opts ...Option) (*CertInfo, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%w: fingerprint needs an https URL such as https://sonar.example.com", ErrInvalidBaseURL)
	}
	roots, err := rootPool(&o)
	if err != nil {
		return nil, err
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	name := o.serverName
	if name == "" {
		name = u.Hostname()
	}
	ctx, cancel := context.WithTimeout(ctx, min(o.timeout, dialTimeout+tlsHandshakeTimeout))
	defer cancel()
	d := &tls.Dialer{
		NetDialer: &net.Dialer{Timeout: dialTimeout},
		// Read-only handshake: see the function comment for why skipping
		// verification here cannot leak anything.
		Config: &tls.Config{ServerName: name, MinVersion: tls.VersionTLS12, InsecureSkipVerify: true},
	}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		if te := classifyTLS(u.Host, err); te != nil {
			return nil, te
		}
		return nil, &NetworkError{Op: "TLS handshake", URL: redactURL(u), Err: err}
	}
	defer conn.Close()
	certs := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return nil, &TLSError{Host: u.Host, Kind: TLSHandshake, Err: errors.New("server presented no certificate")}
	}
	return describeCert(certs, name, roots, u.Host), nil
}

func describeCert(certs []*x509.Certificate, name string, roots *x509.CertPool, host string) *CertInfo {
	leaf := certs[0]
	sum := sha256.Sum256(leaf.Raw)
	info := &CertInfo{
		Subject:     termsafe.Wrap(leaf.Subject.String()),
		Issuer:      termsafe.Wrap(leaf.Issuer.String()),
		NotBefore:   leaf.NotBefore,
		NotAfter:    leaf.NotAfter,
		IPAddresses: leaf.IPAddresses,
		PinSHA256:   SPKIPin(leaf),
		CertSHA256:  hex.EncodeToString(sum[:]),
	}
	for _, n := range leaf.DNSNames {
		info.DNSNames = append(info.DNSNames, termsafe.Wrap(n))
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, Intermediates: inter})
	info.Verified = err == nil
	if err != nil {
		if te := classifyTLS(host, err); te != nil {
			info.VerifyError = te
		} else {
			info.VerifyError = &TLSError{Host: host, Kind: TLSHandshake, Err: err}
		}
	}
	return info
}
