package sonartest

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"
)

// Huge and GzipBomb bodies: a valid Get Ticket response,
//
//	{"ticket":{"guid":"…","title":"Huge ticket","format":"PLAIN","content":"AAAA…"}}
//
// padded with 'A's to an exact size. They are produced while being sent, so a
// 1 GiB body costs the server only what the client actually reads.

const fillByte = 'A'

func hugeParts(guid string, size int64) (prefix, suffix string, fill int64) {
	prefix = "{\"ticket\":{\"guid\":" + jsonString(guid) +
		",\"title\":\"Huge ticket\",\"format\":\"PLAIN\",\"content\":\""
	suffix = "\"}}"
	return prefix, suffix, max(size-int64(len(prefix)+len(suffix)), 0)
}

// hugeBody is the size-byte ticket (or the smallest one, if size is smaller
// than the JSON around the padding), optionally as a gzip bomb.
func hugeBody(guid string, size int64, gzipped bool) payload {
	prefix, suffix, fill := hugeParts(guid, size)
	if gzipped {
		return gzipBomb(prefix, suffix, fill)
	}
	return payload{int64(len(prefix)+len(suffix)) + fill, func(w io.Writer) error {
		if _, err := io.WriteString(w, prefix); err != nil {
			return err
		}
		if err := writeFill(fill, func(b []byte) error {
			_, err := w.Write(b)
			return err
		}); err != nil {
			return err
		}
		_, err := io.WriteString(w, suffix)
		return err
	}}
}

// fillChunk is 1 MiB of fillByte, the unit in which padding is written.
var fillChunk = sync.OnceValue(func() []byte { return bytes.Repeat([]byte{fillByte}, 1<<20) })

// writeFill calls emit with n bytes of fillByte, at most 1 MiB at a time.
func writeFill(n int64, emit func([]byte) error) error {
	chunk := fillChunk()
	for n > 0 {
		c := chunk[:min(n, int64(len(chunk)))]
		if err := emit(c); err != nil {
			return err
		}
		n -= int64(len(c))
	}
	return nil
}

// fillBlocks[k] is a self-contained run of deflate blocks (no final bit,
// byte-aligned by a sync flush) that inflates to 2^k fill bytes, k = 0..20.
// "Self-contained" means a fresh compressor made them, so they refer to no
// earlier data and can be concatenated in any order and number: that is what
// lets a 1 GiB bomb be sent without compressing 1 GiB.
var fillBlocks = sync.OnceValue(func() (blocks [21][]byte) {
	for k := range blocks {
		blocks[k] = deflate(fillChunk()[:1<<k], false)
	}
	return blocks
})

// deflate compresses data with a fresh compressor, either ending the stream
// (final) or with a sync flush so more blocks may follow.
func deflate(data []byte, final bool) []byte {
	var b bytes.Buffer
	zw, _ := flate.NewWriter(&b, flate.BestCompression) // the level is valid
	_, _ = zw.Write(data)                               // bytes.Buffer cannot fail
	if final {
		_ = zw.Close()
	} else {
		_ = zw.Flush()
	}
	return b.Bytes()
}

// fillPlan lists the fillBlocks indexes that add up to n bytes: whole MiBs
// first, then the binary digits of the rest.
func fillPlan(n int64, visit func(k int) error) error {
	for ; n >= 1<<20; n -= 1 << 20 {
		if err := visit(20); err != nil {
			return err
		}
	}
	for k := 19; k >= 0; k-- {
		if n&(1<<k) != 0 {
			if err := visit(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// gzipBomb is one gzip member (RFC 1952) whose deflate stream is the
// compressed prefix, the cached fill blocks and the compressed suffix; its
// CRC-32 and length trailer are computed while sending.
func gzipBomb(prefix, suffix string, fill int64) payload {
	header := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff} // deflate, no name, unknown OS
	head := deflate([]byte(prefix), false)
	tail := deflate([]byte(suffix), true)
	blocks := fillBlocks()
	size := int64(len(header)+len(head)+len(tail)) + 8
	_ = fillPlan(fill, func(k int) error { size += int64(len(blocks[k])); return nil })

	return payload{size, func(w io.Writer) error {
		crc := crc32.ChecksumIEEE([]byte(prefix))
		for _, b := range [][]byte{header, head} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		err := fillPlan(fill, func(k int) error {
			crc = crc32.Update(crc, crc32.IEEETable, fillChunk()[:1<<k])
			_, err := w.Write(blocks[k])
			return err
		})
		if err != nil {
			return err
		}
		crc = crc32.Update(crc, crc32.IEEETable, []byte(suffix))
		trailer := binary.LittleEndian.AppendUint32(nil, crc)
		trailer = binary.LittleEndian.AppendUint32(trailer, uint32(int64(len(prefix)+len(suffix))+fill))
		for _, b := range [][]byte{tail, trailer} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	}}
}
