"""tests/corpus/README.md: what the corpus is, how it is rebuilt, the documents it is modelled on and
a table of every file. Written by scripts/make_corpus.py from the blocs' data and answer keys."""

from __future__ import annotations

WRITERS = {
    "openpyxl": "openpyxl (.xlsx)",
    "xlwt": "xlwt (.xls, BIFF8)",
    "lo-ods": "LibreOffice (.ods, from an openpyxl file)",
    "lo-xls": "LibreOffice (.xls, from an openpyxl file)",
    "thidua": "thidua convert (.xlsx by rust_xlsxwriter, from an xlwt .xls)",
}
ENCODINGS = {"tcvn3": "TCVN3", "vni": "VNI-Windows", "nfd": "Unicode NFD"}

INTRO = """\
# Layout corpus

Eight emulation blocs (khối, cụm thi đua), one per published scoring document, each with its rules file,
the self-scoring workbooks its member units sent — laid out the many ways real units lay them out, written
by independent tools — and an answer key computed from the values written into the cells.

    python3 scripts/make_corpus.py          # rebuild every file (same bytes on a rebuild)
    python3 scripts/make_corpus.py --check  # rebuild, then read every file back and compare every cell

Needs Python 3.11+ with openpyxl, xlwt and xlrd, LibreOffice (`soffice`, headless) and a built thidua
(`cargo build --release`, or `THIDUA=/path/to/thidua`): three units "cleaned" their legacy-encoded file with
`thidua convert` before sending it, so thidua's own writer is one of the writers. `--check` also needs the
independent decoders of legacy text used by `scripts/make_samples.py --check`: GNU recode
(`apt-get install recode`) and viparse (`pip install viparse==0.1.31`). It reads every .xlsx with openpyxl,
every .xls with xlrd, every .ods through LibreOffice (→ .xlsx) and openpyxl, decodes TCVN3 with viparse,
VNI with `recode VNI..UTF-8` (and re-encodes with recode as a second oracle) and NFD with NFC, and
compares every cell of every sheet with the grid that was meant to be written (formulas by the values
LibreOffice saved with them); it also checks the saved dates of .xlsx/.ods files.

The generator is `scripts/make_corpus.py`; the layout engine, model, writers and checks are
`scripts/corpus_layout.py`, `corpus_forms.py`, `corpus_model.py`, `corpus_write.py`, `corpus_check.py`, and
each bloc is one module (`scripts/corpus_<bloc>.py`) holding its rules, units, submissions and forms. The
TCVN3/VNI encoders, the read-back and the legacy decoders are imported from `scripts/make_samples.py`, the
sheet model and writers from `scripts/sheetkit.py`, the criteria tree from `scripts/fixture_rules.py`.
`python3 scripts/corpus_compare.py [BLOC…]` runs `thidua check --json` on each bloc and lists every
difference from its answer key (scores, totals, ranks, awards, and per file the errors and warnings);
`tests/corpus.rs` makes the same comparison in `cargo test`.

## The answer key (`<bloc>/expected.json`)

Computed by `scripts/corpus_model.py` from the values the generator writes, following the README of thidua
("How totals are computed", "Ranking") and the corpus spec — never from thidua's output:

- a leaf counts its value clamped to 0..max (a value typed as text, "8,5", counts 8,5; a deduction counts its
  amount whatever the sign typed, clamped to its line's max); a missing or non-numeric value counts 0; a value
  outside `levels` counts as written;
- parents are the sums of what their children count; bonus and deduction sections are capped at their max;
- two criteria typed on one row: the first carries the value (clamped to the sum of their maxima), the others
  are present with `null` and count 0; a deleted row is absent from `scores` and counts 0;
- `self_total` from the self scores, `total` from the reviewed score where the reviewed column is filled, else
  the self score; never clamped to the scale;
- ranking by `total`, then the rules' `tie_break` criteria, equal units sharing a rank; awards in rules order to
  the best-ranked eligible units (no tie falls at a cut-off);
- duplicates: identical cells → the first file in name order is used (an info `duplicate-unit` on the other);
  different cells → the newer saved date, then the name that says it is a revision ("sửa", "lần N", "vN"…),
  with a warning `duplicate-unit` on the file not used.

```
{ "bloc": "<name in the rules>",
  "units": { "<ID>": { "status", "file", "self_total", "total", "rank", "award", "disqualified",
                      "scores": { "<code>": { "self", "reviewed" } } } },
  "files": { "<file>": { "unit", "used", "clean",
                         "issues": [ { "code", "severity", "sheet", "cell", "criterion" } ],  // all errors, warnings
                         "info": [ { "code", "cell" } ],                                      // infos that must appear
                         "notes": [ { "criterion", "column", "text" } ],                      // evidence and note texts
                         "features": [ "layout features of the file" ] } } }
```

Subtotals and totals written in the sheets are each unit's own arithmetic on the numbers it typed (so a
score over its maximum is in them as typed); only the planted ones are wrong. Every score leaf is filled in
every file (an empty score cell is an error); bonus and deduction lines a unit does not claim are left empty.
Unit names, places, dates and signers are plausible but invented; awards and their thresholds are assumed
(none of the documents gives them).
"""

DOCS_NOTE = """\
Where a document's parent maximum is larger than the children that could be read, the corpus uses only
what was read and the parent's maximum becomes the sum of those children (the rules file requires it):
dongthap-hnd (TIÊU CHÍ 1: 9,5 read of the printed 19,5), honquan-doan-hcsn (part I: 30 read of the printed
40), hcm-khuyenhoc (Nội dung 2: 10 read of the printed 30), hcm-tdkt (items 01–07: 90; item 08 unread, so the
scale is 90). The bonus and deduction sections of honquan-doan-hcsn and hcm-khuyenhoc are the typical lines
of the project's domain notes (bloc head +3, deputy +2, an initiative +1, capped; −0,5 per late report, a
disciplined collective up to −5, capped), not taken from their documents; tiengiang-tnmt's come from its
document's "Thưởng"/"Trừ" columns (the section caps 9,5 and 10 are the corpus's), hcm-tdkt's from s02 (cap 15
stated by the corpus). quangtri-congan-cum, dongthap-hnd, taynguyen-lmhtx and budang-doan have none, as
their documents show none.

Two more notes lent layout features only: n01 (Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam, Hướng dẫn
82/HD-MTTW-BTT, 2017; <https://mattran.danang.gov.vn/62-20-4487/defalt.aspx>; only the opening was readable)
for maxima written in parentheses after a heading ("(20 điểm)") with "-" sub-items (hcm-khuyenhoc's titles);
g03 (Thành đoàn Hải Phòng, 2026; <https://github.com/luonghaianh1208/banphongtraotdhp/blob/319dcd85d5f0e5d1c1a919ed88f697d6083b7a90/src/utils/exportExcel.js>,
<https://github.com/luonghaianh1208/banphongtraotdhp/blob/319dcd85d5f0e5d1c1a919ed88f697d6083b7a90/src/utils/constants.js>;
only the frame was readable) for an evidence column ("Minh chứng") beside the score and scoring notes inside
cells ("- Có quyết định: 03 điểm"-style levels, as in budang-doan's conditions). g04 (Thống kê Hưng Yên) was not
used: its data are simulated by an application, not a document.
"""


def _doc_section(bloc_id: str, d: dict) -> str:
    lines = [f"### {d['id']} → `{bloc_id}`", ""]
    lines.append(f"- Issuer: {d['issuer']}" + (f"; year {d['year']}." if d.get("year") else "."))
    lines.append("- Addresses: " + ", ".join(f"<{a}>" for a in d["addresses"]))
    lines.append(f"- Research note: `documents/{d['file']}` (what could be read of it; titles paraphrased).")
    lines.append(f"- Readable: {d['readable']}.")
    lines.append(f"- Gave the corpus: {d['gave']}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|")


def _issue_text(i: dict) -> str:
    where = ", ".join(x for x in (f"cell {i['cell']}" if i["cell"] else None,
                                  f"criterion {i['criterion']}" if i["criterion"] else None) if x)
    return f"`{i['code']}`" + (f" ({where})" if where else "")


def readme(entries: list) -> str:
    """entries: (module, bloc, expected) per bloc, in corpus order."""
    out = [INTRO, "## The documents", ""]
    for mod, b, _ in entries:
        docs = getattr(mod, "DOCS", None) or [mod.DOC]
        for d in docs:
            out.append(_doc_section(b.id, d))
    out.append(DOCS_NOTE)
    out += ["## The blocs", "",
            "| bloc | document | units (submitted / members) | scale | bonus / deduction |",
            "|---|---|---|---|---|"]
    for mod, b, exp in entries:
        n_ok = sum(1 for u in exp["units"].values() if u["status"] == "ok")
        scale = b.rules["bloc"].get("scale", "—")
        extra = ", ".join(f"{b.tree.by_code[s]['title']} (cap {b.tree.by_code[s]['max']})"
                          for s in b.sections("bonus") + b.sections("deduction")) or "none"
        out.append(f"| `{b.id}` | {b.doc} | {n_ok} / {len(exp['units'])} | {scale} | {extra} |")
    out += ["", "## Every file", "",
            "| bloc | file | unit | writer / format | layout features | planted mistakes (expected issues) |",
            "|---|---|---|---|---|---|"]
    for mod, b, exp in entries:
        for sub in sorted(b.subs, key=lambda s: s.file):
            f = exp["files"][sub.file]
            writer = WRITERS[sub.writer]
            if sub.encoding:
                writer += f", {ENCODINGS[sub.encoding]}" + (" source" if sub.writer == "thidua" else "")
            issues = "; ".join(_issue_text(i) for i in f["issues"]) or "—"
            if not f["used"]:
                issues += " (file not used)"
            feats = "; ".join(f["features"])
            out.append("| " + " | ".join(_cell(x) for x in (f"`{b.id}`", sub.file, sub.unit, writer, feats, issues))
                       + " |")
    out += ["", "## Expected ranking", ""]
    for mod, b, exp in entries:
        out.append(f"**{b.id}** — {exp['bloc']}, {b.year}:")
        out.append("")
        ranked = sorted((u for u in exp["units"].items() if u[1]["rank"]), key=lambda x: x[1]["rank"])
        for uid, u in ranked:
            extra = f" (self {u['self_total']})" if u["self_total"] != u["total"] else ""
            out.append(f"- rank {u['rank']}: {b.units[uid]['name']}, {u['total']}{extra}"
                       + (f" — {u['award']}" if u["award"] else ""))
        missing = [b.units[uid]["name"] for uid, u in exp["units"].items() if u["status"] == "missing"]
        if missing:
            out.append(f"- not submitted: {', '.join(missing)}")
        out.append("")
    return "\n".join(out)
