#!/usr/bin/env python3
"""Generate determina.pdf from determina.txt (same directory).

Pure Python 3 standard library, no third-party packages. Writes a one-page,
uncompressed PDF 1.7 with a classic cross-reference table. Text uses the
standard 14 fonts Helvetica / Helvetica-Bold with /WinAnsiEncoding, so the
content is encoded as cp1252 and accented letters (è, à, ù, ò, €) render.

The output is deterministic: the /CreationDate is fixed and the file /ID is
derived from the content, so re-running the script yields identical bytes.

Usage: python3 make_determina_pdf.py [input.txt] [output.pdf]
"""

import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "determina.txt")
DST = os.path.join(HERE, "determina.pdf")

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN_X, TOP_Y = 56, 786
FONT_SIZE, LEADING = 10, 14
MAX_CHARS = 95  # rough wrap limit for 10 pt Helvetica within the margins
FIXED_DATE = "D:20250314090000+01'00'"
TITLE = "Comune di Valdoria - Determinazione dirigenziale n. 142/2025 (fittizia)"


def pdf_string(text):
    """Encode text as a PDF literal string in cp1252 (WinAnsiEncoding).

    Parentheses and backslashes are escaped; bytes outside printable ASCII
    are written as octal escapes so the content stream stays 7-bit.
    """
    out = bytearray(b"(")
    for b in text.encode("cp1252"):
        if b in (0x28, 0x29, 0x5C):  # ( ) \
            out += b"\\" + bytes([b])
        elif 0x20 <= b <= 0x7E:
            out.append(b)
        else:
            out += b"\\%03o" % b
    out += b")"
    return bytes(out)


def wrap(line):
    """Wrap overly long lines at word boundaries (source is pre-wrapped)."""
    if len(line) <= MAX_CHARS:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    parts, cur = [], ""
    for word in line.split():
        candidate = (cur + " " + word) if cur else indent + word
        if cur and len(candidate) > MAX_CHARS:
            parts.append(cur)
            cur = indent + word
        else:
            cur = candidate
    if cur:
        parts.append(cur)
    return parts


def is_heading(line):
    s = line.strip()
    return bool(s) and any(c.isalpha() for c in s) and s == s.upper()


def content_stream(lines):
    ops = [b"BT", b"%d TL" % LEADING, b"%d %d Td" % (MARGIN_X, TOP_Y)]
    current = None
    for line in lines:
        font = b"/F2" if is_heading(line) else b"/F1"
        if line.strip():
            if font != current:
                ops.append(b"%s %d Tf" % (font, FONT_SIZE))
                current = font
            ops.append(pdf_string(line.rstrip()) + b" Tj")
        ops.append(b"T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def build(text):
    lines = []
    for raw in text.replace("\r\n", "\n").rstrip("\n").split("\n"):
        lines.extend(wrap(raw.rstrip()))
    if (len(lines) + 1) * LEADING > TOP_Y - 40:
        raise SystemExit("text does not fit on one page")

    stream = content_stream(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>"
        b" /Contents 4 0 R >>" % (PAGE_W, PAGE_H),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
        b" /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + pdf_string(TITLE)
        + b" /Producer (Sigla demo generator make_determina_pdf.py)"
        + b" /CreationDate (" + FIXED_DATE.encode("ascii") + b")"
        + b" /ModDate (" + FIXED_DATE.encode("ascii") + b") >>",
    ]

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"

    xref_pos = len(out)
    size = len(objects) + 1
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"  # each entry is exactly 20 bytes
    for off in offsets:
        out += b"%010d 00000 n \n" % off

    file_id = hashlib.md5(bytes(out)).hexdigest().encode("ascii")
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R /ID [<%s> <%s>] >>\n"
        % (size, file_id, file_id)
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_pos
    return bytes(out)


def main(argv):
    src = argv[1] if len(argv) > 1 else SRC
    dst = argv[2] if len(argv) > 2 else DST
    with open(src, "r", encoding="utf-8") as f:
        text = f.read()
    data = build(text)
    with open(dst, "wb") as f:
        f.write(data)
    print("wrote %s (%d bytes)" % (dst, len(data)))


if __name__ == "__main__":
    main(sys.argv)
