#!/usr/bin/env python3
"""Generates the compact data tables of src/pdf/cmap and src/pdf/encoding.

Rerun from the repository root (outputs are committed; nothing runs at build time):

    pip install fonttools reportlab
    python3 src/pdf/data/generate.py ../shared/cmap-resources/Adobe-Japan1-7

Outputs (all in src/pdf/data/):
  cmaps.bin.z           every predefined Adobe-Japan1 CMap of <resources>/CMap, zlib-compressed
  japan1_unicode.bin.z  Adobe-Japan1 CID -> Unicode, from <resources>/cid2code.txt (the
                        UniJIS-UTF32 column, then the other Unicode columns for CIDs it lacks)
  encoding_tables.rs    base encodings, the Adobe Glyph List, standard-14 widths

Sources and licences:
  - Adobe cmap-resources (CMaps, cid2code.txt): Copyright 1990-2023 Adobe, BSD-3-Clause.
  - Adobe Glyph List: via fontTools.agl (Copyright Adobe, BSD-3-Clause; fontTools MIT).
  - Base encodings and standard-14 AFM widths: via reportlab.pdfbase._fontdata
    (ReportLab, BSD-3-Clause; the metrics are Adobe's Core14 AFM data).

Binary layout: every integer is an unsigned LEB128 varint ("uv"); "sv" is a zigzag-encoded
signed varint; strings are uv length + UTF-8 bytes.

cmaps.bin (after zlib inflation):
  b"KXCM1", uv count, then per CMap:
    str name, str parent ("" = none; the parent always precedes the child), u8 wmode,
    uv n, n x (u8 len, uv lo, uv hi)                     code-space ranges
    uv n, n x (uv gap, uv count-1, sv cid delta)         cidrange runs
    uv n, n x (uv gap, uv count-1, sv cid delta)         notdefrange runs
  Runs are sorted and disjoint; gap = lo - (previous hi + 1) (lo for the first run);
  cid delta = cid - (previous run's last cid + 1) (cid for the first run).

japan1_unicode.bin (after zlib inflation):
  b"KXJU1", uv n, n x (uv gap, uv count-1, sv code-point delta): runs of consecutive CIDs
  mapping to consecutive code points, encoded like the cid runs above.
"""

import os
import re
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def uv(value):
    assert value >= 0, value
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sv(value):
    return uv(value * 2 if value >= 0 else -value * 2 - 1)


def text(value):
    raw = value.encode("utf-8")
    return uv(len(raw)) + raw


def hexcode(token):
    return int(token, 16), len(token) // 2


# ---------------------------------------------------------------- predefined CMaps

SECTION = re.compile(r"begin(codespacerange|cidrange|cidchar|notdefrange)(.*?)end\1", re.S)


def parse_cmap(path):
    data = open(path, encoding="latin-1").read()
    data = re.sub(r"%[^\n]*", "", data)
    name = re.search(r"/CMapName\s+/(\S+)\s+def", data).group(1)
    parent = re.search(r"/(\S+)\s+usecmap", data)
    wmode = re.search(r"/WMode\s+(\d)\s+def", data)
    codespace, cids, notdefs = [], [], []
    for kind, body in SECTION.findall(data):
        if kind == "codespacerange":
            for lo, hi in re.findall(r"<(\w+)>\s*<(\w+)>", body):
                codespace.append((len(lo) // 2, int(lo, 16), int(hi, 16)))
        elif kind == "cidchar":
            for code, cid in re.findall(r"<(\w+)>\s+(\d+)", body):
                cids.append((int(code, 16), int(code, 16), int(cid)))
        else:
            target = cids if kind == "cidrange" else notdefs
            for lo, hi, cid in re.findall(r"<(\w+)>\s*<(\w+)>\s+(\d+)", body):
                target.append((int(lo, 16), int(hi, 16), int(cid)))
    return {
        "name": name,
        "parent": parent.group(1) if parent else "",
        "wmode": int(wmode.group(1)) if wmode else 0,
        "codespace": codespace,
        "cids": merge_runs(cids, name),
        "notdefs": merge_runs(notdefs, name),
    }


def merge_runs(runs, name):
    """Sorts runs, checks they are disjoint and joins runs that continue each other."""
    merged = []
    for lo, hi, cid in sorted(runs):
        if merged:
            plo, phi, pcid = merged[-1]
            assert lo > phi, f"{name}: overlapping ranges at {lo:x}"
            if lo == phi + 1 and cid == pcid + (phi - plo) + 1:
                merged[-1] = (plo, hi, pcid)
                continue
        merged.append((lo, hi, cid))
    return merged


def encode_runs(runs):
    out = bytearray(uv(len(runs)))
    next_code, next_value = 0, 0
    for lo, hi, value in runs:
        out += uv(lo - next_code) + uv(hi - lo) + sv(value - next_value)
        next_code, next_value = hi + 1, value + (hi - lo) + 1
    return bytes(out)


def encode_cmap(cmap):
    out = bytearray(text(cmap["name"]) + text(cmap["parent"]) + bytes([cmap["wmode"]]))
    out += uv(len(cmap["codespace"]))
    for length, lo, hi in cmap["codespace"]:
        out += bytes([length]) + uv(lo) + uv(hi)
    return bytes(out) + encode_runs(cmap["cids"]) + encode_runs(cmap["notdefs"])


def parents_first(cmaps):
    by_name = {c["name"]: c for c in cmaps}
    ordered, seen = [], set()

    def visit(cmap, depth=0):
        assert depth < 8, f"usecmap cycle at {cmap['name']}"
        if cmap["name"] in seen:
            return
        if cmap["parent"]:
            visit(by_name[cmap["parent"]], depth + 1)
        seen.add(cmap["name"])
        ordered.append(cmap)

    for cmap in sorted(cmaps, key=lambda c: c["name"]):
        visit(cmap)
    return ordered


def generate_cmaps(resources):
    folder = os.path.join(resources, "CMap")
    cmaps = [parse_cmap(os.path.join(folder, f)) for f in sorted(os.listdir(folder))]
    blob = bytearray(b"KXCM1" + uv(len(cmaps)))
    for cmap in parents_first(cmaps):
        blob += encode_cmap(cmap)
    return zlib.compress(bytes(blob), 9), len(cmaps)


# ---------------------------------------------------------------- CID -> Unicode

def is_vertical_form(cp):
    return 0xFE10 <= cp <= 0xFE1F or 0xFE30 <= cp <= 0xFE4F


def penalty(cp):
    """Lower is better: plain characters before radicals, spacing and format variants."""
    if 0x2E80 <= cp <= 0x2FDF:  # CJK radicals and Kangxi radicals: the ideograph wins
        return 3
    if cp in (0x00A0, 0x2003, 0x2011, 0x2329, 0x232A) or 0x02B0 <= cp <= 0x036F:
        return 2  # no-break/em space, no-break hyphen, deprecated brackets, modifiers
    return 0


def choose_unicode(cell):
    """The Unicode of one CID from its UniJIS-UTF32 cell (`*` or `hex[v],hex[v]...`)."""
    if cell == "*":
        return None
    values = cell.split(",")
    plain = [int(v, 16) for v in values if not v.endswith("v")]
    vertical = [int(v[:-1], 16) for v in values if v.endswith("v")]
    # A vertical-form glyph (only presentation forms besides its `v` value) reads as the
    # normal character it stands for.
    if vertical and all(is_vertical_form(cp) for cp in plain):
        return vertical[0]
    candidates = plain or vertical
    return min(candidates, key=lambda cp: (penalty(cp), candidates.index(cp)))


# Unicode-valued columns of cid2code.txt, best first: a CID missing from UniJIS-UTF32
# (half-width and JIS2004 variants) takes its value from the next column that has one.
UNICODE_COLUMNS = [
    "UniJIS-UTF32",
    "UniJIS2004-UTF32",
    "UniJISX02132004-UTF32",
    "UniJISX0213-UTF32",
    "UniJIS-UCS2-HW",
]


def generate_japan1(resources):
    path = os.path.join(resources, "cid2code.txt")
    columns = []
    mapping = []
    for line in open(path, encoding="latin-1"):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.rstrip("\n").split("\t")
        if fields[0] == "CID":
            columns = [fields.index(name) for name in UNICODE_COLUMNS]
            continue
        cp = next(
            (cp for cp in (choose_unicode(fields[c]) for c in columns) if cp is not None), None
        )
        if cp is not None:
            mapping.append((int(fields[0]), cp))
    runs = []
    for cid, cp in mapping:
        if runs and cid == runs[-1][1] + 1 and cp == runs[-1][2] + (cid - runs[-1][0]):
            runs[-1][1] = cid
        else:
            runs.append([cid, cid, cp])
    blob = b"KXJU1" + encode_runs([tuple(r) for r in runs])
    return zlib.compress(blob, 9), len(mapping)


# ---------------------------------------------------------------- simple-font tables

def rust_str(value):
    assert all(32 <= ord(c) < 127 for c in value), value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rust_unicode(value):
    return '"' + "".join(f"\\u{{{ord(c):04X}}}" for c in value) + '"'


def generate_encoding_tables():
    from fontTools import agl
    from reportlab.pdfbase import _fontdata

    out = [
        "// @generated by src/pdf/data/generate.py: do not edit by hand.",
        "// Base encodings and standard-14 widths: reportlab.pdfbase._fontdata (ReportLab,",
        "// BSD-3-Clause; metrics from Adobe's Core14 AFM files).",
        "// Adobe Glyph List: fontTools.agl (Adobe, BSD-3-Clause).",
        "",
    ]
    encodings = {
        "STANDARD": "StandardEncoding",
        "WIN_ANSI": "WinAnsiEncoding",
        "MAC_ROMAN": "MacRomanEncoding",
        "PDF_DOC": "PDFDocEncoding",
        "SYMBOL": "SymbolEncoding",
        "ZAPF_DINGBATS": "ZapfDingbatsEncoding",
    }
    for const, name in encodings.items():
        table = _fontdata.encodings[name]
        assert len(table) == 256, name
        cells = ", ".join(rust_str(g or "") for g in table)
        out.append(f"/// {name}: the glyph name of each code (\"\" = unassigned).")
        out.append(f"pub(crate) static {const}: [&str; 256] = [{cells}];")
        out.append("")

    agl_pairs = {}
    for glyph, uvs in agl.LEGACY_AGL2UV.items():
        agl_pairs[glyph] = "".join(chr(u) for u in (uvs if isinstance(uvs, (list, tuple)) else [uvs])[:1])
    for glyph, uvalue in agl.AGL2UV.items():
        agl_pairs.setdefault(glyph, chr(uvalue))
    entries = sorted(agl_pairs.items())
    out.append("/// The Adobe Glyph List: glyph name → Unicode, sorted by name.")
    out.append("pub(crate) static GLYPH_LIST: &[(&str, &str)] = &[")
    out += [f"    ({rust_str(g)}, {rust_unicode(u)})," for g, u in entries]
    out.append("];")
    out.append("")

    fonts = sorted(_fontdata.widthsByFontGlyph)
    out.append("/// Standard-14 widths (1/1000 em): font name → (glyph name → width), sorted.")
    out.append("pub(crate) static STANDARD14_WIDTHS: &[(&str, &[(&str, u16)])] = &[")
    for font in fonts:
        widths = sorted(_fontdata.widthsByFontGlyph[font].items())
        cells = ", ".join(f"({rust_str(g)}, {int(w)})" for g, w in widths)
        out.append(f"    ({rust_str(font)}, &[{cells}]),")
    out.append("];")
    return "\n".join(out) + "\n", len(entries), len(fonts)


def main():
    resources = sys.argv[1] if len(sys.argv) > 1 else "../shared/cmap-resources/Adobe-Japan1-7"
    cmaps, count = generate_cmaps(resources)
    open(os.path.join(HERE, "cmaps.bin.z"), "wb").write(cmaps)
    japan1, cids = generate_japan1(resources)
    open(os.path.join(HERE, "japan1_unicode.bin.z"), "wb").write(japan1)
    tables, glyphs, fonts = generate_encoding_tables()
    open(os.path.join(HERE, "encoding_tables.rs"), "w").write(tables)
    print(f"{count} CMaps: {len(cmaps)} bytes; {cids} CIDs: {len(japan1)} bytes; "
          f"{glyphs} glyph names, {fonts} fonts: {len(tables)} bytes of Rust")


if __name__ == "__main__":
    main()
