"""Extracts plain English text from the World English Bible SWORD module (Debian package sword-text-web).

The module is a SWORD zText module: per testament, `*.bzs` lists zlib-compressed blocks (one per book),
`*.bzz` holds them, and `*.bzv` indexes each verse as (block, offset, size) inside its decompressed
block. The text is OSIS XML; we keep the words and drop footnotes, headings and markup. Curly quotes and
dashes become ASCII so that text typed on a keyboard tokenizes like the training text.

Usage: extract_corpus.py MODULE_DIR OUT.txt   (one book per paragraph-separated section, books split by a
blank line followed by a line holding only "<|book|>").
"""

import re
import struct
import sys
import zlib
from pathlib import Path

BOOK_BREAK = "<|book|>"
ASCII = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": " - ", "\u2013": "-", "\u00a0": " "}
# Tags that end a paragraph or a line of poetry: they become line breaks.
LINE_TAGS = re.compile(r"<(?:div|l|lb|lg|chapter|item|list|p)\b[^>]*>|</(?:l|lg|item|list|p)>")


def blocks(folder: Path, testament: str) -> list[bytes]:
    index = (folder / f"{testament}.bzs").read_bytes()
    data = (folder / f"{testament}.bzz").read_bytes()
    out = []
    for i in range(len(index) // 12):
        offset, size, _ = struct.unpack("<III", index[i * 12 : i * 12 + 12])
        out.append(zlib.decompress(data[offset : offset + size]) if size else b"")
    return out


def verses(folder: Path, testament: str):
    """Yields (block number, verse markup) in canonical order."""
    book_blocks = blocks(folder, testament)
    index = (folder / f"{testament}.bzv").read_bytes()
    for i in range(len(index) // 10):
        block, offset, size = struct.unpack("<IIH", index[i * 10 : i * 10 + 10])
        if size:
            yield block, book_blocks[block][offset : offset + size].decode("utf-8")


def clean(markup: str) -> str:
    text = re.sub(r"<note\b.*?</note>", "", markup, flags=re.S)
    text = re.sub(r"<title\b.*?</title>", "\n", text, flags=re.S)
    text = LINE_TAGS.sub("\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    for fancy, plain in ASCII.items():
        text = text.replace(fancy, plain)
    return text


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    books: list[str] = []
    for testament in ("ot", "nt"):
        current_block, parts = None, []
        for block, markup in verses(folder, testament):
            if block != current_block and parts:
                books.append(" ".join(parts))
                parts = []
            current_block = block
            parts.append(clean(markup))
        if parts:
            books.append(" ".join(parts))
    cleaned = []
    for book in books:
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in book.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            cleaned.append("\n".join(lines))
    out.write_text(f"\n\n{BOOK_BREAK}\n".join(cleaned) + "\n", encoding="utf-8")
    print(f"{len(cleaned)} books, {sum(len(b) for b in cleaned):,} characters -> {out}")


if __name__ == "__main__":
    main()
