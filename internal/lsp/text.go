package lsp

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// encoding is the unit in which an LSP position counts characters. UTF-16
// is the protocol's default and the only one every client supports; a
// server may agree on UTF-8 or UTF-32 during initialize.
type encoding int

const (
	utf16Units encoding = iota
	utf8Units
	utf32
)

func encodingOf(name string) encoding {
	switch name {
	case "utf-8":
		return utf8Units
	case "utf-32":
		return utf32
	}
	return utf16Units
}

// units counts the characters of b in enc.
func units(b []byte, enc encoding) int {
	if enc == utf8Units {
		return len(b)
	}
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		n++
		if enc == utf16Units && r >= 0x10000 {
			n++ // a surrogate pair
		}
	}
	return n
}

// lineBounds returns the byte offsets of the start and end (before "\n" or
// "\r\n") of the 0-based line, or ok=false when text has fewer lines.
func lineBounds(text []byte, line int) (start, end int, ok bool) {
	for i := 0; i < line; i++ {
		j := bytes.IndexByte(text[start:], '\n')
		if j < 0 {
			return 0, 0, false
		}
		start += j + 1
	}
	end = len(text)
	if j := bytes.IndexByte(text[start:], '\n'); j >= 0 {
		end = start + j
	}
	if end > start && text[end-1] == '\r' {
		end--
	}
	return start, end, true
}

// offsetOf converts an LSP position to a byte offset in text. A character
// past the end of its line means the end of the line, as the protocol says;
// a line past the end of text is an error.
func offsetOf(text []byte, p Position, enc encoding) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("negative position %d:%d", p.Line, p.Character)
	}
	start, end, ok := lineBounds(text, p.Line)
	if !ok {
		return 0, fmt.Errorf("line %d is past the end of the document", p.Line)
	}
	i, n := start, 0
	for i < end && n < p.Character {
		r, size := utf8.DecodeRune(text[i:end])
		switch {
		case enc == utf8Units:
			n += size
		case enc == utf16Units && r >= 0x10000:
			n += 2
		default:
			n++
		}
		i += size
	}
	return i, nil
}

// positionOf converts a byte offset in text to an LSP position.
func positionOf(text []byte, off int, enc encoding) Position {
	off = max(0, min(off, len(text)))
	line := bytes.Count(text[:off], []byte("\n"))
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	return Position{Line: line, Character: units(text[start:off], enc)}
}

// positionAt converts go/token's 1-based line and byte column to an LSP
// position; column 0 (unknown) means the start of the line.
func positionAt(text []byte, line, column int, enc encoding) Position {
	if line < 1 {
		return Position{}
	}
	start, end, ok := lineBounds(text, line-1)
	if !ok {
		return Position{Line: line - 1}
	}
	off := min(start+max(column-1, 0), end)
	return Position{Line: line - 1, Character: units(text[start:off], enc)}
}

// applyChange applies one didChange content change to text; a change
// without a range replaces the whole document.
func applyChange(text []byte, c contentChange, enc encoding) ([]byte, error) {
	if c.Range == nil {
		return []byte(c.Text), nil
	}
	start, err := offsetOf(text, c.Range.Start, enc)
	if err != nil {
		return nil, err
	}
	end, err := offsetOf(text, c.Range.End, enc)
	if err != nil {
		return nil, err
	}
	if end < start {
		return nil, fmt.Errorf("change range ends before it starts")
	}
	out := make([]byte, 0, len(text)-(end-start)+len(c.Text))
	out = append(out, text[:start]...)
	out = append(out, c.Text...)
	return append(out, text[end:]...), nil
}
