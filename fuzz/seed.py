#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets from the repository's fixtures.

  fuzz/corpus/pipeline   small PDFs of fixtures/corpus (whole files)
  fuzz/corpus/cmap       CMap and ToUnicode streams found inside every fixture PDF
                         (plus ../shared/cmap-resources when present)
  fuzz/corpus/normalize  lines of text: names and summaries from the .expected.json
                         files, lines of the pdftotext references, notations of the spec

Run from anywhere: python3 fuzz/seed.py
"""
import hashlib
import json
import pathlib
import re
import zlib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIXTURES = ROOT / "fixtures"
SHARED_CMAPS = ROOT.parent / "shared" / "cmap-resources" / "Adobe-Japan1-7" / "CMap"
MAX_PDF = 100_000  # bytes: larger seeds slow every execution down
NOTATIONS = [
    "15.3 万人", "6,451,100 千円", "△198 人", "▲198人", "－（H30～）", "300 人/年度（H30～32 年度）",
    "政令市 4位", "⇒5位以内", "累計 4件", "調査中", "H28.4.18", "平成28年4月18日", "R2/4/1",
    "H27～31年度", "H27～R1", "R3～R6年度累計", "平成二十八年", "R元年", "H33年度", "令和0年",
    "H999", "①若者の就職支援", "Ⅳ 基本目標", "（ⅰ）", "(1)", "基本目標１", "第２章",
    "577 人（H26 年度）", "ＫＰＩ３１", "ｶﾅ", "州 市 学 園 祭", "in Tokyo", "12,345,678,901,234,567,890,123,456,789,012人",
]


def write(directory, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def streams(pdf):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        raw = match.group(1)
        try:
            yield zlib.decompress(raw)
        except zlib.error:
            yield raw


def main():
    pdfs = sorted(FIXTURES.glob("*.pdf")) + sorted((FIXTURES / "corpus").glob("*.pdf"))
    for pdf in pdfs:
        data = pdf.read_bytes()
        if len(data) <= MAX_PDF:
            write(FUZZ / "corpus" / "pipeline", data)
        for stream in streams(data):
            if b"begincmap" in stream and len(stream) <= MAX_PDF:
                write(FUZZ / "corpus" / "cmap", stream)
    if SHARED_CMAPS.is_dir():
        for cmap in sorted(SHARED_CMAPS.iterdir()):
            data = cmap.read_bytes()
            if len(data) <= MAX_PDF:
                write(FUZZ / "corpus" / "cmap", data)
    texts = set(NOTATIONS)
    for expected in FIXTURES.glob("*.expected.json"):
        for program in json.loads(expected.read_text())["programs"]:
            for key in ("name", "summary", "measure"):
                if program.get(key):
                    texts.add(program[key])
            for kpi in program["kpis"]:
                if kpi.get("indicator"):
                    texts.add(kpi["indicator"])
    for reference in (FIXTURES / "corpus").glob("*.pdftotext.txt"):
        for line in reference.read_text(errors="replace").splitlines()[:200]:
            if line.strip():
                texts.add(line)
    for text in sorted(texts):
        write(FUZZ / "corpus" / "normalize", text.encode())
    for target in ("pipeline", "cmap", "normalize"):
        count = len(list((FUZZ / "corpus" / target).glob("*")))
        print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
