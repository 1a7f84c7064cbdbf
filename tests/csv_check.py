#!/usr/bin/env python3
"""Parses CSV files with Python's own csv module: an independent reader for csv_test.cpp.

usage: csv_check.py [--delimiter D] FILE...

For each FILE it prints, one item per line:

    file NAME
    bom 0|1                 the file starts with a UTF-8 byte order mark
    crlf 0|1                every record ends in \\r\\n (line breaks inside quoted fields aside)
    rows N
    row xHEX xHEX ...       one line per record; each field is 'x' + its UTF-8 bytes in hex
    end

Hex keeps every byte (commas, quotes, CR, LF, Cyrillic) unambiguous for the C++ side to decode.
Exit status 1 when a file is not strict RFC 4180 CSV or not UTF-8 (the reason goes to stderr).
"""
import argparse
import csv
import io
import sys

BOM = b"\xef\xbb\xbf"


def records_end_in_crlf(text):
    """True when every record terminator outside quotes is \\r\\n (a bare \\n or \\r is not)."""
    quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted  # a doubled quote toggles twice: no change
        elif not quoted and c == "\r":
            if text[i + 1:i + 2] != "\n":
                return False
            i += 1
        elif not quoted and c == "\n":
            return False
        i += 1
    return text.endswith("\r\n") or text == ""


def check(path, delimiter):
    data = open(path, "rb").read()
    bom = data.startswith(BOM)
    if bom:
        data = data[len(BOM):]
    text = data.decode("utf-8")  # raises on invalid UTF-8
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=True)
    rows = [row for row in reader if row]  # csv yields [] for a blank line
    print("file", path)
    print("bom", int(bom))
    print("crlf", int(records_end_in_crlf(text)))
    print("rows", len(rows))
    for row in rows:
        print("row", " ".join("x" + field.encode("utf-8").hex() for field in row))
    print("end")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delimiter", default=",", help="field delimiter (default ',')")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args()
    if len(args.delimiter) != 1:
        parser.error("--delimiter takes one character")
    for path in args.files:
        try:
            check(path, args.delimiter)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            print(f"{path}: error: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
