package api

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testPKI is a private CA and a leaf it signed for dnsNames only (no IP
// SANs), like an appliance certificate reached by IP.
type testPKI struct {
	caPEM []byte
	leaf  tls.Certificate
}

func newPKI(t *testing.T, dnsNames ...string) *testPKI {
	t.Helper()
	caKey := mustKey(t)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sonar-tui test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafKey := mustKey(t)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: dnsNames[0]}, DNSNames: dnsNames,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	return &testPKI{
		caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		leaf:  tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: leafKey, Leaf: leaf},
	}
}

func mustKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// tlsServer serves a ticket over TLS with cert (httptest's own when nil)
// and counts requests that got past the handshake.
func tlsServer(t *testing.T, cert *tls.Certificate) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	hits := new(atomic.Int64)
	srv := httptest.NewUnstartedServer(countHits(hits, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", ticketJSON)
	})))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected
	if cert != nil {
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, hits
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func certPEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

func wantTLSError(t *testing.T, err error, kind TLSErrorKind, msgParts ...string) {
	t.Helper()
	var te *TLSError
	if !errors.As(err, &te) {
		t.Fatalf("error = %v (%T), want *TLSError", err, err)
	}
	if te.Kind != kind {
		t.Errorf("TLSError kind = %v, want %v (%v)", te.Kind, kind, err)
	}
	for _, p := range msgParts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// HTTP-1: a self-signed server without CA or pin is refused, nothing sent.
func TestTLS_SelfSignedRefused(t *testing.T) {
	srv, hits := tlsServer(t, nil)
	c := newTestClient(t, srv.URL)
	_, err := c.GetTicket(context.Background(), testGUID)
	wantTLSError(t, err, TLSUnknownAuthority, "certificate signed by unknown authority", "ca_file", "pin_sha256", "sonar-tui fingerprint URL")
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// HTTP-2: the server's certificate as ca_file works, with or without
// ca_only; ca_only with another CA does not.
func TestTLS_CAFile(t *testing.T) {
	srv, hits := tlsServer(t, nil)
	ca := writeFile(t, certPEM(srv.Certificate()))
	for _, opts := range [][]Option{{WithCAFile(ca)}, {WithCAFile(ca), WithCAOnly()}} {
		c := newTestClient(t, srv.URL, opts...)
		if _, err := c.GetTicket(context.Background(), testGUID); err != nil {
			t.Errorf("GetTicket with ca_file: %v", err)
		}
	}
	other := writeFile(t, newPKI(t, "sonar.test").caPEM)
	c := newTestClient(t, srv.URL, WithCAFile(other), WithCAOnly())
	_, err := c.GetTicket(context.Background(), testGUID)
	wantTLSError(t, err, TLSUnknownAuthority)
	if n := hits.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestTLS_CAFileErrors(t *testing.T) {
	for name, path := range map[string]string{
		"garbage": writeFile(t, []byte("garbage")),
		"missing": filepath.Join(t.TempDir(), "nope.pem"),
		"empty":   writeFile(t, nil),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New("https://sonar.example.com", WithCAFile(path))
			if !errors.Is(err, ErrNoCertificates) || !strings.Contains(err.Error(), "no certificates found in ca_file") {
				t.Errorf("New error = %v, want ErrNoCertificates", err)
			}
		})
	}
}

// HTTP-2 tls_server_name: a certificate for sonar.test reached by IP.
func TestTLS_ServerName(t *testing.T) {
	pki := newPKI(t, "sonar.test")
	srv, hits := tlsServer(t, &pki.leaf)
	ca := writeFile(t, pki.caPEM)

	_, err := newTestClient(t, srv.URL, WithCAFile(ca)).GetTicket(context.Background(), testGUID)
	wantTLSError(t, err, TLSHostnameMismatch, "tls_server_name")
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
	c := newTestClient(t, srv.URL, WithCAFile(ca), WithTLSServerName("sonar.test"))
	if _, err := c.GetTicket(context.Background(), testGUID); err != nil {
		t.Errorf("with tls_server_name: %v", err)
	}
}

// HTTP-3: the pin alone authorises a self-signed server; one byte off
// fails closed and names both fingerprints.
func TestTLS_Pin(t *testing.T) {
	srv, hits := tlsServer(t, nil)
	pin := SPKIPin(srv.Certificate())
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(pin, "sha256//"))
	raw[0] ^= 1
	badPin := "sha256//" + base64.StdEncoding.EncodeToString(raw)

	if _, err := newTestClient(t, srv.URL, WithPinSHA256(pin)).GetTicket(context.Background(), testGUID); err != nil {
		t.Fatalf("correct pin: %v", err)
	}
	if _, err := newTestClient(t, srv.URL, WithPinSHA256(badPin), WithPinSHA256(pin)).GetTicket(context.Background(), testGUID); err != nil {
		t.Fatalf("rotation, second pin matches: %v", err)
	}
	_, err := newTestClient(t, srv.URL, WithPinSHA256(badPin)).GetTicket(context.Background(), testGUID)
	wantTLSError(t, err, TLSPinMismatch, badPin, pin)
	var pe *PinMismatchError
	if !errors.Is(err, ErrPinMismatch) || !errors.As(err, &pe) || pe.Presented != pin {
		t.Errorf("error = %v, want *PinMismatchError presenting %s", err, pin)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2 (none for the bad pin)", n)
	}

	// A pinned key is enough even when the name does not match.
	pki := newPKI(t, "sonar.test")
	srv2, _ := tlsServer(t, &pki.leaf)
	if _, err := newTestClient(t, srv2.URL, WithPinSHA256(SPKIPin(pki.leaf.Leaf))).GetTicket(context.Background(), testGUID); err != nil {
		t.Errorf("pinned sonar.test certificate via 127.0.0.1: %v", err)
	}
}

func TestTLS_MinVersion(t *testing.T) {
	srv, hits := tlsServer(t, nil)
	srv.TLS.MinVersion, srv.TLS.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
	_, err := newTestClient(t, srv.URL, WithPinSHA256(SPKIPin(srv.Certificate()))).GetTicket(context.Background(), testGUID)
	if err == nil || hits.Load() != 0 {
		t.Errorf("TLS 1.1 server: error = %v, hits = %d; want an error and no request", err, hits.Load())
	}
	cfg, err := newTLSConfig(&options{})
	if err != nil || cfg.MinVersion < tls.VersionTLS12 || cfg.InsecureSkipVerify {
		t.Errorf("default TLS config = %+v, %v", cfg, err)
	}
}

// HTTP-3 fingerprint: handshake only, the pin matches the server's
// certificate, and no request reaches the handler.
func TestFingerprint(t *testing.T) {
	srv, hits := tlsServer(t, nil)
	info, err := Fingerprint(context.Background(), srv.URL)
	if err != nil {
		t.Fatalf("Fingerprint: %v", err)
	}
	if want := SPKIPin(srv.Certificate()); info.PinSHA256 != want {
		t.Errorf("PinSHA256 = %s, want %s", info.PinSHA256, want)
	}
	if info.Verified {
		t.Error("self-signed certificate reported as verified")
	}
	wantTLSError(t, info.VerifyError, TLSUnknownAuthority)
	if !info.NotAfter.Equal(srv.Certificate().NotAfter) || len(info.DNSNames) == 0 || !info.DNSNames[0].Is("example.com") {
		t.Errorf("CertInfo = %+v", info)
	}

	ca := writeFile(t, certPEM(srv.Certificate()))
	info, err = Fingerprint(context.Background(), srv.URL, WithCAFile(ca))
	if err != nil || !info.Verified {
		t.Errorf("with ca_file: verified = %v, %v", info != nil && info.Verified, err)
	}

	pki := newPKI(t, "sonar.test")
	srv2, hits2 := tlsServer(t, &pki.leaf)
	info, err = Fingerprint(context.Background(), srv2.URL, WithCAFile(writeFile(t, pki.caPEM)), WithTLSServerName("sonar.test"))
	if err != nil || !info.Verified || info.PinSHA256 != SPKIPin(pki.leaf.Leaf) || !info.Subject.Is("CN=sonar.test") {
		t.Errorf("sonar.test: %+v, %v", info, err)
	}
	if hits.Load()+hits2.Load() != 0 {
		t.Errorf("Fingerprint sent %d requests, want 0", hits.Load()+hits2.Load())
	}

	if _, err := Fingerprint(context.Background(), "http://127.0.0.1:1"); !errors.Is(err, ErrInvalidBaseURL) {
		t.Errorf("http URL: error = %v, want ErrInvalidBaseURL", err)
	}
}
