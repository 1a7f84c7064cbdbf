#!/usr/bin/env python3
"""report_test.py — `workshop report` and `workshop export --xlsx` on a hand-computed session.

session.toml, ballots.csv and ideas.csv hold 8 visits; v8 is voided here (a row in `voids`,
as the facilitator's undo makes). Every expected number below is worked out in the comments.
Python stdlib only, plus poppler-utils (pdfinfo, pdffonts, pdftotext).

Usage: report_test.py --cli PATH CHECK   (CHECK: pdf, png, xlsx, xlsx-libreoffice, usage)
"""
import csv
import os
import re
import sqlite3
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = "workshop"
FAILURES = []

# Visits (role, language, kiosk):
#   v1 gemeente nl, v2 gemeente nl, v3 gemeente en, v4 nieuwkomer uk  (kiosk-bibliotheek)
#   v5 nieuwkomer uk, v6 school uk, v7 no role en, v8 gemeente nl      (kiosk-stadhuis); v8 voided.
# min_group_size = 3: gemeente (3) is shown alone; nieuwkomer 2 + school 1 + no role 1 = 4 merge
# into "other groups"; in the order steps only v1-v5 vote: nieuwkomer (2) alone would be the
# totals minus gemeente, so gemeente joins it and the one group, all 5, is left out of the PDF
# (it would repeat the totals) and is the workbook's one "other groups" row.
#
# themes (dot vote): housing 3+1+2+1 = 7, work 2+1+3+1 = 7, language 1+1+3+1 = 6 (v8's 3 for work
#   is void) -> housing 1=, work 1=, language 3.  gemeente: housing 4, work 3, language 2.
#   other groups (v4-v7): work 4, language 4, housing 3.
# agenda (Borda, 3 options: 2/1/0 points): a = 2+2+1+1+2 = 8, c = 2+2+2 = 6, b = 1+2+1 = 4;
#   first choices a 3 (v1 v2 v7), c 3 (v4 v5 v6), b 1 (v3).
# order (Schulze) and order_borda (Borda), same ballots: 3 x a>b>c, 2 x b>c>a.
#   Schulze: d(a,b) 3:2, d(a,c) 3:2, d(b,c) 5:0 -> a beats 2, b 1, c 0.
#   Borda: a 3*2 = 6, b 3*1 + 2*2 = 7, c 2*1 = 2 -> b wins: the methods disagree.
# ideas: i1 4 (v1 v2 v5 v7), i3 3 (v1 v4 v5), i2 2 (v3 v6); i4 is hidden (its text never shows).
EXPECTED_RESULTS = {  # step -> [(option, score, position)] in result order
    "themes": [("housing", 7, 1), ("work", 7, 1), ("language", 6, 3)],
    "agenda": [("a", 8, 1), ("c", 6, 2), ("b", 4, 3)],
    "order": [("a", 2, 1), ("b", 1, 2), ("c", 0, 3)],
    "order_borda": [("b", 7, 1), ("a", 6, 2), ("c", 2, 3)],
    "ideas": [("i1", 4, 1), ("i3", 3, 2), ("i2", 2, 3)],
}
BALLOTS = {"themes": 7, "agenda": 7, "order": 5, "order_borda": 5, "ideas": 7}


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return condition


def run(*args, expect=0):
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    check(proc.returncode == expect, f"`workshop {' '.join(args)}` exited {proc.returncode}, expected {expect}\n"
                                     f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def make_session(tmp):
    os.makedirs(tmp, exist_ok=True)
    db = os.path.join(tmp, "t.db")
    run("import", "--db", db, "--scenario", os.path.join(HERE, "session.toml"),
        os.path.join(HERE, "ballots.csv"), os.path.join(HERE, "ideas.csv"))
    con = sqlite3.connect(db)
    con.execute("INSERT INTO voids (ballot, voided_by, voided_at, reason) SELECT id, 'test', "
                "'2026-05-01T11:00:00Z', 'test' FROM ballots WHERE visit = 'v8'")
    con.commit()
    con.close()
    return db


def tool(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# --- PDF ---------------------------------------------------------------------------------------

def section(text, start, end=None):
    """The text from the line `start` up to `end` (exclusive)."""
    i = text.find(start)
    check(i >= 0, f"the report has {start!r}")
    j = text.find(end, i + len(start)) if end else len(text)
    return text[i:j if j >= 0 else len(text)]


def rows_in_order(text, rows, what):
    """Each row (a regular expression) is found on a line, in this order."""
    at = 0
    for row in rows:
        m = re.compile(row, re.M).search(text, at)
        if not check(m is not None, f"{what}: {row!r} after position {at} in\n{text}"):
            return
        at = m.end()


def check_pdf(tmp):
    db = make_session(tmp)
    pdf = os.path.join(tmp, "uk.pdf")
    out = run("report", "--db", db, "--lang", "uk", "--out", pdf)
    check(f"wrote {pdf}" in out.stdout, "report says what it wrote")
    info = tool("pdfinfo", pdf)
    check("595.276 x 841.89 pts (A4)" in info, "A4 pages:\n" + info)
    # Page 1: the front matter and themes; 2: agenda (order's chart with its pairwise table does
    # not fit below it and is never split); 3: order and order_borda (neither has groups to show
    # beside its totals); 4: ideas.
    check(re.search(r"^Pages:\s+4$", info, re.M), "4 pages:\n" + info)
    pages = tool("pdftotext", "-layout", pdf, "-").split("\f")
    for page, heads in enumerate([["Теми"], ["Порядок денний"], ["Порядок за Шульце", "Хто кого перемагає", "Порядок за Бордою"],
                                  ["Ідеї\n"]]):
        for head in heads:
            check(len(pages) > page and head in pages[page], f"page {page + 1} holds {head!r}")
    fonts = tool("pdffonts", pdf).splitlines()[2:]
    check(fonts and all(re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", f) for f in fonts), "every font embedded:\n" + "\n".join(fonts))
    text = tool("pdftotext", "-layout", pdf, "-")

    front = section(text, "Тестовий звіт", "Теми")
    rows_in_order(front, [r"Дата\s+2026-05-01", r"Місце \(кіоски\)\s+kiosk-bibliotheek, kiosk-stadhuis",
                          r"Відвідування\s+7$", r"Муніципалітет: 3", r"Новоприбулий: 2", r"Мовна школа: 1",
                          r"Роботодавець: 0", r"групу не вказано: 1", r"English: 2", r"Nederlands: 2",
                          r"Українська: 3", r"Сценарій: report-test", r"SHA-256 файлу сценарію: [0-9a-f]{64}"],
                  "front matter")

    themes = section(text, "Теми\n", "Порядок денний")
    rows_in_order(themes, [r"бюлетенів: 7", r"^1=\s+Житло\s+крапок: 7$", r"^1=\s+Робота\s+крапок: 7$",
                           r"^3\s+Мова\s+крапок: 6$", r"= нарівні", r"усього 3",
                           r"За групами", r"Муніципалітет\s+Інші групи \(Новоприбулий, Мовна школа,",
                           r"бюлетенів: 3", r"групу не вказано\)", r"1 Житло\s+4\s+бюлетенів: 4",
                           r"2 Робота\s+3\s+1= Робота\s+4", r"3 Мова\s+2\s+1= Мова\s+4", r"3 Житло\s+3",
                           r"скасовані ведучим \(не враховано\): 1"], "themes")
    check("Ідеї, приховані" not in themes, "no hidden-ideas line for a step that collects none")

    agenda = section(text, "Порядок денний", "Порядок за Шульце")
    rows_in_order(agenda, [r"^1\s+Альфа\s+балів: 8 · 3× перше$", r"^2\s+Чарлі\s+балів: 6 · 3× перше$",
                           r"^3\s+Браво\s+балів: 4 · 1× перше$", r"Борда", r"перше місце дає 2 б\.",
                           r"1 Альфа\s+5", r"2 Браво\s+3\s+1 Чарлі\s+6", r"3 Чарлі\s+0\s+2 Альфа\s+3", r"3 Браво\s+1"],
                  "agenda")
    check("= нарівні" not in agenda, "no tie legend without ties")

    order = section(text, "Порядок за Шульце", "Порядок за Бордою")
    rows_in_order(order, [r"бюлетенів: 5", r"^1\s+Альфа\s+перемагає 2 · 3× перше$", r"^2\s+Браво\s+перемагає 1 · 2× перше$",
                          r"^3\s+Чарлі\s+перемагає 0 · 0× перше$", r"Шульце", r"^\s+1\s+2\s+3$",
                          r"^\s+3\s+3$", r"^\s+2\s+5$", r"^\s+2\s+0$",  # the heat table's cells, row by row
                          r"Альфа перемагає Браво \(3 проти 2\)", r"Альфа перемагає Чарлі \(3 проти 2\)",
                          r"Браво перемагає Чарлі \(5 проти 0\)", r"Чарлі не перемагає жодного",
                          r"не враховано\): 0"], "order")
    check("Новоприбулий" not in order and "Муніципалітет" not in order and "Інші групи" not in order,
          "a group of 2 under min_group_size 3 is hidden, and so is the group of 3 beside the totals:\n" + order)

    borda = section(text, "Порядок за Бордою", "Ідеї\n")
    rows_in_order(borda, [r"^1\s+Браво\s+балів: 7 · 2× перше$", r"^2\s+Альфа\s+балів: 6 · 3× перше$",
                          r"^3\s+Чарлі\s+балів: 2 · 0× перше$"], "order_borda")
    check("Муніципалітет" not in borda, "no group beside the Borda totals either:\n" + borda)

    ideas = section(text, "Ідеї\n")
    rows_in_order(ideas, [r"^1\s+Meer taalcafés in de wijk\s+голосів: 4$",
                          r"^2\s+Безкоштовний транспорт до мовної школи\s+голосів: 3$",
                          r"^3\s+=SUM\(1,2\) als formule\s+голосів: 2$", r"Ідеї, приховані ведучим: 1",
                          r"не враховано\): 1"], "ideas")
    check("GEHEIM" not in text, "a hidden idea's text never shows")
    sha = re.search(r"SHA-256 файлу сценарію: ([0-9a-f]{64})", text)
    con = sqlite3.connect(db)
    check(sha and sha.group(1) == con.execute("SELECT scenario_sha256 FROM sessions").fetchone()[0], "the scenario's SHA-256")

    # English: the report's words and the scenario's texts; a long label wraps, nothing is lost.
    en = os.path.join(tmp, "en.pdf")
    run("report", "--db", db, "--lang", "en", "--out", en)
    text_en = tool("pdftotext", "-layout", en, "-")
    rows_in_order(text_en, [r"Report test", r"Visits per group", r"Municipality: 3", r"Themes", r"^1=\s+Housing\s+7 dots$",
                            r"Agenda", r"^2\s+A very long label for the third\s+6 points · 3× first$",
                            r"^\s+action that has to wrap over more$", r"^\s+than one line in the report$", r"Other groups \(Newcomer, Language school,",
                            r"Ideas hidden by the facilitator: 1"], "English report")
    # A language without the report's own words: English words, the scenario's default (nl) texts.
    fr = os.path.join(tmp, "fr.pdf")
    run("report", "--db", db, "--lang", "fr", "--out", fr)
    text_fr = tool("pdftotext", "-layout", fr, "-")
    rows_in_order(text_fr, [r"Rapporttest", r"Visits per group", r"Gemeente: 3", r"Thema's", r"^1=\s+Huisvesting\s+7 dots$"],
                  "fallback report")


# --- PNG ---------------------------------------------------------------------------------------

def read_png(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is a PNG")
    pos, idat, w, h, kind = 8, b"", 0, 0, 2
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            w, h, depth, kind = struct.unpack(">IIBB", body[:10])
            check(depth == 8 and kind in (2, 6), f"{path}: 8-bit RGB(A)")
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if kind == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[i] for i in range(stride) if i % bpp < 3) if bpp == 4 else bytes(line))
        prev = line
    return w, h, rows


def bar_lengths(rows):
    """Lengths of the accent-coloured bars (#2f6db5), top to bottom."""
    accent = bytes((0x2f, 0x6d, 0xb5))
    bands, current = [], None
    for row in rows:
        n = sum(1 for x in range(0, len(row), 3) if row[x:x + 3] == accent)
        if n:
            current = max(current or 0, n)
        elif current:
            bands.append(current)
            current = None
    return bands


def check_png(tmp):
    db = make_session(tmp)
    out_dir = os.path.join(tmp, "png")
    run("report", "--db", db, "--out", os.path.join(tmp, "r.pdf"), "--png", out_dir)
    for step, expected in EXPECTED_RESULTS.items():
        for suffix, size in (("wide", (1920, 1080)), ("square", (1080, 1080))):
            path = os.path.join(out_dir, f"{step}-{suffix}.png")
            if not check(os.path.exists(path), f"{path} written"):
                continue
            w, h, rows = read_png(path)
            check((w, h) == size, f"{path}: {w}x{h}, expected {size}")
            # Bars top to bottom in result order (the rows' labels), each as long as its score
            # relative to the top score, within 2 pixels (a score of 0 draws no bar).
            lengths = bar_lengths(rows)
            scores = [score for _, score, _ in expected if score > 0]
            if check(len(lengths) == len(scores), f"{path}: {len(lengths)} bars {lengths}, expected {len(scores)}"):
                for length, score in zip(lengths, scores):
                    check(abs(length - lengths[0] * score / scores[0]) <= 2,
                          f"{path}: bar {length} px for score {score} (top {scores[0]} = {lengths[0]} px)")


# --- workbook ----------------------------------------------------------------------------------

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def column_index(letters):
    """"A" -> 0, "Z" -> 25, "AA" -> 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


BALLOT_COLUMNS = ["ballot", "role", "lang", "cast_at", "kiosk"]


def ballots_in_sheets(sheets):
    """Every "ballots STEP" sheet's rows as ((ballot, step, role, lang, cast_at, kiosk), {option: value}),
    in tab and row order; the marks from the option columns (numbers only) and from "other marks"."""
    out = []
    for name, (rows, xml, _) in sheets.items():
        if not name.startswith("ballots "):
            continue
        step = re.sub(r"~\d+$", "", name[len("ballots "):])
        header = [v for _, v in rows[0]]
        check(header[:5] == BALLOT_COLUMNS and header[-1] == "other marks", f"{name}: header {header}")
        check('state="frozen"' in xml and 'ySplit="1"' in xml, f"{name}: the header row is frozen")
        for row in rows[1:]:
            row = row + [("empty", "")] * (len(header) - len(row))
            marks = {}
            for (kind, value), option in zip(row[5:-1], header[5:-1]):
                if kind != "empty":
                    check(kind == "number", f"{name}: the mark for {option} is a number: {row}")
                    marks[option] = int(value)
            for other in filter(None, row[-1][1].split("; ")):
                option, value = other.rsplit("=", 1)
                marks[option] = int(value)
            out.append(((row[0][1], step, *(v for _, v in row[1:5])), marks))
    return out


def ballots_in_csv(path):
    """ballots.csv's rows, a ballot's consecutive marks together, in the same form."""
    out = []
    for r in csv.DictReader(open(path, encoding="utf-8")):
        ballot = (r["ballot"], r["step"], r["role"], r["lang"], r["cast_at"], r["kiosk"])
        if not out or out[-1][0] != ballot:
            out.append((ballot, {}))
        out[-1][1][r["option"]] = int(r["value"])
    return out


def read_workbook(path):
    """{sheet name: (rows of cells as (type, value), the sheet's XML text, its rels text)}."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(f"{REL}Relationship")}
    sheets = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).iter(f"{{{NS['m']}}}sheet"):
        target = "xl/" + rels[s.get(f"{{{NS['r']}}}id")]
        xml = z.read(target).decode()
        rels_path = target.replace("worksheets/", "worksheets/_rels/") + ".rels"
        sheet_rels = z.read(rels_path).decode() if rels_path in z.namelist() else ""
        rows = []
        for row in ET.fromstring(xml).iter(f"{{{NS['m']}}}row"):
            cells = {}
            col = -1
            for c in row.findall("m:c", NS):
                # A cell without a reference is the one after the previous (ECMA-376 18.3.1.4),
                # as the ballots sheets write every cell that follows its neighbour.
                col = column_index(re.match(r"[A-Z]+", c.get("r")).group(0)) if c.get("r") else col + 1
                kind = c.get("t", "n")
                if c.find("m:f", NS) is not None:
                    cells[col] = ("formula", c.find("m:f", NS).text)
                elif kind == "n" and c.find("m:v", NS) is None:
                    continue  # a blank cell
                elif kind == "s":
                    cells[col] = ("text", shared[int(c.find("m:v", NS).text)])
                elif kind == "inlineStr":
                    cells[col] = ("text", "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")))
                else:
                    cells[col] = ("number", float(c.find("m:v", NS).text))
            width = max((k + 1 for k in cells), default=0)
            rows.append([cells.get(i, ("empty", "")) for i in range(width)])
        sheets[s.get("name")] = (rows, xml, sheet_rels)
    return sheets, z.namelist()


def check_xlsx(tmp):
    db = make_session(tmp)
    book, out_dir = os.path.join(tmp, "results.xlsx"), os.path.join(tmp, "csv")
    proc = run("export", "--db", db, "--xlsx", book, "--out", out_dir)
    check(f"wrote {book}" in proc.stdout and "results.csv" in proc.stdout, "export says what it wrote")
    sheets, names = read_workbook(book)
    steps = ["themes", "agenda", "order", "order_borda", "ideas"]
    check(list(sheets) == steps + ["per group", "all ideas"] + ["ballots " + s for s in steps],
          f"sheet names: {list(sheets)}")
    results = list(csv.DictReader(open(os.path.join(out_dir, "results.csv"), encoding="utf-8")))
    for step, expected in EXPECTED_RESULTS.items():
        rows, xml, rels = sheets[step]
        check(rows[0][:5] == [("text", h) for h in ("position", "option", "label", "score", "ballots")], f"{step}: header {rows[0]}")
        got = [(r[1][1], r[3][1], r[0][1], r[4][1]) for r in rows[1:]]
        check(all(r[0][0] == r[3][0] == r[4][0] == "number" for r in rows[1:]), f"{step}: numbers are numbers")
        check(got == [(o, s, p, BALLOTS[step]) for o, s, p in expected], f"{step}: {got}")
        csv_rows = [(r["option"], float(r["score"]), float(r["position"]), float(r["ballots"])) for r in results if r["step"] == step]
        check(got == csv_rows, f"{step}: workbook {got} equals results.csv {csv_rows}")
        check('state="frozen"' in xml and 'ySplit="1"' in xml, f"{step}: the header row is frozen")
        drawing = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', rels)
        if check(drawing, f"{step}: the sheet has a drawing"):
            drels = zipfile.ZipFile(book).read(f"xl/drawings/_rels/{drawing.group(1)}.rels").decode()
            chart = re.search(r'Target="\.\./charts/(chart\d+\.xml)"', drels)
            check(chart and f"xl/charts/{chart.group(1)}" in names and
                  "<c:barChart>" in zipfile.ZipFile(book).read(f"xl/charts/{chart.group(1)}").decode(),
                  f"{step}: a native bar chart")
    # Ranking sheets add first choices: agenda a 3, c 3, b 1.
    check([r[5] for r in sheets["agenda"][0][1:]] == [("number", 3.0)] * 2 + [("number", 1.0)], "agenda first choices")
    # Per group: only groups min_group_size allows; order's nieuwkomer (2 ballots) never appears
    # alone, nor does gemeente beside it (the totals minus gemeente would be nieuwkomer).
    per_group = sheets["per group"][0]
    groups = {(r[0][1], r[1][1], r[2][1]) for r in per_group[1:]}
    check(groups == {(s, "gemeente", 3.0) for s in ("themes", "agenda", "ideas")} |
          {(s, "(other groups) nieuwkomer, school, (no role)", 4.0) for s in ("themes", "agenda", "ideas")} |
          {(s, "(other groups) gemeente, nieuwkomer", 5.0) for s in ("order", "order_borda")},
          f"per-group sheet groups: {sorted(groups)}")
    themes_others = [(r[3][1], r[5][1]) for r in per_group if r[0][1] == "themes" and r[1][1].startswith("(other")]
    check(themes_others == [("work", 4.0), ("language", 4.0), ("housing", 3.0)], f"themes other groups {themes_others}")
    # Ideas: every idea as ideas.csv has them; a formula-looking text is a string, not a formula.
    ideas = sheets["all ideas"][0]
    formula = [r for r in ideas if r[2][1] == "i2"]
    check(formula and formula[0][3] == ("text", "=SUM(1,2) als formule"), f"formula-looking idea stored as text: {formula}")
    check([r[6][1] for r in ideas[1:]] == [0.0, 0.0, 0.0, 1.0], "hidden flags")
    for name, (rows, xml, _) in sheets.items():
        check("<f>" not in xml and not any(c[0] == "formula" for r in rows for c in r), f"{name}: no formula anywhere")
    # Ballots: a row per ballot, a column per option (an idea vote's: every idea, the hidden i4
    # too); together the marks of ballots.csv, ballot by ballot in its order, numbers as numbers.
    check([v for _, v in sheets["ballots themes"][0][0]] == BALLOT_COLUMNS + ["housing", "work", "language", "other marks"],
          f"themes ballots header {sheets['ballots themes'][0][0]}")
    check([v for _, v in sheets["ballots ideas"][0][0]] == BALLOT_COLUMNS + ["i1", "i2", "i3", "i4", "other marks"],
          f"ideas ballots header {sheets['ballots ideas'][0][0]}")
    listed = ballots_in_sheets(sheets)
    check(listed == ballots_in_csv(os.path.join(out_dir, "ballots.csv")),
          f"the ballots sheets hold ballots.csv's marks in its order: {listed}")
    check(len(listed) == sum(BALLOTS.values()), f"31 ballots (v8's are void): {len(listed)}")
    check(sum(len(m) for _, m in listed) == 65, "65 marks (69 less v8's 4)")
    # A mark for an option the scenario does not list (a file edited after the session) is not
    # dropped: it is in "other marks", as ballots.csv lists it.
    odd = make_session(os.path.join(tmp, "odd"))
    con = sqlite3.connect(odd)
    con.execute("INSERT INTO marks (ballot, seq, option, value) SELECT id, 99, 'retired', 2 FROM ballots "
                "WHERE visit = 'v1' AND step = 'themes'")
    con.commit()
    con.close()
    run("export", "--db", odd, "--xlsx", os.path.join(tmp, "odd.xlsx"), "--out", os.path.join(tmp, "odd-csv"))
    odd_listed = ballots_in_sheets(read_workbook(os.path.join(tmp, "odd.xlsx"))[0])
    check(odd_listed == ballots_in_csv(os.path.join(tmp, "odd-csv", "ballots.csv")) and
          any(m.get("retired") == 2 for _, m in odd_listed), f"an unlisted option's mark is kept: {odd_listed}")
    # Free text in a ballot's fields (an imported ballot id, a kiosk name) is stored as text,
    # escaped for XML: &, <, >, white space at the ends, Cyrillic; a control character as
    # Excel's _xHHHH_. A second mark for the same option is not dropped: it goes to "other marks".
    con = sqlite3.connect(odd)
    con.execute("INSERT INTO ballots (session, visit, step, role, lang, cast_at, kiosk, source) SELECT session, "
                "' v<2> & \"co\" ', step, role, lang, cast_at, 'кіоск\tзал\x01', source FROM ballots WHERE visit = 'v2'")
    con.execute("INSERT INTO marks (ballot, seq, option, value) SELECT n.id, m.seq, m.option, m.value FROM ballots AS o "
                "JOIN marks AS m ON m.ballot = o.id JOIN ballots AS n ON n.step = o.step AND n.visit = ' v<2> & \"co\" ' "
                "WHERE o.visit = 'v2'")
    con.execute("INSERT INTO marks (ballot, seq, option, value) SELECT id, 98, 'housing', 5 FROM ballots "
                "WHERE visit = 'v1' AND step = 'themes'")
    con.commit()
    con.close()
    run("export", "--db", odd, "--xlsx", os.path.join(tmp, "odd2.xlsx"), "--out", os.path.join(tmp, "odd2-csv"))
    odd_sheets = read_workbook(os.path.join(tmp, "odd2.xlsx"))[0]
    themes = {r[0][1]: r for r in odd_sheets["ballots themes"][0][1:]}
    check(" v<2> & \"co\" " in themes and themes[" v<2> & \"co\" "][4] == ("text", "кіоск\tзал_x0001_"),
          f"free text in the ballots sheet: {sorted(themes)}")
    check(themes["v1"][5] == ("number", 3.0) and themes["v1"][-1] == ("text", "housing=5; retired=2"),
          f"a second mark for housing is kept in other marks: {themes['v1']}")
    check(' xml:space="preserve"> v&lt;2&gt; &amp; "co" </t>' in odd_sheets["ballots themes"][1],
          "leading and trailing blanks are kept (xml:space)")
    with open(os.path.join(tmp, "odd2-csv", "ballots.csv"), encoding="utf-8") as f:
        check(sum(1 for r in csv.DictReader(f) if r["ballot"] == ' v<2> & "co" ') == 10, "the same ballot in ballots.csv")
    # The package is deflated at level 2 (minizip's flag bits 1-2 say so: 10 = fast), not 6.
    flags = {i.filename: i.flag_bits & 6 for i in zipfile.ZipFile(book).infolist()}
    check(set(flags.values()) == {4}, f"every part deflated at level 2: {flags}")
    # Without --out only the workbook is written.
    alone = os.path.join(tmp, "alone")
    os.mkdir(alone)
    run("export", "--db", db, "--xlsx", os.path.join(alone, "w.xlsx"))
    check(os.listdir(alone) == ["w.xlsx"], f"--xlsx alone writes only the workbook: {os.listdir(alone)}")


def sheets_by_libreoffice(book, out_dir):
    """{sheet name: rows of text} as LibreOffice (headless) reads the workbook and writes each
    sheet as CSV: what a facilitator's spreadsheet shows, not what our XML reader makes of it."""
    profile = "file://" + os.path.join(out_dir, "profile")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", out_dir, book], capture_output=True, check=True, timeout=600)
    stem = os.path.splitext(os.path.basename(book))[0]
    sheets = {}
    for name in os.listdir(out_dir):
        if name.startswith(stem + "-") and name.endswith(".csv"):
            with open(os.path.join(out_dir, name), encoding="utf-8", newline="") as f:
                sheets[name[len(stem) + 1:-4]] = list(csv.reader(f))
    return sheets


def check_xlsx_libreoffice(tmp):
    """The issue's own test: the workbook opened by LibreOffice holds every number of results.csv,
    ballots.csv ballot by ballot (cells without a reference and blank cells in the ballots sheets
    included) and the formula-looking idea as text. Two sessions: the hand-computed one, with a
    ballot id that needs escaping, and 300 synthetic visits whose dot votes leave gaps of up to
    five columns (cells after long gaps carry their reference)."""
    hand = make_session(os.path.join(tmp, "hand"))
    con = sqlite3.connect(hand)
    con.execute("INSERT INTO ballots (session, visit, step, role, lang, cast_at, kiosk, source) SELECT session, "
                "' v<2> & \"co\" ', step, role, lang, cast_at, 'кіоск зал', source FROM ballots WHERE visit = 'v2'")
    con.execute("INSERT INTO marks (ballot, seq, option, value) SELECT n.id, m.seq, m.option, m.value FROM ballots AS o "
                "JOIN marks AS m ON m.ballot = o.id JOIN ballots AS n ON n.step = o.step AND n.visit = ' v<2> & \"co\" ' "
                "WHERE o.visit = 'v2'")
    con.commit()
    con.close()
    synth = os.path.join(tmp, "synth.db")
    run("synth", "--db", synth, "--scenario", os.path.join(HERE, "..", "bench", "scenarios", "rows.toml"),
        "--ballots", "300", "--seed", "3")
    for name, db in (("hand", hand), ("synth", synth)):
        out = os.path.join(tmp, name + "-out")
        run("export", "--db", db, "--xlsx", os.path.join(out, name + ".xlsx"), "--out", out)
        sheets = sheets_by_libreoffice(os.path.join(out, name + ".xlsx"), os.path.join(out, "lo"))
        results = list(csv.DictReader(open(os.path.join(out, "results.csv"), encoding="utf-8")))
        for step in dict.fromkeys(r["step"] for r in results):
            got = [(r[1], float(r[3]), float(r[0]), float(r[4])) for r in sheets[step][1:]]
            expected = [(r["option"], float(r["score"]), float(r["position"]), float(r["ballots"]))
                        for r in results if r["step"] == step]
            check(got == expected, f"{name} {step}: LibreOffice reads {got}, results.csv has {expected}")
        by_step = {}  # LibreOffice names the CSV files by sheet, not in tab order
        for sheet, rows in sheets.items():
            if not sheet.startswith("ballots "):
                continue
            header = rows[0]
            for row in rows[1:]:
                row = row + [""] * (len(header) - len(row))
                marks = {option: int(value) for option, value in zip(header[5:-1], row[5:-1]) if value != ""}
                for other in filter(None, row[-1].split("; ")):
                    option, value = other.rsplit("=", 1)
                    marks[option] = int(value)
                by_step.setdefault(sheet[len("ballots "):], []).append(((row[0], sheet[len("ballots "):], *row[1:5]), marks))
        expected = ballots_in_csv(os.path.join(out, "ballots.csv"))
        listed = [ballot for step in dict.fromkeys(b[1] for b, _ in expected) for ballot in by_step.get(step, [])]
        check(listed == expected and len(listed) == (36 if name == "hand" else 600),
              f"{name}: LibreOffice reads the ballots sheets as ballots.csv ({len(listed)} against {len(expected)})")
        if name == "hand":
            ideas = sheets["all ideas"]
            check(any(r[3] == "=SUM(1,2) als formule" for r in ideas), f"the formula-looking idea is text: {ideas}")


def check_usage(tmp):
    db = make_session(tmp)
    check("--png DIR" in run("report", "--help").stdout, "report --help")
    check("--xlsx FILE.xlsx" in run("export", "--help").stdout, "export --help")
    run("report", "--db", db, expect=2)                           # no --out
    run("report", "--out", os.path.join(tmp, "x.pdf"), expect=2)  # no --db
    run("export", "--db", db, expect=2)                           # neither --out nor --xlsx
    run("report", "--db", os.path.join(tmp, "missing.db"), "--out", os.path.join(tmp, "x.pdf"), expect=2)
    run("report", "--db", db, "--session", "9", "--out", os.path.join(tmp, "x.pdf"), expect=2)
    # A folder that cannot be written: a clear message, no file, no temporary left behind.
    proc = run("report", "--db", db, "--out", os.path.join(tmp, "no", "such", "dir", "x.pdf"), expect=2)
    check("cannot write" in proc.stderr, f"unwritable path message: {proc.stderr}")
    check(not os.path.exists(os.path.join(tmp, "x.pdf")), "nothing written on a usage error")


def main():
    global CLI
    args = sys.argv[1:]
    if args[:1] == ["--cli"]:
        CLI, args = args[1], args[2:]
    checks = {"pdf": check_pdf, "png": check_png, "xlsx": check_xlsx, "xlsx-libreoffice": check_xlsx_libreoffice,
              "usage": check_usage}
    with tempfile.TemporaryDirectory() as tmp:
        checks[args[0]](tmp)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
