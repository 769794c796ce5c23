package lsp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// maxMessage bounds the size of one message, so that a corrupt header cannot
// make the reader allocate without limit. gopls's largest replies (semantic
// tokens, workspace symbols of huge repositories) stay well below it.
const maxMessage = 256 << 20

// A Reader reads JSON-RPC messages framed by LSP's base protocol: header
// lines ending in "\r\n", a blank line, then Content-Length bytes of JSON.
type Reader struct {
	r *bufio.Reader
}

func NewReader(r io.Reader) *Reader { return &Reader{bufio.NewReaderSize(r, 64<<10)} }

// Read returns the body of the next message, unchanged. It returns io.EOF
// when the stream ends between messages and io.ErrUnexpectedEOF when it ends
// inside one.
func (r *Reader) Read() ([]byte, error) {
	length := -1
	first := true
	for {
		line, err := r.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && first && line == "" {
				return nil, io.EOF
			}
			if err == io.EOF {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		first = false
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("malformed LSP header line %q", line)
		}
		// Other headers (Content-Type) carry nothing we need.
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxMessage {
				return nil, fmt.Errorf("bad Content-Length %q", strings.TrimSpace(value))
			}
			length = n
		}
	}
	if length < 0 {
		return nil, errors.New("LSP message without a Content-Length header")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return body, nil
}

// A Writer writes framed messages; it is safe for concurrent use, so that
// several goroutines (a forwarding pump and the analysis) can share a peer.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes body as one message, header and body in a single write.
func (w *Writer) Write(body []byte) error {
	var buf bytes.Buffer
	buf.Grow(len(body) + 32)
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err := w.w.Write(buf.Bytes())
	return err
}
