"""Just enough PDF reading for tests of WeasyPrint output (pypdf is not a dependency).

WeasyPrint writes text as glyph ids with a ToUnicode map per font, inside compressed
streams and object streams. `pdf_text` decodes them; `pdf_fonts` and `pdf_image_count`
read the font names and image XObjects.
"""
from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+)\s+0\s+obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*)\r?\nendstream", re.S)


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Every object body, including those packed in object streams (stream data inflated)."""
    objects: dict[int, bytes] = {}
    for num, body in _OBJ.findall(pdf):
        match = _STREAM.search(body)
        if match:
            head = body[: match.start()]
            data = _inflate(match.group(1))
            objects[int(num)] = head + b"\nstream\n" + data
            if b"/ObjStm" in head:
                first = int(re.search(rb"/First\s+(\d+)", head).group(1))
                pairs = [int(x) for x in data[:first].split()]
                entries = list(zip(pairs[0::2], pairs[1::2], strict=True))
                for i, (sub, offset) in enumerate(entries):
                    end = entries[i + 1][1] if i + 1 < len(entries) else len(data) - first
                    objects[sub] = data[first + offset: first + end]
        else:
            objects[int(num)] = body
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be") if dst else ""
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _stream_data(body: bytes) -> bytes:
    return body.split(b"\nstream\n", 1)[1] if b"\nstream\n" in body else b""


def pdf_text(pdf: bytes) -> str:
    """The text of every page (fonts resolved by name through the pages' resources)."""
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    blocks = []
    for body in objects.values():
        blocks += re.findall(rb"/Font\s*<<(.*?)>>", body, re.S)
        blocks += [objects.get(int(ref), b"") for ref in re.findall(rb"/Font\s+(\d+)\s+0\s+R", body)]
    for block in blocks:
        for name, ref in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R", block):
            font = objects.get(int(ref), b"")
            to_unicode = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", font)
            if to_unicode:
                fonts[name] = _cmap(_stream_data(objects.get(int(to_unicode.group(1)), b"")))
    out = []
    for body in objects.values():
        data = _stream_data(body)
        if b" Tf" not in data:
            continue
        current: dict[int, str] = {}
        for font, strings in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|(\[.*?\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)", data, re.S):
            if font:
                current = fonts.get(font, {})
                continue
            for hexa in re.findall(rb"<([0-9a-fA-F]*)>", strings):
                text = hexa.decode()
                out.append("".join(current.get(int(text[i:i + 4], 16), "") for i in range(0, len(text), 4)))
            out.append(" ")
    return " ".join("".join(out).split())


def pdf_fonts(pdf: bytes) -> set[str]:
    """Embedded font names without their subset prefix, e.g. {"NotoSans-Regular", "NotoSansDevanagari-Regular"}."""
    names = set()
    for body in _objects(pdf).values():
        for name in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", body):
            names.add(name.decode().split("+", 1)[-1])
    return names


def pdf_image_count(pdf: bytes) -> int:
    return sum(1 for body in _objects(pdf).values() if re.search(rb"/Subtype\s*/Image", body))
